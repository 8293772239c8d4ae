"""HTTP routes of the imports group: jobs for contact CSV files.

And POST /v1/lists/{id}/subscribers/import (`lists_router`, served by the lists function): an import whose
list the path names.

A route that takes a CSV file reads the request itself (Powertools reads only JSON and form bodies); the
gateway passes text/csv base64-encoded (a binary media type), so a Latin-1 file arrives as it was sent.
"""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import ValidationError

from functions.core import bodies, http
from functions.core.auth import caller
from functions.core.errors import Invalid
from functions.core.models import Envelope, ItemError, Page
from functions.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from functions.imports import exports, service
from functions.imports.models import MAX_BODY_BYTES, ExportIn, ExportOut, ImportIn, ImportOut

router = Router()
lists_router = Router()
TAGS = ["imports"]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size")]
Cursor = Annotated[str | None, Query(max_length=2048, description="next_cursor of the previous page")]
CSV_ROUTES = (r"/v1/imports", r"/v1/lists/[^/]+/subscribers/import")


def _options(event: object, **fixed: object) -> ImportIn:
    """The job's options: a JSON body, or for a CSV body the query string (list_id, tags=a,b,
    update_existing=false)."""
    raw = getattr(event, "raw_event", {})
    try:
        if bodies.is_csv(raw):
            query = raw.get("queryStringParameters") or {}
            options: dict[str, object] = {}
            if query.get("list_id"):
                options["list_id"] = query["list_id"]
            if query.get("tags"):
                options["tags"] = [t for t in query["tags"].split(",") if t.strip()]
            if "update_existing" in query:
                options["update_existing"] = query["update_existing"].lower() not in ("false", "0", "no")
            return ImportIn.model_validate({**options, **fixed})
        body = getattr(event, "json_body", None) or {}
        return ImportIn.model_validate({**body, **fixed})
    except ValidationError as exc:
        error = ItemError.invalid(exc)
        raise Invalid(error.message, fields=error.fields) from None


def _create(**fixed: object) -> Response:
    event = router.current_event if not fixed else lists_router.current_event
    options = _options(event, **fixed)
    data = bodies.csv_body(event.raw_event)
    if data is None:
        return http.created(service.create(caller().workspace_id, options))
    return http.accepted(service.create_from_body(caller().workspace_id, data, options))


@router.post(
    "/v1/imports",
    tags=TAGS,
    summary="Import contacts from a CSV file",
    description="With a JSON body (or none): 201, a job waiting for its file, with `upload_url`, a presigned "
    "PUT for a file of up to 1 GB (send `Content-Type: text/csv`). With a `text/csv` body of up to "
    f"{MAX_BODY_BYTES} bytes: 202, the job for that file (options in the query string: `list_id`, "
    "`tags=a,b`, `update_existing=false`). Either way the file is read in parallel chunks; follow the job "
    "with GET /v1/imports/{id}.",
    responses={201: {"description": "Waiting for the upload"}, 202: {"description": "Accepted"}},
)
def create_import() -> Response[Envelope[ImportOut]]:
    return _create()


@lists_router.post(
    "/v1/lists/<list_id>/subscribers/import",
    tags=["lists"],
    summary="Import subscribers of a list from a CSV file",
    description="As POST /v1/imports with this list: each row's contact is subscribed to it (its fields "
    "checked per row; a contact that unsubscribed is not subscribed again).",
    responses={201: {"description": "Waiting for the upload"}, 202: {"description": "Accepted"}},
)
def import_subscribers(list_id: Annotated[str, Path()]) -> Response[Envelope[ImportOut]]:
    return _create(list_id=list_id)


@router.get("/v1/imports", tags=TAGS, summary="Imports, newest first")
def list_imports(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> Response[Page[ImportOut]]:
    jobs, next_cursor = service.list_imports(caller().workspace_id, limit, cursor)
    return http.page(jobs, next_cursor)


@router.get(
    "/v1/imports/<import_id>",
    tags=TAGS,
    summary="An import: its status, counts as they grow, the first 100 rejected rows and a CSV of all",
)
def get_import(import_id: Annotated[str, Path()]) -> Response[Envelope[ImportOut]]:
    return http.ok(service.get(caller().workspace_id, import_id))


@router.post(
    "/v1/exports",
    tags=TAGS,
    summary="Export a list's members, a segment's members or a campaign's recipients as CSV",
    description="202, the job; GET /v1/exports/{id} answers `download_url` (a presigned GET, 1 hour) once it "
    "is `completed`. Cells starting with = + - @ are prefixed with ' so spreadsheets do not run them.",
    responses={202: {"description": "Accepted"}},
)
def create_export(body: ExportIn) -> Response[Envelope[ExportOut]]:
    return http.accepted(exports.create(caller().workspace_id, body))


@router.get("/v1/exports/<export_id>", tags=TAGS, summary="An export: its status and, once done, its file")
def get_export(export_id: Annotated[str, Path()]) -> Response[Envelope[ExportOut]]:
    return http.ok(exports.get(caller().workspace_id, export_id))
