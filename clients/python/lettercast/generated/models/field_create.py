from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.field_create_type import FieldCreateType, check_field_create_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="FieldCreate")


@_attrs_define
class FieldCreate:
    """
    Attributes:
        label (str):
        tag (str): The attribute key holding the value
        options (list[str] | None | Unset):
        required (bool | Unset):  Default: False.
        type_ (FieldCreateType | Unset):  Default: 'text'.
        visible (bool | Unset):  Default: True.
    """

    label: str
    tag: str
    options: list[str] | None | Unset = UNSET
    required: bool | Unset = False
    type_: FieldCreateType | Unset = "text"
    visible: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        label = self.label

        tag = self.tag

        options: list[str] | None | Unset
        if isinstance(self.options, Unset):
            options = UNSET
        elif isinstance(self.options, list):
            options = self.options

        else:
            options = self.options

        required = self.required

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_

        visible = self.visible

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "label": label,
                "tag": tag,
            }
        )
        if options is not UNSET:
            field_dict["options"] = options
        if required is not UNSET:
            field_dict["required"] = required
        if type_ is not UNSET:
            field_dict["type"] = type_
        if visible is not UNSET:
            field_dict["visible"] = visible

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        label = d.pop("label")

        tag = d.pop("tag")

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

        required = d.pop("required", UNSET)

        _type_ = d.pop("type", UNSET)
        type_: FieldCreateType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = check_field_create_type(_type_)

        visible = d.pop("visible", UNSET)

        field_create = cls(
            label=label,
            tag=tag,
            options=options,
            required=required,
            type_=type_,
            visible=visible,
        )

        return field_create
