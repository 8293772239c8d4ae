"""HTTP routes of the templates group."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from functions.core import http
from functions.core.auth import caller
from functions.core.models import Deleted, Envelope, Page
from functions.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from functions.templates import service
from functions.templates.models import RenderBody, Rendered, TemplateCreate, TemplateOut, TemplatePatch

router = Router()
TAGS = ["templates"]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Cursor = Annotated[str | None, Query(max_length=2048)]
TemplateId = Annotated[str, Path()]


@router.post(
    "/v1/templates",
    tags=TAGS,
    summary="Create a template (checked for syntax, 400 gives the line)",
    responses={201: {"description": "Created"}},
)
def create_template(body: TemplateCreate) -> Response[Envelope[TemplateOut]]:
    return http.created(service.create(caller().workspace_id, body))


@router.get("/v1/templates", tags=TAGS, summary="Templates, newest first")
def list_templates(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> Response[Page[TemplateOut]]:
    items, next_cursor = service.page(caller().workspace_id, limit, cursor)
    return http.page(items, next_cursor)


@router.get("/v1/templates/<template_id>", tags=TAGS, summary="Get a template")
def get_template(template_id: TemplateId) -> Response[Envelope[TemplateOut]]:
    return http.ok(service.get(caller().workspace_id, template_id))


@router.patch("/v1/templates/<template_id>", tags=TAGS, summary="Change a template")
def patch_template(template_id: TemplateId, body: TemplatePatch) -> Response[Envelope[TemplateOut]]:
    return http.ok(service.update(caller().workspace_id, template_id, body))


@router.delete("/v1/templates/<template_id>", tags=TAGS, summary="Delete a template")
def delete_template(template_id: TemplateId) -> Response[Deleted]:
    service.delete(caller().workspace_id, template_id)
    return http.deleted()


@router.post(
    "/v1/templates/<template_id>/render",
    tags=TAGS,
    summary="Render with variables and/or a contact",
    description="Variables win over contact fields. Tags with no value: 400 missing_variables (all of them).",
)
def render_template(template_id: TemplateId, body: RenderBody) -> Response[Envelope[Rendered]]:
    return http.ok(service.render(caller().workspace_id, template_id, body))
