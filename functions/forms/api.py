"""HTTP routes of the forms group: signup forms, their embed code and stats.

The forms themselves are served and submitted at /f/{public_id} by the public function
(functions/public/forms_pages.py)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from functions.core import http
from functions.core.auth import caller
from functions.core.models import Deleted, Envelope, Page
from functions.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from functions.forms import service
from functions.forms.models import (
    MAX_CONSENT_TEXT,
    MAX_FORM_FIELDS,
    MAX_FORM_TAGS,
    MAX_FORMS,
    MAX_NAME,
    MAX_REDIRECT_URL,
    MAX_SUCCESS_MESSAGE,
    FormCreate,
    FormOut,
    FormPatch,
)

router = Router()
TAGS = ["forms"]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size")]
Cursor = Annotated[str | None, Query(max_length=2048, description="next_cursor of the previous page")]
FormId = Annotated[str, Path()]

LIMITS = (
    f"At most {MAX_FORMS} forms per workspace (409 `form_limit_reached`); `name` at most {MAX_NAME} "
    f"characters, `success_message` {MAX_SUCCESS_MESSAGE}, `consent_text` {MAX_CONSENT_TEXT}; `redirect_url` "
    f"an absolute http(s) URL of at most {MAX_REDIRECT_URL}; at most {MAX_FORM_FIELDS} `fields` and "
    f"{MAX_FORM_TAGS} `tags`."
)
FIELDS = (
    "`fields` are tags of the list's fields (GET /v1/lists/{id}/fields), or `first_name` / `last_name` for "
    "the contact's own; an unknown tag is a 400 naming it. The email field is always on the form, and so "
    "is every field the list requires. The list must be the workspace's (404 `list_not_found`)."
)
PUBLIC = (
    "The form is served at `hosted_url` (GET: the page; POST: form-encoded or JSON, CORS allowed) while "
    "`is_published`. A hidden honeypot field stops bots; one address signs up at most 3 times an hour per "
    "workspace, one source at most 20 times in 10 minutes per form (429). `double_opt_in` null follows "
    "the list's setting."
)


@router.post(
    "/v1/forms",
    tags=TAGS,
    summary="Create a signup form",
    description=f"{FIELDS} {LIMITS} {PUBLIC}",
    responses={201: {"description": "Created"}},
)
def create_form(body: FormCreate) -> Response[Envelope[FormOut]]:
    return http.created(service.create(caller().workspace_id, body))


@router.get("/v1/forms", tags=TAGS, summary="Signup forms, newest first, with their stats")
def list_forms(
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    is_published: Annotated[bool | None, Query(description="Only published (or unpublished) forms")] = None,
) -> Response[Page[FormOut]]:
    items, next_cursor = service.list_forms(caller().workspace_id, limit, cursor, is_published)
    return http.page(items, next_cursor)


@router.get("/v1/forms/<form_id>", tags=TAGS, summary="Get a signup form with its stats")
def get_form(form_id: FormId) -> Response[Envelope[FormOut]]:
    return http.ok(service.get(caller().workspace_id, form_id))


@router.patch(
    "/v1/forms/<form_id>",
    tags=TAGS,
    summary="Change a signup form",
    description="Only the fields sent change; null clears `double_opt_in` (the list's setting again), "
    f"`tags`, `success_message`, `redirect_url` and `consent_text`. {FIELDS} {LIMITS}",
)
def patch_form(form_id: FormId, body: FormPatch) -> Response[Envelope[FormOut]]:
    return http.ok(service.update(caller().workspace_id, form_id, body))


@router.delete(
    "/v1/forms/<form_id>",
    tags=TAGS,
    summary="Delete a signup form",
    description="Its hosted page is gone at once; the contacts it signed up stay.",
)
def delete_form(form_id: FormId) -> Response[Deleted]:
    service.delete(caller().workspace_id, form_id)
    return http.deleted()
