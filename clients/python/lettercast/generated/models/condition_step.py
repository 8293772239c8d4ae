from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rules import Rules


T = TypeVar("T", bound="ConditionStep")


@_attrs_define
class ConditionStep:
    """Goes on to the next step when the contact matches `rules` (the segment rule language); else exits
    or skips forward to the step of index n.

        Attributes:
            rules (Rules):
            type_ (Literal['condition']):
            else_ (str | Unset):  Default: 'exit'.
    """

    rules: Rules
    type_: Literal["condition"]
    else_: str | Unset = "exit"

    def to_dict(self) -> dict[str, Any]:
        rules = self.rules.to_dict()

        type_ = self.type_

        else_ = self.else_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "rules": rules,
                "type": type_,
            }
        )
        if else_ is not UNSET:
            field_dict["else"] = else_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.rules import Rules

        d = dict(src_dict)
        rules = Rules.from_dict(d.pop("rules"))

        type_ = cast(Literal["condition"], d.pop("type"))
        if type_ != "condition":
            raise ValueError(f"type must match const 'condition', got '{type_}'")

        else_ = d.pop("else", UNSET)

        condition_step = cls(
            rules=rules,
            type_=type_,
            else_=else_,
        )

        return condition_step
