from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.automation_create_reentry import AutomationCreateReentry, check_automation_create_reentry
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.condition_step import ConditionStep
    from ..models.contact_created_trigger import ContactCreatedTrigger
    from ..models.date_trigger import DateTrigger
    from ..models.event_trigger import EventTrigger
    from ..models.exit_step import ExitStep
    from ..models.list_step import ListStep
    from ..models.list_trigger import ListTrigger
    from ..models.segment_trigger import SegmentTrigger
    from ..models.send_step import SendStep
    from ..models.tag_step import TagStep
    from ..models.update_step import UpdateStep
    from ..models.wait_step import WaitStep
    from ..models.wait_until_step import WaitUntilStep


T = TypeVar("T", bound="AutomationCreate")


@_attrs_define
class AutomationCreate:
    """
    Attributes:
        name (str):
        steps (list[ConditionStep | ExitStep | ListStep | SendStep | TagStep | UpdateStep | WaitStep | WaitUntilStep]):
        trigger (ContactCreatedTrigger | DateTrigger | EventTrigger | ListTrigger | SegmentTrigger):
        reentry (AutomationCreateReentry | Unset): never: a contact runs the automation once; after_exit: again once its
            run ended; always: every time the trigger fires (an active run starts over) Default: 'never'.
    """

    name: str
    steps: list[ConditionStep | ExitStep | ListStep | SendStep | TagStep | UpdateStep | WaitStep | WaitUntilStep]
    trigger: ContactCreatedTrigger | DateTrigger | EventTrigger | ListTrigger | SegmentTrigger
    reentry: AutomationCreateReentry | Unset = "never"

    def to_dict(self) -> dict[str, Any]:
        from ..models.condition_step import ConditionStep
        from ..models.contact_created_trigger import ContactCreatedTrigger
        from ..models.event_trigger import EventTrigger
        from ..models.list_step import ListStep
        from ..models.list_trigger import ListTrigger
        from ..models.segment_trigger import SegmentTrigger
        from ..models.send_step import SendStep
        from ..models.tag_step import TagStep
        from ..models.update_step import UpdateStep
        from ..models.wait_step import WaitStep
        from ..models.wait_until_step import WaitUntilStep

        name = self.name

        steps = []
        for steps_item_data in self.steps:
            steps_item: dict[str, Any]
            if (
                isinstance(steps_item_data, SendStep)
                or isinstance(steps_item_data, WaitStep)
                or isinstance(steps_item_data, WaitUntilStep)
                or isinstance(steps_item_data, TagStep)
                or isinstance(steps_item_data, UpdateStep)
                or isinstance(steps_item_data, ListStep)
                or isinstance(steps_item_data, ConditionStep)
            ):
                steps_item = steps_item_data.to_dict()
            else:
                steps_item = steps_item_data.to_dict()

            steps.append(steps_item)

        trigger: dict[str, Any]
        if (
            isinstance(self.trigger, EventTrigger)
            or isinstance(self.trigger, ListTrigger)
            or isinstance(self.trigger, SegmentTrigger)
            or isinstance(self.trigger, ContactCreatedTrigger)
        ):
            trigger = self.trigger.to_dict()
        else:
            trigger = self.trigger.to_dict()

        reentry: str | Unset = UNSET
        if not isinstance(self.reentry, Unset):
            reentry = self.reentry

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "steps": steps,
                "trigger": trigger,
            }
        )
        if reentry is not UNSET:
            field_dict["reentry"] = reentry

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.condition_step import ConditionStep
        from ..models.contact_created_trigger import ContactCreatedTrigger
        from ..models.date_trigger import DateTrigger
        from ..models.event_trigger import EventTrigger
        from ..models.exit_step import ExitStep
        from ..models.list_step import ListStep
        from ..models.list_trigger import ListTrigger
        from ..models.segment_trigger import SegmentTrigger
        from ..models.send_step import SendStep
        from ..models.tag_step import TagStep
        from ..models.update_step import UpdateStep
        from ..models.wait_step import WaitStep
        from ..models.wait_until_step import WaitUntilStep

        d = dict(src_dict)
        name = d.pop("name")

        steps = []
        _steps = d.pop("steps")
        for steps_item_data in _steps:

            def _parse_steps_item(
                data: object,
            ) -> ConditionStep | ExitStep | ListStep | SendStep | TagStep | UpdateStep | WaitStep | WaitUntilStep:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    steps_item_type_0 = SendStep.from_dict(data)

                    return steps_item_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    steps_item_type_1 = WaitStep.from_dict(data)

                    return steps_item_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    steps_item_type_2 = WaitUntilStep.from_dict(data)

                    return steps_item_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    steps_item_type_3 = TagStep.from_dict(data)

                    return steps_item_type_3
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    steps_item_type_4 = UpdateStep.from_dict(data)

                    return steps_item_type_4
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    steps_item_type_5 = ListStep.from_dict(data)

                    return steps_item_type_5
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    steps_item_type_6 = ConditionStep.from_dict(data)

                    return steps_item_type_6
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                steps_item_type_7 = ExitStep.from_dict(data)

                return steps_item_type_7

            steps_item = _parse_steps_item(steps_item_data)

            steps.append(steps_item)

        def _parse_trigger(
            data: object,
        ) -> ContactCreatedTrigger | DateTrigger | EventTrigger | ListTrigger | SegmentTrigger:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                trigger_type_0 = EventTrigger.from_dict(data)

                return trigger_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                trigger_type_1 = ListTrigger.from_dict(data)

                return trigger_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                trigger_type_2 = SegmentTrigger.from_dict(data)

                return trigger_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                trigger_type_3 = ContactCreatedTrigger.from_dict(data)

                return trigger_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            trigger_type_4 = DateTrigger.from_dict(data)

            return trigger_type_4

        trigger = _parse_trigger(d.pop("trigger"))

        _reentry = d.pop("reentry", UNSET)
        reentry: AutomationCreateReentry | Unset
        if isinstance(_reentry, Unset):
            reentry = UNSET
        else:
            reentry = check_automation_create_reentry(_reentry)

        automation_create = cls(
            name=name,
            steps=steps,
            trigger=trigger,
            reentry=reentry,
        )

        return automation_create
