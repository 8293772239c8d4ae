from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.field_out_type import FieldOutType, check_field_out_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="FieldOut")


@_attrs_define
class FieldOut:
    """
    Attributes:
        created_at (str):
        id (str):
        label (str):
        list_id (str):
        required (bool):
        tag (str):
        type_ (FieldOutType):
        updated_at (str):
        visible (bool):
        options (list[str] | None | Unset):
    """

    created_at: str
    id: str
    label: str
    list_id: str
    required: bool
    tag: str
    type_: FieldOutType
    updated_at: str
    visible: bool
    options: list[str] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at

        id = self.id

        label = self.label

        list_id = self.list_id

        required = self.required

        tag = self.tag

        type_: str = self.type_

        updated_at = self.updated_at

        visible = self.visible

        options: list[str] | None | Unset
        if isinstance(self.options, Unset):
            options = UNSET
        elif isinstance(self.options, list):
            options = self.options

        else:
            options = self.options

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "label": label,
                "list_id": list_id,
                "required": required,
                "tag": tag,
                "type": type_,
                "updated_at": updated_at,
                "visible": visible,
            }
        )
        if options is not UNSET:
            field_dict["options"] = options

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        created_at = d.pop("created_at")

        id = d.pop("id")

        label = d.pop("label")

        list_id = d.pop("list_id")

        required = d.pop("required")

        tag = d.pop("tag")

        type_ = check_field_out_type(d.pop("type"))

        updated_at = d.pop("updated_at")

        visible = d.pop("visible")

        def _parse_options(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                options_type_0 = cast(list[str], data)

                return options_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        options = _parse_options(d.pop("options", UNSET))

        field_out = cls(
            created_at=created_at,
            id=id,
            label=label,
            list_id=list_id,
            required=required,
            tag=tag,
            type_=type_,
            updated_at=updated_at,
            visible=visible,
            options=options,
        )

        field_out.additional_properties = d
        return field_out

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
