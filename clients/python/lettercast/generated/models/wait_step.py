from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="WaitStep")


@_attrs_define
class WaitStep:
    """
    Attributes:
        duration (str): ISO 8601 duration, one minute to a year: PT30M, PT2H, P3D
        type_ (Literal['wait']):
    """

    duration: str
    type_: Literal["wait"]

    def to_dict(self) -> dict[str, Any]:
        duration = self.duration

        type_ = self.type_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "duration": duration,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        duration = d.pop("duration")

        type_ = cast(Literal["wait"], d.pop("type"))
        if type_ != "wait":
            raise ValueError(f"type must match const 'wait', got '{type_}'")

        wait_step = cls(
            duration=duration,
            type_=type_,
        )

        return wait_step
