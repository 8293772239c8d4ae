from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="DateTrigger")


@_attrs_define
class DateTrigger:
    """Yearly on the day of a date attribute (its month and day), `offset_days` before (-) or after (+).

    Attributes:
        attribute (str):
        type_ (Literal['date']):
        offset_days (int | Unset):  Default: 0.
        time (str | Unset): HH:MM, 24-hour Default: '09:00'.
    """

    attribute: str
    type_: Literal["date"]
    offset_days: int | Unset = 0
    time: str | Unset = "09:00"

    def to_dict(self) -> dict[str, Any]:
        attribute = self.attribute

        type_ = self.type_

        offset_days = self.offset_days

        time = self.time

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "attribute": attribute,
                "type": type_,
            }
        )
        if offset_days is not UNSET:
            field_dict["offset_days"] = offset_days
        if time is not UNSET:
            field_dict["time"] = time

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        attribute = d.pop("attribute")

        type_ = cast(Literal["date"], d.pop("type"))
        if type_ != "date":
            raise ValueError(f"type must match const 'date', got '{type_}'")

        offset_days = d.pop("offset_days", UNSET)

        time = d.pop("time", UNSET)

        date_trigger = cls(
            attribute=attribute,
            type_=type_,
            offset_days=offset_days,
            time=time,
        )

        return date_trigger
