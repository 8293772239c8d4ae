from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PageSummary")


@_attrs_define
class PageSummary:
    """A page as the listing shows it: everything but the html (GET /v1/pages/{id} has it).

    Attributes:
        created_at (str):
        id (str):
        published (bool):
        slug (str):
        title (str):
        updated_at (str):
        url (str): <public base URL>/pages/<workspace slug>/<slug>
        form_id (None | str | Unset):
        views (int | Unset):  Default: 0.
    """

    created_at: str
    id: str
    published: bool
    slug: str
    title: str
    updated_at: str
    url: str
    form_id: None | str | Unset = UNSET
    views: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at

        id = self.id

        published = self.published

        slug = self.slug

        title = self.title

        updated_at = self.updated_at

        url = self.url

        form_id: None | str | Unset
        if isinstance(self.form_id, Unset):
            form_id = UNSET
        else:
            form_id = self.form_id

        views = self.views

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "published": published,
                "slug": slug,
                "title": title,
                "updated_at": updated_at,
                "url": url,
            }
        )
        if form_id is not UNSET:
            field_dict["form_id"] = form_id
        if views is not UNSET:
            field_dict["views"] = views

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        created_at = d.pop("created_at")

        id = d.pop("id")

        published = d.pop("published")

        slug = d.pop("slug")

        title = d.pop("title")

        updated_at = d.pop("updated_at")

        url = d.pop("url")

        def _parse_form_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        form_id = _parse_form_id(d.pop("form_id", UNSET))

        views = d.pop("views", UNSET)

        page_summary = cls(
            created_at=created_at,
            id=id,
            published=published,
            slug=slug,
            title=title,
            updated_at=updated_at,
            url=url,
            form_id=form_id,
            views=views,
        )

        page_summary.additional_properties = d
        return page_summary

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
