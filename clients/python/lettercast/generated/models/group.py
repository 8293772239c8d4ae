from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.group_match import GroupMatch, check_group_match
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.condition import Condition


T = TypeVar("T", bound="Group")


@_attrs_define
class Group:
    """
    Attributes:
        conditions (list[Condition]):
        match (GroupMatch | Unset):  Default: 'all'.
    """

    conditions: list[Condition]
    match: GroupMatch | Unset = "all"

    def to_dict(self) -> dict[str, Any]:
        conditions = []
        for conditions_item_data in self.conditions:
            conditions_item = conditions_item_data.to_dict()
            conditions.append(conditions_item)

        match: str | Unset = UNSET
        if not isinstance(self.match, Unset):
            match = self.match

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "conditions": conditions,
            }
        )
        if match is not UNSET:
            field_dict["match"] = match

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.condition import Condition

        d = dict(src_dict)
        conditions = []
        _conditions = d.pop("conditions")
        for conditions_item_data in _conditions:
            conditions_item = Condition.from_dict(conditions_item_data)

            conditions.append(conditions_item)

        _match = d.pop("match", UNSET)
        match: GroupMatch | Unset
        if isinstance(_match, Unset):
            match = UNSET
        else:
            match = check_group_match(_match)

        group = cls(
            conditions=conditions,
            match=match,
        )

        return group
