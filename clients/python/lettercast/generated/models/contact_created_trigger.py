from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ContactCreatedTrigger")


@_attrs_define
class ContactCreatedTrigger:
    """
    Attributes:
        type_ (Literal['contact_created']):
    """

    type_: Literal["contact_created"]

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["contact_created"], d.pop("type"))
        if type_ != "contact_created":
            raise ValueError(f"type must match const 'contact_created', got '{type_}'")

        contact_created_trigger = cls(
            type_=type_,
        )

        return contact_created_trigger
