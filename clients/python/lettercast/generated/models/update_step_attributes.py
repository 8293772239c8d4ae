from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="UpdateStepAttributes")


@_attrs_define
class UpdateStepAttributes:
    """Flat map, at most 100 keys; null removes a key"""

    additional_properties: dict[str, bool | float | Literal[0] | None | str] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        update_step_attributes = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():

            def _parse_additional_property(data: object) -> bool | float | Literal[0] | None | str:
                if data is None:
                    return data
                additional_property_type_3_type_0 = cast(Literal[0], data)
                if additional_property_type_3_type_0 != 0:
                    raise ValueError(
                        f"AdditionalProperty_type_3_type_0 must match const 0, got '{additional_property_type_3_type_0}'"
                    )
                return additional_property_type_3_type_0
                return cast(bool | float | Literal[0] | None | str, data)

            additional_property = _parse_additional_property(prop_dict)

            additional_properties[prop_name] = additional_property

        update_step_attributes.additional_properties = additional_properties
        return update_step_attributes

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> bool | float | Literal[0] | None | str:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: bool | float | Literal[0] | None | str) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
