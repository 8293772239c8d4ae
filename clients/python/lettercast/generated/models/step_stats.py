from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="StepStats")


@_attrs_define
class StepStats:
    """
    Attributes:
        index (int):
        type_ (str):
        clicked (int | Unset):  Default: 0.
        failed (int | Unset):  Default: 0.
        opened (int | Unset):  Default: 0.
        reached (int | Unset):  Default: 0.
        sent (int | Unset):  Default: 0.
    """

    index: int
    type_: str
    clicked: int | Unset = 0
    failed: int | Unset = 0
    opened: int | Unset = 0
    reached: int | Unset = 0
    sent: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        type_ = self.type_

        clicked = self.clicked

        failed = self.failed

        opened = self.opened

        reached = self.reached

        sent = self.sent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "index": index,
                "type": type_,
            }
        )
        if clicked is not UNSET:
            field_dict["clicked"] = clicked
        if failed is not UNSET:
            field_dict["failed"] = failed
        if opened is not UNSET:
            field_dict["opened"] = opened
        if reached is not UNSET:
            field_dict["reached"] = reached
        if sent is not UNSET:
            field_dict["sent"] = sent

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        index = d.pop("index")

        type_ = d.pop("type")

        clicked = d.pop("clicked", UNSET)

        failed = d.pop("failed", UNSET)

        opened = d.pop("opened", UNSET)

        reached = d.pop("reached", UNSET)

        sent = d.pop("sent", UNSET)

        step_stats = cls(
            index=index,
            type_=type_,
            clicked=clicked,
            failed=failed,
            opened=opened,
            reached=reached,
            sent=sent,
        )

        step_stats.additional_properties = d
        return step_stats

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
