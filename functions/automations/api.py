"""HTTP routes of the automations group: definitions, activation, stats, runs."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from functions.automations import service
from functions.automations.models import (
    MAX_AUTOMATIONS,
    AutomationCreate,
    AutomationOut,
    AutomationPatch,
    RunOut,
    RunStatus,
)
from functions.core import http
from functions.core.auth import caller
from functions.core.models import Deleted, Envelope, Page
from functions.core.pagination import DEFAULT_LIMIT, MAX_LIMIT

router = Router()
TAGS = ["automations"]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size")]
Cursor = Annotated[str | None, Query(max_length=2048, description="next_cursor of the previous page")]
AutomationId = Annotated[str, Path()]


@router.post(
    "/v1/automations",
    tags=TAGS,
    summary="Create an automation (a draft)",
    description=f"At most {MAX_AUTOMATIONS} per workspace (409 `automation_limit_reached`). Lists, segments, "
    "senders and templates it names must exist in the workspace (404).",
    responses={201: {"description": "Created"}},
)
def create_automation(body: AutomationCreate) -> Response[Envelope[AutomationOut]]:
    return http.created(service.create(caller().workspace_id, body))


@router.get("/v1/automations", tags=TAGS, summary="Automations, newest first")
def list_automations(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> Response[Page[AutomationOut]]:
    items, next_cursor = service.list_automations(caller().workspace_id, limit, cursor)
    return http.page(items, next_cursor)


@router.get("/v1/automations/<automation_id>", tags=TAGS, summary="Get an automation with its stats")
def get_automation(automation_id: AutomationId) -> Response[Envelope[AutomationOut]]:
    return http.ok(service.get(caller().workspace_id, automation_id))


@router.patch(
    "/v1/automations/<automation_id>",
    tags=TAGS,
    summary="Change an automation (only while draft or paused)",
    description="422 `automation_not_editable` while it is active: pause it first.",
)
def patch_automation(automation_id: AutomationId, body: AutomationPatch) -> Response[Envelope[AutomationOut]]:
    return http.ok(service.update(caller().workspace_id, automation_id, body))


@router.delete(
    "/v1/automations/<automation_id>",
    tags=TAGS,
    summary="Delete an automation",
    description="Its active runs end (exited, automation_deleted).",
)
def delete_automation(automation_id: AutomationId) -> Response[Deleted]:
    service.delete(caller().workspace_id, automation_id)
    return http.deleted()


@router.post("/v1/automations/<automation_id>/activate", tags=TAGS, summary="Start (or resume) an automation")
def activate_automation(automation_id: AutomationId) -> Response[Envelope[AutomationOut]]:
    return http.ok(service.activate(caller().workspace_id, automation_id))


@router.post(
    "/v1/automations/<automation_id>/pause",
    tags=TAGS,
    summary="Pause an automation",
    description="Nobody enters while it is paused; runs hold at their step and go on within 15 minutes "
    "of activation.",
)
def pause_automation(automation_id: AutomationId) -> Response[Envelope[AutomationOut]]:
    return http.ok(service.pause(caller().workspace_id, automation_id))


@router.get(
    "/v1/automations/<automation_id>/runs", tags=TAGS, summary="The runs of an automation, by contact"
)
def list_runs(
    automation_id: AutomationId,
    contact_id: Annotated[str | None, Query(max_length=100)] = None,
    status: Annotated[RunStatus | None, Query()] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response[Page[RunOut]]:
    items, next_cursor = service.list_runs(
        caller().workspace_id, automation_id, contact_id, status, limit, cursor
    )
    return http.page(items, next_cursor)
