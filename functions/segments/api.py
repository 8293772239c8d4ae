"""HTTP routes of the segments group."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from functions.contacts.models import ContactOut
from functions.core import http
from functions.core.auth import caller
from functions.core.models import Deleted, Envelope, Page
from functions.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from functions.segments import service
from functions.segments.models import (
    Preview,
    PreviewOut,
    SegmentCreate,
    SegmentLink,
    SegmentOut,
    SegmentPatch,
)

router = Router()
TAGS = ["segments"]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size")]
Cursor = Annotated[str | None, Query(max_length=2048, description="next_cursor of the previous page")]
SegmentId = Annotated[str, Path()]


@router.post(
    "/v1/segments",
    tags=TAGS,
    summary="Create a segment",
    description="Rules: {match: all|any, groups: [{match, conditions: [{field, operator, value}]}]}. "
    "Membership is built in the background (status building, then ready) and then follows every contact "
    "change in real time.",
    responses={201: {"description": "Created"}},
)
def create_segment(body: SegmentCreate) -> Response[Envelope[SegmentOut]]:
    return http.created(service.create(caller().workspace_id, body))


@router.get("/v1/segments", tags=TAGS, summary="Segments, newest first, with their member counts")
def list_segments(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> Response[Page[SegmentOut]]:
    segments, next_cursor = service.page(caller().workspace_id, limit, cursor)
    return http.page(segments, next_cursor)


@router.post("/v1/segments/preview", tags=TAGS, summary="Count and sample the contacts that rules match now")
def preview_segment(body: Preview) -> Response[Envelope[PreviewOut]]:
    return http.ok(service.preview(caller().workspace_id, body))


@router.get("/v1/segments/<segment_id>", tags=TAGS, summary="Get a segment")
def get_segment(segment_id: SegmentId) -> Response[Envelope[SegmentOut]]:
    return http.ok(service.get(caller().workspace_id, segment_id))


@router.patch("/v1/segments/<segment_id>", tags=TAGS, summary="Change a segment (new rules rebuild it)")
def patch_segment(segment_id: SegmentId, body: SegmentPatch) -> Response[Envelope[SegmentOut]]:
    return http.ok(service.update(caller().workspace_id, segment_id, body))


@router.delete("/v1/segments/<segment_id>", tags=TAGS, summary="Delete a segment (the contacts stay)")
def delete_segment(segment_id: SegmentId) -> Response[Deleted]:
    service.delete(caller().workspace_id, segment_id)
    return http.deleted()


@router.get("/v1/segments/<segment_id>/contacts", tags=TAGS, summary="Members, as full contact rows")
def segment_contacts(
    segment_id: SegmentId, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response[Page[ContactOut]]:
    rows, next_cursor = service.members(caller().workspace_id, segment_id, limit, cursor)
    return http.page(rows, next_cursor)


@router.post(
    "/v1/segments/<segment_id>/contacts",
    tags=TAGS,
    summary="Link a contact by hand",
    description="`{contact_id}` links an existing contact; `{email, first_name?, ...}` creates it if needed. "
    "201 when newly linked, 200 when it already was a member.",
    responses={201: {"description": "Linked"}, 200: {"description": "Linked already"}},
)
def link_contact(segment_id: SegmentId, body: SegmentLink) -> Response[Envelope[ContactOut]]:
    contact, new = service.link(caller().workspace_id, segment_id, body)
    return http.created(contact) if new else http.ok(contact)


@router.delete(
    "/v1/segments/<segment_id>/contacts/<contact_id>",
    tags=TAGS,
    summary="Drop a hand-linked member (the contact remains)",
    description="409 member_by_rules when the contact is a member only because it matches the rules.",
)
def unlink_contact(segment_id: SegmentId, contact_id: Annotated[str, Path()]) -> Response[Deleted]:
    service.unlink(caller().workspace_id, segment_id, contact_id)
    return http.deleted()
