"""Exports: a list's members, a segment's members or a campaign's recipients -> one CSV file in S3.

POST /v1/exports makes a job and queues it; the export worker reads the audience page by page (the same
reads the API's listings make) into a local file of JSON lines while it learns which attribute keys occur,
then writes the CSV (fixed columns, then one column per attribute key, sorted) to S3 in 8 MB parts of a
multipart upload, so neither the audience nor the file is ever held whole in memory. Every cell is
escaped against spreadsheet formulas. GET /v1/exports/{id} answers a presigned GET once it is done.

Keys (table `catalog`): pk = WS#<ws>#EXPORT, sk = <export_id> -> the job.
Objects: exports/<ws>/<export_id>.csv (kept 7 days).
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from typing import Any

from functions.campaigns import service as campaigns
from functions.contacts import service as contacts
from functions.core import queues
from functions.core.clock import iso, now
from functions.core.errors import Invalid, NotFound
from functions.core.ids import is_id, new_id
from functions.imports import csvfile, store
from functions.imports.models import DOWNLOAD_URL_S, EXPORT_PART_BYTES, ExportIn, ExportJob, ExportOut
from functions.lists import service as lists
from functions.segments import service as segments

PAGE = 100
CONTACT_COLUMNS = ("email", "first_name", "last_name", "name", "phone", "status", "tags", "created_at")
RECIPIENT_COLUMNS = ("email", "contact_id", "state", "reason", "error", "sent_at", "message_id")


def create(workspace_id: str, body: ExportIn) -> ExportOut:
    sources = {
        k: v
        for k, v in (
            ("list_id", body.list_id),
            ("segment_id", body.segment_id),
            ("campaign_id", body.campaign_id),
        )
        if v
    }
    if len(sources) != 1:
        message = "give exactly one of list_id, segment_id and campaign_id"
        raise Invalid(
            message,
            code="export_source_required",
            fields=[
                {"field": f, "in": "body", "message": message}
                for f in ("list_id", "segment_id", "campaign_id")
            ],
        )
    # 404 for another workspace's, or none (the catalog alone: the API function reads no contacts).
    if body.list_id:
        lists.list_check(workspace_id, [body.list_id])
    elif body.segment_id:
        segments.check_exists(workspace_id, body.segment_id)
    else:
        campaigns.load(workspace_id, body.campaign_id or "")
    job = {
        "workspace_id": workspace_id,
        "id": new_id(),
        "status": "queued",
        "format": "csv",
        "created_at": iso(now()),
        **sources,
    }
    store.put_export(job)
    queues.send_all("exports", [ExportJob(workspace_id=workspace_id, export_id=job["id"]).model_dump()])
    return ExportOut.model_validate(job)


def fail(job: ExportJob, reason: str) -> None:
    """The export failed its last attempt: say so on the job (its message goes to the DLQ)."""
    store.fail_export(job.workspace_id, job.export_id, reason, iso(now()))


def get(workspace_id: str, export_id: str) -> ExportOut:
    job = store.get_export(workspace_id, export_id) if is_id(export_id) else None
    if job is None:
        raise NotFound("export", export_id)
    url = None
    if job["status"] == "completed":
        url = store.download_url(job["key"], DOWNLOAD_URL_S, f"export-{export_id}.csv")
    return ExportOut.model_validate({**job, "download_url": url})


# --- the export worker -------------------------------------------------------------------------


def run(job: ExportJob) -> None:
    """Write the job's file; a run again (a redelivered message) writes it again, whole, and no more."""
    item = store.get_export(job.workspace_id, job.export_id, consistent=True)
    if item is None or item["status"] == "completed":
        return
    ws = job.workspace_id
    if item.get("campaign_id"):
        rows, columns = _recipients(ws, item["campaign_id"]), list(RECIPIENT_COLUMNS)
    else:
        pages = (
            _pages(lambda c: contacts.all_list_members_page(ws, item["list_id"], PAGE, c))
            if item.get("list_id")
            else _pages(lambda c: contacts.segment_members_page(ws, item["segment_id"], PAGE, c))
        )
        rows, columns = _contact_rows(pages, item.get("list_id")), list(CONTACT_COLUMNS)
        if item.get("list_id"):
            columns.append("list_status")
    key = f"exports/{ws}/{job.export_id}.csv"
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        keys: set[str] = set()
        count = 0
        for row in rows:  # the audience once, to disk, learning the attribute keys on the way
            keys.update(row.get("attributes") or {})
            spool.write(json.dumps(row, separators=(",", ":")) + "\n")
            count += 1
        spool.seek(0)
        header = columns + [f"attributes.{k}" for k in sorted(keys)]
        store.put_parts(key, _csv_parts(spool, header, columns, sorted(keys)))
    store.finish_export(ws, job.export_id, key=key, rows=count, completed_at=iso(now()))


def _pages(read: Any) -> Iterator[list[Any]]:
    cursor = None
    while True:
        page, cursor = read(cursor)
        yield page
        if not cursor:
            return


def _contact_rows(pages: Iterator[list[Any]], list_id: str | None) -> Iterator[dict[str, Any]]:
    for page in pages:
        for contact in page:
            full = contact.model_dump(mode="json")
            row = {k: full.get(k) for k in CONTACT_COLUMNS}  # what the file holds: the spool stays small
            row["attributes"] = full.get("attributes") or {}
            row["tags"] = ",".join(full.get("tags") or [])
            if list_id:
                memberships = full.get("lists") or []
                row["list_status"] = next((m["status"] for m in memberships if m["list_id"] == list_id), "")
            yield row


def _recipients(workspace_id: str, campaign_id: str) -> Iterator[dict[str, Any]]:
    for page in _pages(lambda c: campaigns.recipients_page(workspace_id, campaign_id, None, PAGE, c)):
        for recipient in page:
            yield recipient.model_dump(mode="json")


def _csv_parts(spool: Any, header: list[str], columns: list[str], keys: list[str]) -> Iterator[bytes]:
    """The CSV, in parts of at least EXPORT_PART_BYTES (the last may be smaller)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for line in spool:
        row = json.loads(line)
        attributes = row.get("attributes") or {}
        cells = [row.get(c) for c in columns] + [attributes.get(k) for k in keys]
        writer.writerow([csvfile.escape_cell("" if v is None else str(v)) for v in cells])
        if out.tell() >= EXPORT_PART_BYTES:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")
