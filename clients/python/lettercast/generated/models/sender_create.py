from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SenderCreate")


@_attrs_define
class SenderCreate:
    """
    Attributes:
        from_email (str):
        from_name (str):
        name (str):
        daily_limit (int | None | Unset): Messages per UTC day (default 10,000)
        reply_to (None | str | Unset):
    """

    from_email: str
    from_name: str
    name: str
    daily_limit: int | None | Unset = UNSET
    reply_to: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from_email = self.from_email

        from_name = self.from_name

        name = self.name

        daily_limit: int | None | Unset
        if isinstance(self.daily_limit, Unset):
            daily_limit = UNSET
        else:
            daily_limit = self.daily_limit

        reply_to: None | str | Unset
        if isinstance(self.reply_to, Unset):
            reply_to = UNSET
        else:
            reply_to = self.reply_to

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "from_email": from_email,
                "from_name": from_name,
                "name": name,
            }
        )
        if daily_limit is not UNSET:
            field_dict["daily_limit"] = daily_limit
        if reply_to is not UNSET:
            field_dict["reply_to"] = reply_to

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        from_email = d.pop("from_email")

        from_name = d.pop("from_name")

        name = d.pop("name")

        def _parse_daily_limit(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        daily_limit = _parse_daily_limit(d.pop("daily_limit", UNSET))

        def _parse_reply_to(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reply_to = _parse_reply_to(d.pop("reply_to", UNSET))

        sender_create = cls(
            from_email=from_email,
            from_name=from_name,
            name=name,
            daily_limit=daily_limit,
            reply_to=reply_to,
        )

        return sender_create
