from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ContactRecipients")


@_attrs_define
class ContactRecipients:
    """
    Attributes:
        contact_ids (list[str]):
        type_ (Literal['contacts']):
    """

    contact_ids: list[str]
    type_: Literal["contacts"]

    def to_dict(self) -> dict[str, Any]:
        contact_ids = self.contact_ids

        type_ = self.type_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "contact_ids": contact_ids,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        contact_ids = cast(list[str], d.pop("contact_ids"))

        type_ = cast(Literal["contacts"], d.pop("type"))
        if type_ != "contacts":
            raise ValueError(f"type must match const 'contacts', got '{type_}'")

        contact_recipients = cls(
            contact_ids=contact_ids,
            type_=type_,
        )

        return contact_recipients
