"""HTTP routes of the lists group: lists, fields, subscribers.

And POST /v1/contacts (`contacts_router`, served by the contacts function): an upsert may name lists.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import unquote

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from functions.contacts import service as contacts
from functions.contacts.models import MAX_BATCH, ContactBatch, ContactBatchOut, ContactOut, ContactUpsert
from functions.core import http
from functions.core.auth import caller
from functions.core.models import Deleted, Envelope, Page
from functions.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from functions.lists import optin, service
from functions.lists.models import (
    FieldCreate,
    FieldOut,
    FieldPatch,
    ListCreate,
    ListOut,
    ListPatch,
    SubscriberCreate,
)

router = Router()
TAGS = ["lists"]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size")]
Cursor = Annotated[str | None, Query(max_length=2048, description="next_cursor of the previous page")]
ListId = Annotated[str, Path()]

# POST /v1/contacts, which the contacts function serves (infra/topology.py, functions/contacts/handler.py):
# an upsert may subscribe the contact to lists, whose rules are this group's, and the lists group already
# depends on the contacts group (it keeps the members), so the route lives here and not in contacts.api.
contacts_router = Router()


@contacts_router.post(
    "/v1/contacts",
    tags=["contacts"],
    summary="Create or update a contact by email",
    description="201 when created, 200 when the contact with this email (case-insensitive) was updated. "
    "Attributes are merged (null removes a key), tags are added. "
    "Sending the same body twice changes nothing.",
    responses={201: {"description": "Created"}, 200: {"description": "Updated"}},
)
def upsert_contact(body: ContactUpsert) -> Response[Envelope[ContactOut]]:
    if body.lists:
        contact, created = service.subscribe(caller().workspace_id, body, body.lists)
    else:
        contact, created = contacts.upsert(caller().workspace_id, body)
    return http.created(contact) if created else http.ok(contact)


@contacts_router.post(
    "/v1/contacts/batch",
    tags=["contacts"],
    summary=f"Create or update up to {MAX_BATCH} contacts by email",
    description="Each contact is checked and merged as POST /v1/contacts would (attributes merged, tags "
    "added, `lists` subscribed: a contact that unsubscribed from a list, or from everything, is not "
    "subscribed again); a bad one is listed in `errors` by its index and the others are written, many to a "
    "transaction. An email repeated in the batch is applied in order onto its first occurrence. Sending the "
    "same body twice changes nothing the second time (all `unchanged`).",
    responses={200: {"description": "Written, but for those in `errors`"}},
)
def upsert_contacts(body: ContactBatch) -> Response[Envelope[ContactBatchOut]]:
    return http.ok(service.upsert_many(caller().workspace_id, body.contacts))


@router.post("/v1/lists", tags=TAGS, summary="Create a list", responses={201: {"description": "Created"}})
def create_list(body: ListCreate) -> Response[Envelope[ListOut]]:
    return http.created(service.create_list(caller().workspace_id, body))


@router.get("/v1/lists", tags=TAGS, summary="Lists, newest first, with subscriber counts")
def list_lists(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> Response[Page[ListOut]]:
    lists, next_cursor = service.list_lists(caller().workspace_id, limit, cursor)
    return http.page(lists, next_cursor)


@router.get("/v1/lists/<list_id>", tags=TAGS, summary="Get a list")
def get_list(list_id: ListId) -> Response[Envelope[ListOut]]:
    return http.ok(service.get_list(caller().workspace_id, list_id))


@router.patch("/v1/lists/<list_id>", tags=TAGS, summary="Change a list")
def patch_list(list_id: ListId, body: ListPatch) -> Response[Envelope[ListOut]]:
    return http.ok(service.update_list(caller().workspace_id, list_id, body))


@router.delete(
    "/v1/lists/<list_id>",
    tags=TAGS,
    summary="Delete a list",
    description="The contacts stay; their memberships of this list are erased in the background.",
)
def delete_list(list_id: ListId) -> Response[Deleted]:
    service.delete_list(caller().workspace_id, list_id)
    return http.deleted()


# --- fields ----------------------------------------------------------------------------------


@router.post(
    "/v1/lists/<list_id>/fields",
    tags=TAGS,
    summary="Add a field to a list",
    responses={201: {"description": "Created"}},
)
def create_field(list_id: ListId, body: FieldCreate) -> Response[Envelope[FieldOut]]:
    return http.created(service.add_field(caller().workspace_id, list_id, body))


@router.get("/v1/lists/<list_id>/fields", tags=TAGS, summary="The fields of a list")
def list_fields(list_id: ListId) -> Response[Page[FieldOut]]:
    return http.page(service.list_fields(caller().workspace_id, list_id), None)


@router.get("/v1/lists/<list_id>/fields/<field_id>", tags=TAGS, summary="Get a field")
def get_field(list_id: ListId, field_id: Annotated[str, Path()]) -> Response[Envelope[FieldOut]]:
    return http.ok(service.get_field(caller().workspace_id, list_id, field_id))


@router.patch("/v1/lists/<list_id>/fields/<field_id>", tags=TAGS, summary="Change a field")
def patch_field(
    list_id: ListId, field_id: Annotated[str, Path()], body: FieldPatch
) -> Response[Envelope[FieldOut]]:
    return http.ok(service.update_field(caller().workspace_id, list_id, field_id, body))


@router.delete("/v1/lists/<list_id>/fields/<field_id>", tags=TAGS, summary="Delete a field")
def delete_field(list_id: ListId, field_id: Annotated[str, Path()]) -> Response[Deleted]:
    service.delete_field(caller().workspace_id, list_id, field_id)
    return http.deleted()


# --- subscribers -----------------------------------------------------------------------------


@router.post(
    "/v1/lists/<list_id>/subscribers",
    tags=TAGS,
    summary="Subscribe an email (creates or updates the contact)",
    description="The list's fields are checked against the contact's attributes first (400 names the field). "
    "201 when newly subscribed, 200 when it already was. On a double opt-in list the membership is "
    "`pending` and a confirmation email goes out: 202 (unless `force_subscribe`); the link in it "
    "subscribes the contact, and an unconfirmed signup lapses after 7 days. 422 "
    "`confirmation_sender_missing` when no sender can send that email. Each signup keeps a consent "
    "record (GET /v1/contacts/{contact_id}/consent) with `consent` as given.",
    responses={
        201: {"description": "Subscribed"},
        202: {"description": "Pending confirmation"},
        200: {"description": "Subscribed already"},
    },
)
def subscribe(list_id: ListId, body: SubscriberCreate) -> Response[Envelope[ContactOut]]:
    given = body.consent
    consent = optin.Consent(
        source="api",
        ip=given.ip if given else None,
        user_agent=given.user_agent if given else None,
        text=given.text if given else None,
    )
    upsert = ContactUpsert.model_validate(
        body.model_dump(exclude_unset=True, exclude={"force_subscribe", "consent"})
    )
    done = optin.signup(
        caller().workspace_id,
        list_id,
        upsert,
        consent,
        double_opt_in=False if body.force_subscribe else None,
    )
    if done.state == "pending":
        return http.accepted(done.contact)
    return http.created(done.contact) if done.state == "subscribed" else http.ok(done.contact)


@router.post(
    "/v1/lists/<list_id>/subscribers/<email>/confirmation",
    tags=TAGS,
    summary="Send a pending subscriber its confirmation email again",
    description="The 7 days to confirm start again. 409 `not_pending` when the address is subscribed or "
    "unsubscribed.",
    responses={202: {"description": "Sent again"}},
)
def resend_confirmation(list_id: ListId, email: Annotated[str, Path()]) -> Response[Envelope[ContactOut]]:
    return http.accepted(optin.resend(caller().workspace_id, list_id, unquote(email)))


@router.get("/v1/lists/<list_id>/subscribers", tags=TAGS, summary="Subscribed contacts, newest first")
def list_subscribers(
    list_id: ListId, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response[Page[ContactOut]]:
    rows, next_cursor = service.members(caller().workspace_id, list_id, "subscribed", limit, cursor)
    return http.page(rows, next_cursor)


@router.get("/v1/lists/<list_id>/unsubscribed", tags=TAGS, summary="Unsubscribed contacts of the list")
def list_unsubscribed(
    list_id: ListId, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response[Page[ContactOut]]:
    rows, next_cursor = service.members(caller().workspace_id, list_id, "unsubscribed", limit, cursor)
    return http.page(rows, next_cursor)


@router.get(
    "/v1/lists/<list_id>/pending",
    tags=TAGS,
    summary="Double opt-in signups not confirmed yet",
    description="Each lapses 7 days after its signup (or its last resend) unless its link is followed.",
)
def list_pending(
    list_id: ListId, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response[Page[ContactOut]]:
    rows, next_cursor = service.members(caller().workspace_id, list_id, "pending", limit, cursor)
    return http.page(rows, next_cursor)


@router.get("/v1/lists/<list_id>/subscribers/<email>", tags=TAGS, summary="A member of the list, by email")
def get_subscriber(list_id: ListId, email: Annotated[str, Path()]) -> Response[Envelope[ContactOut]]:
    return http.ok(service.get_subscriber(caller().workspace_id, list_id, email))


@router.delete(
    "/v1/lists/<list_id>/subscribers/<email>",
    tags=TAGS,
    summary="Unsubscribe from this list (the contact is kept)",
)
def unsubscribe(list_id: ListId, email: Annotated[str, Path()]) -> Response[Deleted]:
    service.unsubscribe(caller().workspace_id, list_id, email)
    return http.deleted()
