from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TemplateOut")


@_attrs_define
class TemplateOut:
    """
    Attributes:
        created_at (str):
        html (str):
        id (str):
        name (str):
        subject (str):
        updated_at (str):
        preview_text (None | str | Unset):
        text (None | str | Unset):
        variables (list[str] | Unset): The merge tags the template uses
    """

    created_at: str
    html: str
    id: str
    name: str
    subject: str
    updated_at: str
    preview_text: None | str | Unset = UNSET
    text: None | str | Unset = UNSET
    variables: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at

        html = self.html

        id = self.id

        name = self.name

        subject = self.subject

        updated_at = self.updated_at

        preview_text: None | str | Unset
        if isinstance(self.preview_text, Unset):
            preview_text = UNSET
        else:
            preview_text = self.preview_text

        text: None | str | Unset
        if isinstance(self.text, Unset):
            text = UNSET
        else:
            text = self.text

        variables: list[str] | Unset = UNSET
        if not isinstance(self.variables, Unset):
            variables = self.variables

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "html": html,
                "id": id,
                "name": name,
                "subject": subject,
                "updated_at": updated_at,
            }
        )
        if preview_text is not UNSET:
            field_dict["preview_text"] = preview_text
        if text is not UNSET:
            field_dict["text"] = text
        if variables is not UNSET:
            field_dict["variables"] = variables

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        created_at = d.pop("created_at")

        html = d.pop("html")

        id = d.pop("id")

        name = d.pop("name")

        subject = d.pop("subject")

        updated_at = d.pop("updated_at")

        def _parse_preview_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        preview_text = _parse_preview_text(d.pop("preview_text", UNSET))

        def _parse_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        text = _parse_text(d.pop("text", UNSET))

        variables = cast(list[str], d.pop("variables", UNSET))

        template_out = cls(
            created_at=created_at,
            html=html,
            id=id,
            name=name,
            subject=subject,
            updated_at=updated_at,
            preview_text=preview_text,
            text=text,
            variables=variables,
        )

        template_out.additional_properties = d
        return template_out

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
