from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UnsubscribeByLinkBody")


@_attrs_define
class UnsubscribeByLinkBody:
    """
    Attributes:
        list_unsubscribe (Literal['One-Click'] | Unset):
    """

    list_unsubscribe: Literal["One-Click"] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        list_unsubscribe = self.list_unsubscribe

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if list_unsubscribe is not UNSET:
            field_dict["List-Unsubscribe"] = list_unsubscribe

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        list_unsubscribe = cast(Literal["One-Click"] | Unset, d.pop("List-Unsubscribe", UNSET))
        if list_unsubscribe != "One-Click" and not isinstance(list_unsubscribe, Unset):
            raise ValueError(f"List-Unsubscribe must match const 'One-Click', got '{list_unsubscribe}'")

        unsubscribe_by_link_body = cls(
            list_unsubscribe=list_unsubscribe,
        )

        unsubscribe_by_link_body.additional_properties = d
        return unsubscribe_by_link_body

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
