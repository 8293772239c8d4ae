from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TemplateCreate")


@_attrs_define
class TemplateCreate:
    """
    Attributes:
        html (str): At most 524288 characters
        name (str):
        subject (str):
        preview_text (None | str | Unset):
        text (None | str | Unset): Derived from the html when left out
    """

    html: str
    name: str
    subject: str
    preview_text: None | str | Unset = UNSET
    text: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        html = self.html

        name = self.name

        subject = self.subject

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

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "html": html,
                "name": name,
                "subject": subject,
            }
        )
        if preview_text is not UNSET:
            field_dict["preview_text"] = preview_text
        if text is not UNSET:
            field_dict["text"] = text

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        html = d.pop("html")

        name = d.pop("name")

        subject = d.pop("subject")

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

        template_create = cls(
            html=html,
            name=name,
            subject=subject,
            preview_text=preview_text,
            text=text,
        )

        return template_create
