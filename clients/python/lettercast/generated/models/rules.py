from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.rules_match import RulesMatch, check_rules_match
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.group import Group


T = TypeVar("T", bound="Rules")


@_attrs_define
class Rules:
    """
    Attributes:
        groups (list[Group] | Unset):
        match (RulesMatch | Unset):  Default: 'all'.
    """

    groups: list[Group] | Unset = UNSET
    match: RulesMatch | Unset = "all"

    def to_dict(self) -> dict[str, Any]:
        groups: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.groups, Unset):
            groups = []
            for groups_item_data in self.groups:
                groups_item = groups_item_data.to_dict()
                groups.append(groups_item)

        match: str | Unset = UNSET
        if not isinstance(self.match, Unset):
            match = self.match

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if groups is not UNSET:
            field_dict["groups"] = groups
        if match is not UNSET:
            field_dict["match"] = match

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.group import Group

        d = dict(src_dict)
        _groups = d.pop("groups", UNSET)
        groups: list[Group] | Unset = UNSET
        if _groups is not UNSET:
            groups = []
            for groups_item_data in _groups:
                groups_item = Group.from_dict(groups_item_data)

                groups.append(groups_item)

        _match = d.pop("match", UNSET)
        match: RulesMatch | Unset
        if isinstance(_match, Unset):
            match = UNSET
        else:
            match = check_rules_match(_match)

        rules = cls(
            groups=groups,
            match=match,
        )

        return rules
