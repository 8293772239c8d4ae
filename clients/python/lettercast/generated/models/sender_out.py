from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SenderOut")


@_attrs_define
class SenderOut:
    """
    Attributes:
        account_key (str): Public key that picks this sender in POST /v1/compose
        created_at (str):
        daily_limit (int):
        from_email (str):
        from_name (str):
        id (str):
        name (str):
        updated_at (str):
        verified (bool): Whether it may send: SES verified the address for this workspace, or the domain this workspace
            owns
        reply_to (None | str | Unset):
    """

    account_key: str
    created_at: str
    daily_limit: int
    from_email: str
    from_name: str
    id: str
    name: str
    updated_at: str
    verified: bool
    reply_to: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_key = self.account_key

        created_at = self.created_at

        daily_limit = self.daily_limit

        from_email = self.from_email

        from_name = self.from_name

        id = self.id

        name = self.name

        updated_at = self.updated_at

        verified = self.verified

        reply_to: None | str | Unset
        if isinstance(self.reply_to, Unset):
            reply_to = UNSET
        else:
            reply_to = self.reply_to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_key": account_key,
                "created_at": created_at,
                "daily_limit": daily_limit,
                "from_email": from_email,
                "from_name": from_name,
                "id": id,
                "name": name,
                "updated_at": updated_at,
                "verified": verified,
            }
        )
        if reply_to is not UNSET:
            field_dict["reply_to"] = reply_to

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        account_key = d.pop("account_key")

        created_at = d.pop("created_at")

        daily_limit = d.pop("daily_limit")

        from_email = d.pop("from_email")

        from_name = d.pop("from_name")

        id = d.pop("id")

        name = d.pop("name")

        updated_at = d.pop("updated_at")

        verified = d.pop("verified")

        def _parse_reply_to(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reply_to = _parse_reply_to(d.pop("reply_to", UNSET))

        sender_out = cls(
            account_key=account_key,
            created_at=created_at,
            daily_limit=daily_limit,
            from_email=from_email,
            from_name=from_name,
            id=id,
            name=name,
            updated_at=updated_at,
            verified=verified,
            reply_to=reply_to,
        )

        sender_out.additional_properties = d
        return sender_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
