from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="FormPatch")


@_attrs_define
class FormPatch:
    """Only the fields sent change; null clears `title`, `double_opt_in` (as the list says), `tags`,
    `success_message`, `redirect_url` and `consent_text`.

        Attributes:
            consent_text (None | str | Unset):
            double_opt_in (bool | None | Unset):
            fields (list[str] | Unset): At most 20 tags of the list's fields
            is_published (bool | Unset):
            list_id (str | Unset):
            name (str | Unset):
            redirect_url (None | str | Unset):
            success_message (None | str | Unset):
            tags (list[str] | None | Unset):
            title (None | str | Unset):
    """

    consent_text: None | str | Unset = UNSET
    double_opt_in: bool | None | Unset = UNSET
    fields: list[str] | Unset = UNSET
    is_published: bool | Unset = UNSET
    list_id: str | Unset = UNSET
    name: str | Unset = UNSET
    redirect_url: None | str | Unset = UNSET
    success_message: None | str | Unset = UNSET
    tags: list[str] | None | Unset = UNSET
    title: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        consent_text: None | str | Unset
        if isinstance(self.consent_text, Unset):
            consent_text = UNSET
        else:
            consent_text = self.consent_text

        double_opt_in: bool | None | Unset
        if isinstance(self.double_opt_in, Unset):
            double_opt_in = UNSET
        else:
            double_opt_in = self.double_opt_in

        fields: list[str] | Unset = UNSET
        if not isinstance(self.fields, Unset):
            fields = self.fields

        is_published = self.is_published

        list_id = self.list_id

        name = self.name

        redirect_url: None | str | Unset
        if isinstance(self.redirect_url, Unset):
            redirect_url = UNSET
        else:
            redirect_url = self.redirect_url

        success_message: None | str | Unset
        if isinstance(self.success_message, Unset):
            success_message = UNSET
        else:
            success_message = self.success_message

        tags: list[str] | None | Unset
        if isinstance(self.tags, Unset):
            tags = UNSET
        elif isinstance(self.tags, list):
            tags = self.tags

        else:
            tags = self.tags

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if consent_text is not UNSET:
            field_dict["consent_text"] = consent_text
        if double_opt_in is not UNSET:
            field_dict["double_opt_in"] = double_opt_in
        if fields is not UNSET:
            field_dict["fields"] = fields
        if is_published is not UNSET:
            field_dict["is_published"] = is_published
        if list_id is not UNSET:
            field_dict["list_id"] = list_id
        if name is not UNSET:
            field_dict["name"] = name
        if redirect_url is not UNSET:
            field_dict["redirect_url"] = redirect_url
        if success_message is not UNSET:
            field_dict["success_message"] = success_message
        if tags is not UNSET:
            field_dict["tags"] = tags
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_consent_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        consent_text = _parse_consent_text(d.pop("consent_text", UNSET))

        def _parse_double_opt_in(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        double_opt_in = _parse_double_opt_in(d.pop("double_opt_in", UNSET))

        fields = cast(list[str], d.pop("fields", UNSET))

        is_published = d.pop("is_published", UNSET)

        list_id = d.pop("list_id", UNSET)

        name = d.pop("name", UNSET)

        def _parse_redirect_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        redirect_url = _parse_redirect_url(d.pop("redirect_url", UNSET))

        def _parse_success_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        success_message = _parse_success_message(d.pop("success_message", UNSET))

        def _parse_tags(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tags_type_0 = cast(list[str], data)

                return tags_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        tags = _parse_tags(d.pop("tags", UNSET))

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        form_patch = cls(
            consent_text=consent_text,
            double_opt_in=double_opt_in,
            fields=fields,
            is_published=is_published,
            list_id=list_id,
            name=name,
            redirect_url=redirect_url,
            success_message=success_message,
            tags=tags,
            title=title,
        )

        return form_patch
