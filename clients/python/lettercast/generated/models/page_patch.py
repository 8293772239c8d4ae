from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PagePatch")


@_attrs_define
class PagePatch:
    """
    Attributes:
        form_id (None | str | Unset): null removes the form
        html (str | Unset): At most 200000 characters (300000 bytes in UTF-8)
        published (bool | Unset):
        slug (str | Unset):
        title (str | Unset):
    """

    form_id: None | str | Unset = UNSET
    html: str | Unset = UNSET
    published: bool | Unset = UNSET
    slug: str | Unset = UNSET
    title: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        form_id: None | str | Unset
        if isinstance(self.form_id, Unset):
            form_id = UNSET
        else:
            form_id = self.form_id

        html = self.html

        published = self.published

        slug = self.slug

        title = self.title

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if form_id is not UNSET:
            field_dict["form_id"] = form_id
        if html is not UNSET:
            field_dict["html"] = html
        if published is not UNSET:
            field_dict["published"] = published
        if slug is not UNSET:
            field_dict["slug"] = slug
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_form_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        form_id = _parse_form_id(d.pop("form_id", UNSET))

        html = d.pop("html", UNSET)

        published = d.pop("published", UNSET)

        slug = d.pop("slug", UNSET)

        title = d.pop("title", UNSET)

        page_patch = cls(
            form_id=form_id,
            html=html,
            published=published,
            slug=slug,
            title=title,
        )

        return page_patch
