from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ListTrigger")


@_attrs_define
class ListTrigger:
    """
    Attributes:
        list_id (str):
        type_ (Literal['list_subscribed']):
    """

    list_id: str
    type_: Literal["list_subscribed"]

    def to_dict(self) -> dict[str, Any]:
        list_id = self.list_id

        type_ = self.type_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "list_id": list_id,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        list_id = d.pop("list_id")

        type_ = cast(Literal["list_subscribed"], d.pop("type"))
        if type_ != "list_subscribed":
            raise ValueError(f"type must match const 'list_subscribed', got '{type_}'")

        list_trigger = cls(
            list_id=list_id,
            type_=type_,
        )

        return list_trigger
