from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.list_step_type import ListStepType, check_list_step_type

T = TypeVar("T", bound="ListStep")


@_attrs_define
class ListStep:
    """
    Attributes:
        list_id (str):
        type_ (ListStepType):
    """

    list_id: str
    type_: ListStepType

    def to_dict(self) -> dict[str, Any]:
        list_id = self.list_id

        type_: str = self.type_

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

        type_ = check_list_step_type(d.pop("type"))

        list_step = cls(
            list_id=list_id,
            type_=type_,
        )

        return list_step
