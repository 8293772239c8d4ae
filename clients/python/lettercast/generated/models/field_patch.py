from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.field_patch_type import FieldPatchType, check_field_patch_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="FieldPatch")


@_attrs_define
class FieldPatch:
    """
    Attributes:
        label (str | Unset):
        options (list[str] | None | Unset):
        required (bool | Unset):
        tag (str | Unset):
        type_ (FieldPatchType | Unset):
        visible (bool | Unset):
    """

    label: str | Unset = UNSET
    options: list[str] | None | Unset = UNSET
    required: bool | Unset = UNSET
    tag: str | Unset = UNSET
    type_: FieldPatchType | Unset = UNSET
    visible: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        label = self.label

        options: list[str] | None | Unset
        if isinstance(self.options, Unset):
            options = UNSET
        elif isinstance(self.options, list):
            options = self.options

        else:
            options = self.options

        required = self.required

        tag = self.tag

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_

        visible = self.visible

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if label is not UNSET:
            field_dict["label"] = label
        if options is not UNSET:
            field_dict["options"] = options
        if required is not UNSET:
            field_dict["required"] = required
        if tag is not UNSET:
            field_dict["tag"] = tag
        if type_ is not UNSET:
            field_dict["type"] = type_
        if visible is not UNSET:
            field_dict["visible"] = visible

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        label = d.pop("label", UNSET)

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

        tag = d.pop("tag", UNSET)

        _type_ = d.pop("type", UNSET)
        type_: FieldPatchType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = check_field_patch_type(_type_)

        visible = d.pop("visible", UNSET)

        field_patch = cls(
            label=label,
            options=options,
            required=required,
            tag=tag,
            type_=type_,
            visible=visible,
        )

        return field_patch
