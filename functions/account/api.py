"""HTTP routes of the account group: profile, API keys, workspaces."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from functions.account import service
from functions.account.models import (
    AccountOut,
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyOut,
    ProfileFields,
    WorkspaceCreate,
    WorkspaceCreated,
)
from functions.core import http, idempotency
from functions.core.auth import caller
from functions.core.models import Deleted, Envelope, Page
from functions.core.pagination import DEFAULT_LIMIT, MAX_LIMIT

router = Router()
TAGS = ["account"]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size")]
Cursor = Annotated[str | None, Query(description="next_cursor of the previous page")]


@router.get("/v1/account", tags=TAGS, summary="The workspace profile and usage")
def get_account() -> Response[Envelope[AccountOut]]:
    return http.ok(service.get_account(caller().workspace_id))


@router.patch("/v1/account", tags=TAGS, summary="Change the workspace profile")
def patch_account(body: ProfileFields) -> Response[Envelope[AccountOut]]:
    return http.ok(service.update_account(caller().workspace_id, body))


@router.post(
    "/v1/api-keys",
    tags=TAGS,
    summary="Create an API key (its value is shown only here)",
    responses={201: {"description": "Created (the key is shown once)"}},
)
def create_key(body: ApiKeyCreate) -> Response[Envelope[ApiKeyCreated]]:
    return idempotency.shown_once(http.created(service.create_key(caller(), body)), "data.key")


@router.get("/v1/api-keys", tags=TAGS, summary="List API keys, newest first")
def list_keys(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> Response[Page[ApiKeyOut]]:
    keys, next_cursor = service.list_keys(caller().workspace_id, limit, cursor)
    return http.page(keys, next_cursor)


@router.delete("/v1/api-keys/<key_id>", tags=TAGS, summary="Revoke an API key")
def revoke_key(key_id: Annotated[str, Path()]) -> Response[Deleted]:
    service.revoke_key(caller(), key_id)
    return http.deleted()


@router.post(
    "/v1/workspaces",
    tags=TAGS,
    summary="Create a workspace and its first key (scope admin)",
    responses={201: {"description": "Created"}},
)
def create_workspace(body: WorkspaceCreate) -> Response[Envelope[WorkspaceCreated]]:
    return idempotency.shown_once(http.created(service.create_workspace(body)), "data.key.key")
