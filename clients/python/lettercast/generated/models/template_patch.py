from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TemplatePatch")


@_attrs_define
class TemplatePatch:
    """
    Attributes:
        html (str | Unset): At most 524288 characters
        name (str | Unset):
        preview_text (None | str | Unset):
        subject (str | Unset):
        text (None | str | Unset):
    """

    html: str | Unset = UNSET
    name: str | Unset = UNSET
    preview_text: None | str | Unset = UNSET
    subject: str | Unset = UNSET
    text: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        html = self.html

        name = self.name

        preview_text: None | str | Unset
        if isinstance(self.preview_text, Unset):
            preview_text = UNSET
        else:
            preview_text = self.preview_text

        subject = self.subject

        text: None | str | Unset
        if isinstance(self.text, Unset):
            text = UNSET
        else:
            text = self.text

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if html is not UNSET:
            field_dict["html"] = html
        if name is not UNSET:
            field_dict["name"] = name
        if preview_text is not UNSET:
            field_dict["preview_text"] = preview_text
        if subject is not UNSET:
            field_dict["subject"] = subject
        if text is not UNSET:
            field_dict["text"] = text

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        html = d.pop("html", UNSET)

        name = d.pop("name", UNSET)

        def _parse_preview_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        preview_text = _parse_preview_text(d.pop("preview_text", UNSET))

        subject = d.pop("subject", UNSET)

        def _parse_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        text = _parse_text(d.pop("text", UNSET))

        template_patch = cls(
            html=html,
            name=name,
            preview_text=preview_text,
            subject=subject,
            text=text,
        )

        return template_patch
