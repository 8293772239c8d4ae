from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.automation_patch_reentry_type_0 import AutomationPatchReentryType0, check_automation_patch_reentry_type_0
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


T = TypeVar("T", bound="AutomationPatch")


@_attrs_define
class AutomationPatch:
    """
    Attributes:
        name (None | str | Unset):
        reentry (AutomationPatchReentryType0 | None | Unset):
        steps (list[ConditionStep | ExitStep | ListStep | SendStep | TagStep | UpdateStep | WaitStep | WaitUntilStep] |
            None | Unset):
        trigger (ContactCreatedTrigger | DateTrigger | EventTrigger | ListTrigger | None | SegmentTrigger | Unset):
    """

    name: None | str | Unset = UNSET
    reentry: AutomationPatchReentryType0 | None | Unset = UNSET
    steps: (
        list[ConditionStep | ExitStep | ListStep | SendStep | TagStep | UpdateStep | WaitStep | WaitUntilStep]
        | None
        | Unset
    ) = UNSET
    trigger: ContactCreatedTrigger | DateTrigger | EventTrigger | ListTrigger | None | SegmentTrigger | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.condition_step import ConditionStep
        from ..models.contact_created_trigger import ContactCreatedTrigger
        from ..models.date_trigger import DateTrigger
        from ..models.event_trigger import EventTrigger
        from ..models.list_step import ListStep
        from ..models.list_trigger import ListTrigger
        from ..models.segment_trigger import SegmentTrigger
        from ..models.send_step import SendStep
        from ..models.tag_step import TagStep
        from ..models.update_step import UpdateStep
        from ..models.wait_step import WaitStep
        from ..models.wait_until_step import WaitUntilStep

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        reentry: None | str | Unset
        if isinstance(self.reentry, Unset):
            reentry = UNSET
        elif isinstance(self.reentry, str):
            reentry = self.reentry
        else:
            reentry = self.reentry

        steps: list[dict[str, Any]] | None | Unset
        if isinstance(self.steps, Unset):
            steps = UNSET
        elif isinstance(self.steps, list):
            steps = []
            for steps_type_0_item_data in self.steps:
                steps_type_0_item: dict[str, Any]
                if (
                    isinstance(steps_type_0_item_data, SendStep)
                    or isinstance(steps_type_0_item_data, WaitStep)
                    or isinstance(steps_type_0_item_data, WaitUntilStep)
                    or isinstance(steps_type_0_item_data, TagStep)
                    or isinstance(steps_type_0_item_data, UpdateStep)
                    or isinstance(steps_type_0_item_data, ListStep)
                    or isinstance(steps_type_0_item_data, ConditionStep)
                ):
                    steps_type_0_item = steps_type_0_item_data.to_dict()
                else:
                    steps_type_0_item = steps_type_0_item_data.to_dict()

                steps.append(steps_type_0_item)

        else:
            steps = self.steps

        trigger: dict[str, Any] | None | Unset
        if isinstance(self.trigger, Unset):
            trigger = UNSET
        elif (
            isinstance(self.trigger, EventTrigger)
            or isinstance(self.trigger, ListTrigger)
            or isinstance(self.trigger, SegmentTrigger)
            or isinstance(self.trigger, ContactCreatedTrigger)
            or isinstance(self.trigger, DateTrigger)
        ):
            trigger = self.trigger.to_dict()
        else:
            trigger = self.trigger

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if reentry is not UNSET:
            field_dict["reentry"] = reentry
        if steps is not UNSET:
            field_dict["steps"] = steps
        if trigger is not UNSET:
            field_dict["trigger"] = trigger

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

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_reentry(data: object) -> AutomationPatchReentryType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reentry_type_0 = check_automation_patch_reentry_type_0(data)

                return reentry_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AutomationPatchReentryType0 | None | Unset, data)

        reentry = _parse_reentry(d.pop("reentry", UNSET))

        def _parse_steps(
            data: object,
        ) -> (
            list[ConditionStep | ExitStep | ListStep | SendStep | TagStep | UpdateStep | WaitStep | WaitUntilStep]
            | None
            | Unset
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                steps_type_0 = []
                _steps_type_0 = data
                for steps_type_0_item_data in _steps_type_0:

                    def _parse_steps_type_0_item(
                        data: object,
                    ) -> (
                        ConditionStep | ExitStep | ListStep | SendStep | TagStep | UpdateStep | WaitStep | WaitUntilStep
                    ):
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            steps_type_0_item_type_0 = SendStep.from_dict(data)

                            return steps_type_0_item_type_0
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            steps_type_0_item_type_1 = WaitStep.from_dict(data)

                            return steps_type_0_item_type_1
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            steps_type_0_item_type_2 = WaitUntilStep.from_dict(data)

                            return steps_type_0_item_type_2
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            steps_type_0_item_type_3 = TagStep.from_dict(data)

                            return steps_type_0_item_type_3
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            steps_type_0_item_type_4 = UpdateStep.from_dict(data)

                            return steps_type_0_item_type_4
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            steps_type_0_item_type_5 = ListStep.from_dict(data)

                            return steps_type_0_item_type_5
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            steps_type_0_item_type_6 = ConditionStep.from_dict(data)

                            return steps_type_0_item_type_6
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        if not isinstance(data, dict):
                            raise TypeError()
                        steps_type_0_item_type_7 = ExitStep.from_dict(data)

                        return steps_type_0_item_type_7

                    steps_type_0_item = _parse_steps_type_0_item(steps_type_0_item_data)

                    steps_type_0.append(steps_type_0_item)

                return steps_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                list[ConditionStep | ExitStep | ListStep | SendStep | TagStep | UpdateStep | WaitStep | WaitUntilStep]
                | None
                | Unset,
                data,
            )

        steps = _parse_steps(d.pop("steps", UNSET))

        def _parse_trigger(
            data: object,
        ) -> ContactCreatedTrigger | DateTrigger | EventTrigger | ListTrigger | None | SegmentTrigger | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                trigger_type_0_type_0 = EventTrigger.from_dict(data)

                return trigger_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                trigger_type_0_type_1 = ListTrigger.from_dict(data)

                return trigger_type_0_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                trigger_type_0_type_2 = SegmentTrigger.from_dict(data)

                return trigger_type_0_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                trigger_type_0_type_3 = ContactCreatedTrigger.from_dict(data)

                return trigger_type_0_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                trigger_type_0_type_4 = DateTrigger.from_dict(data)

                return trigger_type_0_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                ContactCreatedTrigger | DateTrigger | EventTrigger | ListTrigger | None | SegmentTrigger | Unset, data
            )

        trigger = _parse_trigger(d.pop("trigger", UNSET))

        automation_patch = cls(
            name=name,
            reentry=reentry,
            steps=steps,
            trigger=trigger,
        )

        return automation_patch
