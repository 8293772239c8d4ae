"""HTTP routes of senders and domains."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from functions.core import http
from functions.core.auth import caller
from functions.core.models import Deleted, Envelope, Page
from functions.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from functions.senders import service
from functions.senders.models import DomainCreate, DomainOut, SenderCreate, SenderOut, SenderPatch

router = Router()
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Cursor = Annotated[str | None, Query(max_length=2048)]
Id = Annotated[str, Path()]


@router.post(
    "/v1/senders",
    tags=["senders"],
    summary="Create a sender",
    description="The from address must be verified by SES, itself or through a domain this workspace owns "
    "(a domain merely added vouches for nothing); a new address gets SES's verification email and is held "
    "by this workspace, for 72 h unless SES verifies it. On a domain another workspace owns: 409 "
    "`identity_taken`. `verified` says when it may send.",
    responses={201: {"description": "Created"}},
)
def create_sender(body: SenderCreate) -> Response[Envelope[SenderOut]]:
    return http.created(service.create_sender(caller().workspace_id, body))


@router.get("/v1/senders", tags=["senders"], summary="Senders, newest first")
def list_senders(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> Response[Page[SenderOut]]:
    items, next_cursor = service.senders_page(caller().workspace_id, limit, cursor)
    return http.page(items, next_cursor)


@router.get("/v1/senders/<sender_id>", tags=["senders"], summary="Get a sender")
def get_sender(sender_id: Id) -> Response[Envelope[SenderOut]]:
    return http.ok(service.get_sender(caller().workspace_id, sender_id))


@router.patch("/v1/senders/<sender_id>", tags=["senders"], summary="Change a sender")
def patch_sender(sender_id: Id, body: SenderPatch) -> Response[Envelope[SenderOut]]:
    return http.ok(service.update_sender(caller().workspace_id, sender_id, body))


@router.delete("/v1/senders/<sender_id>", tags=["senders"], summary="Delete a sender")
def delete_sender(sender_id: Id) -> Response[Deleted]:
    service.delete_sender(caller().workspace_id, sender_id)
    return http.deleted()


@router.post(
    "/v1/domains",
    tags=["domains"],
    summary="Add a sending domain (returns the DNS records to publish)",
    description="A claim until this workspace proves it owns the domain by publishing its `ownership` TXT "
    "record within 72 h. A claim blocks no other workspace; a proven owner does (409 `identity_taken`).",
    responses={201: {"description": "Created"}},
)
def create_domain(body: DomainCreate) -> Response[Envelope[DomainOut]]:
    return http.created(service.create_domain(caller().workspace_id, body))


@router.post(
    "/v1/domains/<domain_id>/verify",
    tags=["domains"],
    summary="Look the domain's ownership record up now (reading the domain does too)",
)
def verify_domain(domain_id: Id) -> Response[Envelope[DomainOut]]:
    return http.ok(service.verify_domain(caller().workspace_id, domain_id))


@router.get("/v1/domains", tags=["domains"], summary="Sending domains")
def list_domains(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> Response[Page[DomainOut]]:
    items, next_cursor = service.domains_page(caller().workspace_id, limit, cursor)
    return http.page(items, next_cursor)


@router.get(
    "/v1/domains/<domain_id>",
    tags=["domains"],
    summary="A domain, its ownership record looked up and its status refreshed from SES",
)
def get_domain(domain_id: Id) -> Response[Envelope[DomainOut]]:
    return http.ok(service.get_domain(caller().workspace_id, domain_id))


@router.delete("/v1/domains/<domain_id>", tags=["domains"], summary="Remove a domain (and its SES identity)")
def delete_domain(domain_id: Id) -> Response[Deleted]:
    service.delete_domain(caller().workspace_id, domain_id)
    return http.deleted()
