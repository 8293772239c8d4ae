from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.wait_until_step_weekday_type_0_item import (
    WaitUntilStepWeekdayType0Item,
    check_wait_until_step_weekday_type_0_item,
)
from ..models.wait_until_step_weekday_type_1 import WaitUntilStepWeekdayType1, check_wait_until_step_weekday_type_1
from ..types import UNSET, Unset

T = TypeVar("T", bound="WaitUntilStep")


@_attrs_define
class WaitUntilStep:
    """Until the next moment (in the workspace's timezone) that is on one of `weekday` at `time`.

    Attributes:
        type_ (Literal['wait_until']):
        time (None | str | Unset):
        weekday (list[WaitUntilStepWeekdayType0Item] | None | Unset | WaitUntilStepWeekdayType1):
    """

    type_: Literal["wait_until"]
    time: None | str | Unset = UNSET
    weekday: list[WaitUntilStepWeekdayType0Item] | None | Unset | WaitUntilStepWeekdayType1 = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        time: None | str | Unset
        if isinstance(self.time, Unset):
            time = UNSET
        else:
            time = self.time

        weekday: list[str] | None | str | Unset
        if isinstance(self.weekday, Unset):
            weekday = UNSET
        elif isinstance(self.weekday, list):
            weekday = []
            for weekday_type_0_item_data in self.weekday:
                weekday_type_0_item: str = weekday_type_0_item_data
                weekday.append(weekday_type_0_item)

        elif isinstance(self.weekday, str):
            weekday = self.weekday
        else:
            weekday = self.weekday

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )
        if time is not UNSET:
            field_dict["time"] = time
        if weekday is not UNSET:
            field_dict["weekday"] = weekday

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["wait_until"], d.pop("type"))
        if type_ != "wait_until":
            raise ValueError(f"type must match const 'wait_until', got '{type_}'")

        def _parse_time(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        time = _parse_time(d.pop("time", UNSET))

        def _parse_weekday(
            data: object,
        ) -> list[WaitUntilStepWeekdayType0Item] | None | Unset | WaitUntilStepWeekdayType1:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                weekday_type_0 = []
                _weekday_type_0 = data
                for weekday_type_0_item_data in _weekday_type_0:
                    weekday_type_0_item = check_wait_until_step_weekday_type_0_item(weekday_type_0_item_data)

                    weekday_type_0.append(weekday_type_0_item)

                return weekday_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                weekday_type_1 = check_wait_until_step_weekday_type_1(data)

                return weekday_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[WaitUntilStepWeekdayType0Item] | None | Unset | WaitUntilStepWeekdayType1, data)

        weekday = _parse_weekday(d.pop("weekday", UNSET))

        wait_until_step = cls(
            type_=type_,
            time=time,
            weekday=weekday,
        )

        return wait_until_step
