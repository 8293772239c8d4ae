"""HTTP routes of the events group: behavioural events, one or a batch."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from functions.core import http
from functions.core.auth import caller
from functions.core.models import Envelope
from functions.events import service
from functions.events.models import MAX_BATCH, BatchOut, EventBatch, EventIn, EventOut

router = Router()
TAGS = ["events"]


@router.post(
    "/v1/events",
    tags=TAGS,
    summary="Record what a contact did",
    description="Accepted in one write; within about a second the event is in the contact's activity and "
    "its `events.<name>` summary (count, first and last time), which segment rules read. An unknown email "
    "creates the contact unless `create_contact` is false (404); a `contact_id` must name a contact (404). "
    "With an `id` accepted before, nothing changes and the first event is returned.",
    responses={202: {"description": "Accepted"}},
)
def record_event(body: EventIn) -> Response[Envelope[EventOut]]:
    return http.accepted(service.accept(caller().workspace_id, body))


@router.post(
    "/v1/events/batch",
    tags=TAGS,
    summary=f"Record up to {MAX_BATCH} events",
    description="Each event is checked on its own, as POST /v1/events would check it: a bad one is listed "
    "in `rejected` by its index, with the error that route would answer, and the others are accepted "
    "together, in one write.",
    responses={202: {"description": "Accepted, but for those rejected"}},
)
def record_events(body: EventBatch) -> Response[Envelope[BatchOut]]:
    return http.accepted(service.accept_batch(caller().workspace_id, body.events))
