from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.automation_out_reentry import AutomationOutReentry, check_automation_out_reentry
from ..models.automation_out_status import AutomationOutStatus, check_automation_out_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.automation_out_steps_item import AutomationOutStepsItem
    from ..models.automation_out_trigger import AutomationOutTrigger
    from ..models.stats import Stats


T = TypeVar("T", bound="AutomationOut")


@_attrs_define
class AutomationOut:
    """
    Attributes:
        created_at (str):
        id (str):
        name (str):
        reentry (AutomationOutReentry):
        status (AutomationOutStatus):
        steps (list[AutomationOutStepsItem]):
        trigger (AutomationOutTrigger):
        updated_at (str):
        activated_at (None | str | Unset):
        stats (None | Stats | Unset):
    """

    created_at: str
    id: str
    name: str
    reentry: AutomationOutReentry
    status: AutomationOutStatus
    steps: list[AutomationOutStepsItem]
    trigger: AutomationOutTrigger
    updated_at: str
    activated_at: None | str | Unset = UNSET
    stats: None | Stats | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.stats import Stats

        created_at = self.created_at

        id = self.id

        name = self.name

        reentry: str = self.reentry

        status: str = self.status

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)

        trigger = self.trigger.to_dict()

        updated_at = self.updated_at

        activated_at: None | str | Unset
        if isinstance(self.activated_at, Unset):
            activated_at = UNSET
        else:
            activated_at = self.activated_at

        stats: dict[str, Any] | None | Unset
        if isinstance(self.stats, Unset):
            stats = UNSET
        elif isinstance(self.stats, Stats):
            stats = self.stats.to_dict()
        else:
            stats = self.stats

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "name": name,
                "reentry": reentry,
                "status": status,
                "steps": steps,
                "trigger": trigger,
                "updated_at": updated_at,
            }
        )
        if activated_at is not UNSET:
            field_dict["activated_at"] = activated_at
        if stats is not UNSET:
            field_dict["stats"] = stats

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.automation_out_steps_item import AutomationOutStepsItem
        from ..models.automation_out_trigger import AutomationOutTrigger
        from ..models.stats import Stats

        d = dict(src_dict)
        created_at = d.pop("created_at")

        id = d.pop("id")

        name = d.pop("name")

        reentry = check_automation_out_reentry(d.pop("reentry"))

        status = check_automation_out_status(d.pop("status"))

        steps = []
        _steps = d.pop("steps")
        for steps_item_data in _steps:
            steps_item = AutomationOutStepsItem.from_dict(steps_item_data)

            steps.append(steps_item)

        trigger = AutomationOutTrigger.from_dict(d.pop("trigger"))

        updated_at = d.pop("updated_at")

        def _parse_activated_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        activated_at = _parse_activated_at(d.pop("activated_at", UNSET))

        def _parse_stats(data: object) -> None | Stats | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                stats_type_0 = Stats.from_dict(data)

                return stats_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Stats | Unset, data)

        stats = _parse_stats(d.pop("stats", UNSET))

        automation_out = cls(
            created_at=created_at,
            id=id,
            name=name,
            reentry=reentry,
            status=status,
            steps=steps,
            trigger=trigger,
            updated_at=updated_at,
            activated_at=activated_at,
            stats=stats,
        )

        automation_out.additional_properties = d
        return automation_out

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
