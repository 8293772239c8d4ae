from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.form_stats import FormStats


T = TypeVar("T", bound="FormOut")


@_attrs_define
class FormOut:
    """
    Attributes:
        created_at (str):
        embed_html (str): A <form> that works without JavaScript, and a small script
        fields (list[str]):
        hosted_url (str):
        id (str):
        is_published (bool):
        list_id (str):
        name (str):
        public_id (str):
        stats (FormStats):
        updated_at (str):
        consent_text (None | str | Unset):
        double_opt_in (bool | None | Unset):
        redirect_url (None | str | Unset):
        success_message (None | str | Unset):
        tags (list[str] | Unset):
        title (None | str | Unset):
    """

    created_at: str
    embed_html: str
    fields: list[str]
    hosted_url: str
    id: str
    is_published: bool
    list_id: str
    name: str
    public_id: str
    stats: FormStats
    updated_at: str
    consent_text: None | str | Unset = UNSET
    double_opt_in: bool | None | Unset = UNSET
    redirect_url: None | str | Unset = UNSET
    success_message: None | str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    title: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at

        embed_html = self.embed_html

        fields = self.fields

        hosted_url = self.hosted_url

        id = self.id

        is_published = self.is_published

        list_id = self.list_id

        name = self.name

        public_id = self.public_id

        stats = self.stats.to_dict()

        updated_at = self.updated_at

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

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "embed_html": embed_html,
                "fields": fields,
                "hosted_url": hosted_url,
                "id": id,
                "is_published": is_published,
                "list_id": list_id,
                "name": name,
                "public_id": public_id,
                "stats": stats,
                "updated_at": updated_at,
            }
        )
        if consent_text is not UNSET:
            field_dict["consent_text"] = consent_text
        if double_opt_in is not UNSET:
            field_dict["double_opt_in"] = double_opt_in
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
        from ..models.form_stats import FormStats

        d = dict(src_dict)
        created_at = d.pop("created_at")

        embed_html = d.pop("embed_html")

        fields = cast(list[str], d.pop("fields"))

        hosted_url = d.pop("hosted_url")

        id = d.pop("id")

        is_published = d.pop("is_published")

        list_id = d.pop("list_id")

        name = d.pop("name")

        public_id = d.pop("public_id")

        stats = FormStats.from_dict(d.pop("stats"))

        updated_at = d.pop("updated_at")

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

        tags = cast(list[str], d.pop("tags", UNSET))

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        form_out = cls(
            created_at=created_at,
            embed_html=embed_html,
            fields=fields,
            hosted_url=hosted_url,
            id=id,
            is_published=is_published,
            list_id=list_id,
            name=name,
            public_id=public_id,
            stats=stats,
            updated_at=updated_at,
            consent_text=consent_text,
            double_opt_in=double_opt_in,
            redirect_url=redirect_url,
            success_message=success_message,
            tags=tags,
            title=title,
        )

        form_out.additional_properties = d
        return form_out

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
