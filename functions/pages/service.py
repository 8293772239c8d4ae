"""The rules of landing pages: a slug unique in the workspace, at most MAX_PAGES, a form of the workspace,
a URL under the workspace's slug (given one from its name with the first page), views counted."""

from __future__ import annotations

from typing import Any

from functions.account import service as account
from functions.core import clock
from functions.core.errors import Conflict, NotFound
from functions.core.ids import is_id, new_id
from functions.core.settings import settings
from functions.forms import service as forms
from functions.pages import store
from functions.pages.models import MAX_PAGES, PageCreate, PageOut, PagePatch, PageSummary

ATTEMPTS = 3  # a change that raced another one is made again on what that one left


def url(workspace_slug: str | None, slug: str) -> str:
    """Where the page is served: <public base>/pages/<workspace slug>/<slug>."""
    return f"{settings().public_base_url.rstrip('/')}/pages/{workspace_slug}/{slug}"


def _check_form(workspace_id: str, form_id: str) -> None:
    """The form is one of this workspace's (404 form_not_found, as for a form that never existed)."""
    forms.load(workspace_id, form_id)


def _load(workspace_id: str, page_id: str) -> dict[str, Any]:
    item = store.get(workspace_id, page_id) if is_id(page_id) else None
    if item is None:
        raise NotFound("page", page_id)
    return item


def _out(workspace_id: str, item: dict[str, Any]) -> PageOut:
    views = store.views(workspace_id, [item["id"]])[item["id"]]
    return PageOut.from_item(item, url(account.slug_of(workspace_id), item["slug"]), views)


def _slug_taken(slug: str) -> Conflict:
    return Conflict(f"Another page of the workspace has the slug {slug!r}", code="page_slug_taken")


def create(workspace_id: str, body: PageCreate) -> PageOut:
    if body.form_id is not None:
        _check_form(workspace_id, body.form_id)
    workspace_slug = account.ensure_slug(workspace_id)  # a page always has a URL
    at = clock.now_iso()
    item = {
        "id": new_id(),
        "workspace_id": workspace_id,
        **body.model_dump(exclude_none=True),
        "created_at": at,
        "updated_at": at,
    }
    try:
        store.create(item, MAX_PAGES)
    except store.SlugTaken:
        raise _slug_taken(body.slug) from None
    except store.LimitReached:
        raise Conflict(f"A workspace has at most {MAX_PAGES} pages", code="page_limit_reached") from None
    return PageOut.from_item(item, url(workspace_slug, item["slug"]), 0)


def list_pages(workspace_id: str, limit: int, cursor: str | None) -> tuple[list[PageSummary], str | None]:
    items, next_cursor = store.list_page(workspace_id, limit, cursor)
    views = store.views(workspace_id, [i["id"] for i in items]) if items else {}
    workspace_slug = account.slug_of(workspace_id) if items else None
    pages = [PageSummary.from_item(i, url(workspace_slug, i["slug"]), views[i["id"]]) for i in items]
    return pages, next_cursor


def get(workspace_id: str, page_id: str) -> PageOut:
    return _out(workspace_id, _load(workspace_id, page_id))


def update(workspace_id: str, page_id: str, patch: PagePatch) -> PageOut:
    given = patch.model_dump(exclude_unset=True)
    current = _load(workspace_id, page_id)
    if given.get("form_id") is not None:
        _check_form(workspace_id, given["form_id"])
    removes = ("form_id",) if "form_id" in given and given["form_id"] is None else ()
    changes = {k: v for k, v in given.items() if v is not None}
    for _ in range(ATTEMPTS):
        slug_was = current["slug"]
        wanted = {**changes, "updated_at": clock.now_iso()}
        if wanted.get("slug") == slug_was:
            wanted.pop("slug")
        try:
            if not store.update(workspace_id, page_id, wanted, removes, slug_was=slug_was):
                raise NotFound("page", page_id)
        except store.SlugTaken:
            raise _slug_taken(changes["slug"]) from None
        except store.PageGone:
            current = _load(workspace_id, page_id)  # deleted (404), or its slug changed meanwhile: again
            continue
        return get(workspace_id, page_id)
    raise Conflict("The page is being changed by another request; try again", code="page_changing")


def delete(workspace_id: str, page_id: str) -> None:
    """The page goes at once, and its URL with it (the slug is free again)."""
    for _ in range(ATTEMPTS):
        page = _load(workspace_id, page_id)
        if store.delete(workspace_id, page):
            return
    raise Conflict("The page is being changed by another request; try again", code="page_changing")


# --- the public page -------------------------------------------------------------------------------


def published(workspace_slug: str, slug: str) -> tuple[str, dict[str, Any]] | None:
    """The workspace and the page served at /pages/<workspace_slug>/<slug>: None unless it is published."""
    workspace_id = account.workspace_of_slug(workspace_slug)
    page = store.by_slug(workspace_id, slug) if workspace_id else None
    if workspace_id is None or page is None or not page.get("published"):
        return None
    return workspace_id, page


def count_view(workspace_id: str, page_id: str) -> None:
    store.count_view(workspace_id, page_id)
