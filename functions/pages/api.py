"""HTTP routes of the pages group: landing pages, served publicly at /pages/<workspace slug>/<slug>."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from functions.core import http
from functions.core.auth import caller
from functions.core.models import Deleted, Envelope, Page
from functions.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from functions.pages import service
from functions.pages.models import MAX_PAGES, PageCreate, PageOut, PagePatch, PageSummary

router = Router()
TAGS = ["pages"]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size")]
Cursor = Annotated[str | None, Query(max_length=2048, description="next_cursor of the previous page")]
PageId = Annotated[str, Path()]


@router.post(
    "/v1/pages",
    tags=TAGS,
    summary="Create a landing page",
    description=f"At most {MAX_PAGES} per workspace (409 `page_limit_reached`); the slug is unique in the "
    "workspace (409 `page_slug_taken`); `form_id` names a form of the workspace (404). A workspace without "
    "a slug gets one from its name. Served at `url` once published.",
    responses={201: {"description": "Created"}},
)
def create_page(body: PageCreate) -> Response[Envelope[PageOut]]:
    return http.created(service.create(caller().workspace_id, body))


@router.get("/v1/pages", tags=TAGS, summary="Landing pages, newest first (without their html)")
def list_pages(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> Response[Page[PageSummary]]:
    items, next_cursor = service.list_pages(caller().workspace_id, limit, cursor)
    return http.page(items, next_cursor)


@router.get("/v1/pages/<page_id>", tags=TAGS, summary="Get a landing page with its html and views")
def get_page(page_id: PageId) -> Response[Envelope[PageOut]]:
    return http.ok(service.get(caller().workspace_id, page_id))


@router.patch(
    "/v1/pages/<page_id>",
    tags=TAGS,
    summary="Change a landing page",
    description="A new slug moves the page's URL (the old one is free at once); `form_id: null` removes "
    "the form.",
)
def patch_page(page_id: PageId, body: PagePatch) -> Response[Envelope[PageOut]]:
    return http.ok(service.update(caller().workspace_id, page_id, body))


@router.delete("/v1/pages/<page_id>", tags=TAGS, summary="Delete a landing page (its URL is a 404 at once)")
def delete_page(page_id: PageId) -> Response[Deleted]:
    service.delete(caller().workspace_id, page_id)
    return http.deleted()
