"""HTTP routes of the contacts group."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import unquote

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from functions.contacts import service
from functions.contacts.filters import FILTER_PATTERN, ContactQuery
from functions.contacts.models import (
    ID_PATTERN,
    ConsentRecord,
    ContactOut,
    ContactPatch,
    DayStats,
    Status,
    TagsBody,
)
from functions.core import http
from functions.core.auth import caller
from functions.core.models import Deleted, Envelope, Page
from functions.core.pagination import DEFAULT_LIMIT, MAX_LIMIT

router = Router()
TAGS = ["contacts"]

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size")]
Cursor = Annotated[str | None, Query(max_length=2048, description="next_cursor of the previous page")]


@router.get(
    "/v1/contacts",
    tags=TAGS,
    summary="List contacts, newest first",
    description="`q` searches email and names; `filter` is `field=op:value,...` over email, first_name, "
    "last_name, name, phone, status, created_at, updated_at, tags and attributes.<key> with ops eq neq "
    "contains not_contains sw gt gte lt lte exists not_exists; `sort` is created_at:desc or created_at:asc.",
)
def list_contacts(
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    filter: Annotated[
        str | None, Query(max_length=2000, json_schema_extra={"pattern": FILTER_PATTERN})
    ] = None,
    sort: Annotated[str, Query(pattern="^created_at:(asc|desc)$")] = "created_at:desc",
    status: Annotated[Status | None, Query()] = None,
    tag: Annotated[str | None, Query(max_length=100)] = None,
    list_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
    segment_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
) -> Response[Page[ContactOut]]:
    query = ContactQuery(
        q=q, filter=filter, sort=sort, status=status, tag=tag, list_id=list_id, segment_id=segment_id
    )
    contacts, next_cursor = service.list_contacts(caller().workspace_id, query, limit, cursor)
    return http.page(contacts, next_cursor)


@router.get(
    "/v1/contacts/stats",
    tags=TAGS,
    summary="Contacts added, unsubscribed, bounced and deleted per day, with the running total",
)
def contact_stats(
    start_date: Annotated[
        str | None,
        Query(
            description="YYYY-MM-DD, at most 366 days ago (default: 30 days)",
            json_schema_extra={"format": "date"},  # read by the service, which names what is wrong
        ),
    ] = None,
) -> Response[Envelope[list[DayStats]]]:
    return http.ok(service.stats(caller().workspace_id, start_date))


@router.get("/v1/contacts/<contact_id>", tags=TAGS, summary="Get a contact by id or email")
def get_contact(contact_id: Annotated[str, Path(max_length=320)]) -> Response[Envelope[ContactOut]]:
    # API Gateway REST passes the path still percent-encoded: ann%40example.com is ann@example.com.
    return http.ok(service.get(caller().workspace_id, unquote(contact_id)))


@router.patch(
    "/v1/contacts/<contact_id>",
    tags=TAGS,
    summary="Change a contact (named by its id or its email)",
    description="Only the fields sent change. Attributes merge (null removes a key); tags replace the list; "
    "the email may change to one no other contact has (409 otherwise).",
)
def patch_contact(contact_id: Annotated[str, Path()], body: ContactPatch) -> Response[Envelope[ContactOut]]:
    return http.ok(service.update(caller().workspace_id, unquote(contact_id), body))


@router.delete(
    "/v1/contacts/<contact_id>", tags=TAGS, summary="Erase a contact (by id or email) with all it holds"
)
def delete_contact(contact_id: Annotated[str, Path()]) -> Response[Deleted]:
    service.delete(caller().workspace_id, unquote(contact_id))
    return http.deleted()


@router.get(
    "/v1/contacts/<contact_id>/consent",
    tags=TAGS,
    summary="The contact's consent records, newest first",
    description="One record per signup to a list (API, form, preference center): its source, ip, user "
    "agent, the consent text shown, when, and for double opt-in when and from which ip it was confirmed. "
    "Records are never rewritten; they are erased with the contact.",
)
def list_consent_records(contact_id: Annotated[str, Path()]) -> Response[Envelope[list[ConsentRecord]]]:
    records = service.consent_records(caller().workspace_id, unquote(contact_id))
    return http.ok([ConsentRecord.model_validate(r) for r in records])


@router.post("/v1/contacts/<contact_id>/tags", tags=TAGS, summary="Add tags to a contact")
def add_tags(contact_id: Annotated[str, Path()], body: TagsBody) -> Response[Envelope[ContactOut]]:
    return http.ok(service.add_tags(caller().workspace_id, contact_id, body.tags))


@router.delete("/v1/contacts/<contact_id>/tags/<tag>", tags=TAGS, summary="Remove a tag from a contact")
def remove_tag(
    contact_id: Annotated[str, Path()], tag: Annotated[str, Path()]
) -> Response[Envelope[ContactOut]]:
    return http.ok(service.remove_tag(caller().workspace_id, contact_id, unquote(tag)))
