from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.segment_out_status import SegmentOutStatus, check_segment_out_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.segment_out_rules_type_0 import SegmentOutRulesType0


T = TypeVar("T", bound="SegmentOut")


@_attrs_define
class SegmentOut:
    """
    Attributes:
        contacts_count (int):
        created_at (str):
        id (str):
        name (str):
        status (SegmentOutStatus): building while the membership is (re)computed
        updated_at (str):
        description (None | str | Unset):
        list_id (None | str | Unset):
        rules (None | SegmentOutRulesType0 | Unset):
    """

    contacts_count: int
    created_at: str
    id: str
    name: str
    status: SegmentOutStatus
    updated_at: str
    description: None | str | Unset = UNSET
    list_id: None | str | Unset = UNSET
    rules: None | SegmentOutRulesType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.segment_out_rules_type_0 import SegmentOutRulesType0

        contacts_count = self.contacts_count

        created_at = self.created_at

        id = self.id

        name = self.name

        status: str = self.status

        updated_at = self.updated_at

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        list_id: None | str | Unset
        if isinstance(self.list_id, Unset):
            list_id = UNSET
        else:
            list_id = self.list_id

        rules: dict[str, Any] | None | Unset
        if isinstance(self.rules, Unset):
            rules = UNSET
        elif isinstance(self.rules, SegmentOutRulesType0):
            rules = self.rules.to_dict()
        else:
            rules = self.rules

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contacts_count": contacts_count,
                "created_at": created_at,
                "id": id,
                "name": name,
                "status": status,
                "updated_at": updated_at,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if list_id is not UNSET:
            field_dict["list_id"] = list_id
        if rules is not UNSET:
            field_dict["rules"] = rules

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.segment_out_rules_type_0 import SegmentOutRulesType0

        d = dict(src_dict)
        contacts_count = d.pop("contacts_count")

        created_at = d.pop("created_at")

        id = d.pop("id")

        name = d.pop("name")

        status = check_segment_out_status(d.pop("status"))

        updated_at = d.pop("updated_at")

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_list_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        list_id = _parse_list_id(d.pop("list_id", UNSET))

        def _parse_rules(data: object) -> None | SegmentOutRulesType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                rules_type_0 = SegmentOutRulesType0.from_dict(data)

                return rules_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SegmentOutRulesType0 | Unset, data)

        rules = _parse_rules(d.pop("rules", UNSET))

        segment_out = cls(
            contacts_count=contacts_count,
            created_at=created_at,
            id=id,
            name=name,
            status=status,
            updated_at=updated_at,
            description=description,
            list_id=list_id,
            rules=rules,
        )

        segment_out.additional_properties = d
        return segment_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
