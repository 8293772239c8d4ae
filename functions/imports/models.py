"""Imports: the request bodies, the job as the API shows it, the queue job of a chunk, and the limits."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from functions.contacts.models import ID_PATTERN, Tags
from functions.core.models import Body, Out, exactly_one

# Limits (documented in docs/imports.md and the README).
# A CSV file sent in the request itself: it reaches Lambda base64-encoded (4/3 larger), within Lambda's
# 6 MB for a synchronous invocation.
MAX_BODY_BYTES = 4 * 1024 * 1024
MAX_FILE_BYTES = 1024**3  # an uploaded file
# What one chunk worker reads: about 3,000 rows of a typical file, a few seconds on Lambda. Small enough
# that the local runtime, which runs one writing invocation at a time, answers requests between chunks.
CHUNK_BYTES = 256 * 1024
UPLOAD_URL_S = 3600
DOWNLOAD_URL_S = 3600
FIRST_ERRORS = 100  # rejected rows shown in the job (all of them are in errors_url)
SUB_BATCH = 500  # rows a chunk worker reads and writes at once
# How long a chunk may wait, in all, for DynamoDB to have capacity (the worker's timeout is 300 s). Past it
# the chunk's message is received again later, and its rows written so far are not written twice.
CHUNK_PATIENCE_S = 200.0


class ImportIn(Body):
    """POST /v1/imports (JSON): a job waiting for its file, uploaded to `upload_url`."""

    list_id: Annotated[str, Field(pattern=ID_PATTERN)] | None = Field(
        default=None, description="Subscribe every row to this list (its fields are checked per row)"
    )
    tags: Tags | None = Field(default=None, description="Added to every row's contact")
    update_existing: bool = Field(default=True, description="false: rows of existing contacts are skipped")
    mapping: (
        Annotated[
            dict[Annotated[str, Field(min_length=1, max_length=200)], Annotated[str, Field(max_length=80)]],
            Field(max_length=100),
        ]
        | None
    ) = Field(
        default=None,
        description='Column header -> "email", "first_name", "last_name", "name", "phone", "tags", '
        '"attributes.<key>", or "" to ignore the column; columns not named are recognized by their header',
    )


class RowError(Out):
    row: int = Field(description="The row's line in the file (the header is line 1)")
    email: str
    reason: str


class JobError(Out):
    code: str
    message: str


Status = Literal["queued", "processing", "completed", "failed"]


class ImportOut(Out):
    id: str
    status: Status
    list_id: str | None = None
    tags: list[str] = Field(default_factory=list)
    update_existing: bool = True
    mapping: dict[str, str] | None = None
    upload_url: str | None = Field(
        default=None, description="Where to PUT the file (Content-Type: text/csv), once"
    )
    size_bytes: int | None = None
    chunks_total: int | None = None
    chunks_done: int = 0
    total_rows: int | None = Field(default=None, description="Known when the import completes")
    processed_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = Field(default=0, description="Existing contacts left alone, and repeats of an email")
    failed_rows: int = 0
    num_contacts: int | None = Field(
        default=None,
        description="Rows that made, changed or matched a contact (created + updated + unchanged)",
    )
    errors: list[RowError] = Field(
        default_factory=list, description=f"The first {FIRST_ERRORS} rejected rows"
    )
    errors_url: str | None = Field(default=None, description="A CSV of every rejected row (1 hour)")
    error: JobError | None = Field(default=None, description="Why the whole file was refused")
    created_at: str
    completed_at: str | None = None

    @classmethod
    def from_item(cls, item: dict[str, Any], **extra: Any) -> ImportOut:
        processed = int(item.get("rows", 0))
        return cls(**{**item, "processed_rows": processed, **extra})


class ChunkJob(BaseModel):
    """A message of the import-chunks queue: one byte range of the file, cut at a line boundary."""

    workspace_id: str
    import_id: str
    chunk: int
    start: int
    end: int
    first_line: int
    etag: str = ""  # the version of the file that was planned: a file uploaded again since is not read


# --- exports ----------------------------------------------------------------------------------

EXPORT_PART_BYTES = 8 * 1024 * 1024  # parts of the multipart upload (S3: at least 5 MB but the last)


class ExportIn(Body):
    """POST /v1/exports: exactly one of list_id, segment_id and campaign_id."""

    model_config = ConfigDict(  # checked by imports.exports
        json_schema_extra={
            **exactly_one(("list_id",), ("segment_id",), ("campaign_id",)),
            "examples": [{"list_id": "01932c4e-8f3a-7b2c-9d1e-5f6a7b8c9d0e"}],
        }
    )

    list_id: Annotated[str, Field(pattern=ID_PATTERN)] | None = Field(
        default=None, description="Every member of the list, with its status on it"
    )
    segment_id: Annotated[str, Field(pattern=ID_PATTERN)] | None = Field(
        default=None, description="Every member of the segment"
    )
    campaign_id: Annotated[str, Field(pattern=ID_PATTERN)] | None = Field(
        default=None, description="Every recipient of the campaign, with its state"
    )
    format: Literal["csv"] = "csv"


class ExportOut(Out):
    id: str
    status: Status
    list_id: str | None = None
    segment_id: str | None = None
    campaign_id: str | None = None
    format: Literal["csv"] = "csv"
    rows: int | None = Field(default=None, description="Rows in the file, once completed")
    download_url: str | None = Field(default=None, description="A presigned GET of the file (1 hour)")
    error: JobError | None = None
    created_at: str
    completed_at: str | None = None


class ExportJob(BaseModel):
    """A message of the exports queue."""

    workspace_id: str
    export_id: str
