from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PageCreate")


@_attrs_define
class PageCreate:
    """
    Attributes:
        html (str): The page body, shown in <main>; no scripts run (Content-Security-Policy)
        slug (str): Unique in the workspace; the page is at /pages/<workspace slug>/<slug>
        title (str):
        form_id (None | str | Unset): A form shown below the html while published
        published (bool | Unset): Only a published page is served Default: False.
    """

    html: str
    slug: str
    title: str
    form_id: None | str | Unset = UNSET
    published: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        html = self.html

        slug = self.slug

        title = self.title

        form_id: None | str | Unset
        if isinstance(self.form_id, Unset):
            form_id = UNSET
        else:
            form_id = self.form_id

        published = self.published

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "html": html,
                "slug": slug,
                "title": title,
            }
        )
        if form_id is not UNSET:
            field_dict["form_id"] = form_id
        if published is not UNSET:
            field_dict["published"] = published

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        html = d.pop("html")

        slug = d.pop("slug")

        title = d.pop("title")

        def _parse_form_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        form_id = _parse_form_id(d.pop("form_id", UNSET))

        published = d.pop("published", UNSET)

        page_create = cls(
            html=html,
            slug=slug,
            title=title,
            form_id=form_id,
            published=published,
        )

        return page_create
