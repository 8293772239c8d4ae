from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.condition_operator import ConditionOperator, check_condition_operator
from ..types import UNSET, Unset

T = TypeVar("T", bound="Condition")


@_attrs_define
class Condition:
    """
    Attributes:
        field (str):
        operator (ConditionOperator):
        value (Any | Unset):
    """

    field: str
    operator: ConditionOperator
    value: Any | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        field = self.field

        operator: str = self.operator

        value = self.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "field": field,
                "operator": operator,
            }
        )
        if value is not UNSET:
            field_dict["value"] = value

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        field = d.pop("field")

        operator = check_condition_operator(d.pop("operator"))

        value = d.pop("value", UNSET)

        condition = cls(
            field=field,
            operator=operator,
            value=value,
        )

        return condition
