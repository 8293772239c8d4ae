"""Landing pages, served at /pages/<workspace slug>/<slug> (no API key): the workspace owner's html, with
its form below it, in a page of the workspace's language. Every view is counted, nothing else about the
visitor is kept, and the page loads nothing from anywhere else.

The html is the owner's own, but it is served from the API's domain: a strict Content-Security-Policy
runs no script of it, lets it post forms only to this origin (the embedded form's /f/<public_id>), and
keeps it out of frames.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlsplit

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from functions.account.models import SLUG
from functions.core.errors import NotFound
from functions.core.observability import logger
from functions.forms import render
from functions.forms import service as forms
from functions.pages import service as pages
from functions.public import words
from functions.public.api import _not_found

router = Router()
_SLUG = re.compile(SLUG)
POLICY = (
    "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; form-action {form_action}; "
    "frame-ancestors 'none'; base-uri 'none'"
)
ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(:\d{1,5})?$")
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",  # every view reaches the counter, and an unpublished page is gone at once
}
# A readable default the owner's own <style> overrides (it comes later), and the embedded form's layout.
STYLE = (
    "body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1a1a1a}"
    "main{max-width:48em;margin:0 auto;padding:1em}img{max-width:100%;height:auto}"
    ".lc-form{margin:2em 0}" + render.FORM_CSS
)
PAGE = (
    "<!doctype html><html lang={lang}><head><meta charset=utf-8>"
    "<meta name=viewport content='width=device-width, initial-scale=1'><title>{title}</title>"
    "<style>{style}</style></head><body><main>{html}{form}</main></body></html>"
)


def _form_action(form: dict[str, Any] | None) -> str:
    """This origin, and the one the form's redirect_url sends a browser to once it signed up: a browser
    that holds that redirect to form-action too (Chrome does) would stop it otherwise."""
    parts = urlsplit(str((form or {}).get("redirect_url") or ""))
    origin = f"{parts.scheme}://{parts.netloc}".lower()
    return f"'self' {origin}" if ORIGIN.fullmatch(origin) else "'self'"


def _secured(response: Response, form: dict[str, Any] | None = None) -> Response:
    policy = POLICY.format(form_action=_form_action(form))
    response.headers.update({"Content-Security-Policy": policy, **HEADERS})
    return response


def _published_form(
    workspace_id: str, form_id: str | None
) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """The page's form and its list's fields while it exists and is published, else None (the page is
    shown without it)."""
    if not form_id:
        return None
    try:
        form = forms.load(workspace_id, form_id)
        if not form.get("is_published"):
            return None
        return form, forms.field_definitions(workspace_id, form["list_id"])
    except NotFound:  # the form, or its list, deleted since the page named it
        return None


def _count(workspace_id: str, page: dict[str, Any]) -> None:
    try:
        pages.count_view(workspace_id, page["id"])
    except Exception:  # a counter that failed must not take the page down with it
        logger.exception("page view not counted", extra={"page_id": page["id"]})


@router.get("/pages/<workspace_slug>/<slug>", include_in_schema=False)
def landing_page(workspace_slug: str, slug: str):
    found = (
        pages.published(workspace_slug, slug)
        if _SLUG.fullmatch(workspace_slug) and _SLUG.fullmatch(slug)
        else None
    )
    if found is None:
        return _secured(_not_found())
    workspace_id, page = found
    lang, said = words.for_workspace(workspace_id)
    embedded = _published_form(workspace_id, page.get("form_id"))
    body = PAGE.format(
        lang=lang,
        title=html.escape(page["title"]),
        style=STYLE,
        html=page["html"],
        form=render.form_markup(*embedded, lang_words=said) if embedded else "",
    )
    _count(workspace_id, page)
    response = Response(status_code=200, content_type="text/html; charset=utf-8", body=body)
    return _secured(response, embedded[0] if embedded else None)
