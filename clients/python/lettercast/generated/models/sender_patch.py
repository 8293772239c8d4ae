from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SenderPatch")


@_attrs_define
class SenderPatch:
    """
    Attributes:
        daily_limit (int | Unset):
        from_name (str | Unset):
        name (str | Unset):
        reply_to (None | str | Unset):
    """

    daily_limit: int | Unset = UNSET
    from_name: str | Unset = UNSET
    name: str | Unset = UNSET
    reply_to: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        daily_limit = self.daily_limit

        from_name = self.from_name

        name = self.name

        reply_to: None | str | Unset
        if isinstance(self.reply_to, Unset):
            reply_to = UNSET
        else:
            reply_to = self.reply_to

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if daily_limit is not UNSET:
            field_dict["daily_limit"] = daily_limit
        if from_name is not UNSET:
            field_dict["from_name"] = from_name
        if name is not UNSET:
            field_dict["name"] = name
        if reply_to is not UNSET:
            field_dict["reply_to"] = reply_to

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        daily_limit = d.pop("daily_limit", UNSET)

        from_name = d.pop("from_name", UNSET)

        name = d.pop("name", UNSET)

        def _parse_reply_to(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reply_to = _parse_reply_to(d.pop("reply_to", UNSET))

        sender_patch = cls(
            daily_limit=daily_limit,
            from_name=from_name,
            name=name,
            reply_to=reply_to,
        )

        return sender_patch
