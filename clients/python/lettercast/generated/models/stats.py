from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.step_stats import StepStats


T = TypeVar("T", bound="Stats")


@_attrs_define
class Stats:
    """
    Attributes:
        active (int | Unset):  Default: 0.
        completed (int | Unset):  Default: 0.
        entered (int | Unset):  Default: 0.
        exited (int | Unset):  Default: 0.
        steps (list[StepStats] | Unset):
    """

    active: int | Unset = 0
    completed: int | Unset = 0
    entered: int | Unset = 0
    exited: int | Unset = 0
    steps: list[StepStats] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        completed = self.completed

        entered = self.entered

        exited = self.exited

        steps: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.steps, Unset):
            steps = []
            for steps_item_data in self.steps:
                steps_item = steps_item_data.to_dict()
                steps.append(steps_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if active is not UNSET:
            field_dict["active"] = active
        if completed is not UNSET:
            field_dict["completed"] = completed
        if entered is not UNSET:
            field_dict["entered"] = entered
        if exited is not UNSET:
            field_dict["exited"] = exited
        if steps is not UNSET:
            field_dict["steps"] = steps

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.step_stats import StepStats

        d = dict(src_dict)
        active = d.pop("active", UNSET)

        completed = d.pop("completed", UNSET)

        entered = d.pop("entered", UNSET)

        exited = d.pop("exited", UNSET)

        _steps = d.pop("steps", UNSET)
        steps: list[StepStats] | Unset = UNSET
        if _steps is not UNSET:
            steps = []
            for steps_item_data in _steps:
                steps_item = StepStats.from_dict(steps_item_data)

                steps.append(steps_item)

        stats = cls(
            active=active,
            completed=completed,
            entered=entered,
            exited=exited,
            steps=steps,
        )

        stats.additional_properties = d
        return stats

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
