"""Imports of contact CSV files: the rules of API.md. No HTTP, no boto3 (store.py has the keys).

The path of a file:
  1. POST /v1/imports makes a job (`queued`) and answers a presigned PUT, or puts a file sent in the
     request itself; either way the file lands at uploads/<ws>/<id>.csv.
  2. S3 announces the object (an event notification on the import-uploads queue; the local runtime's moto
     sends the same one) and the planner (`plan`) reads the file's first bytes for its shape (encoding,
     delimiter, header and what each column means), then the whole file once, piece by piece, to cut it
     into byte ranges of about 256 KB that end at a line break outside quotes. One queue message per range.
  3. Chunk workers (`run_chunk`), in parallel, read their range, parse and check its rows, and write the
     contacts through the bulk writer (functions/contacts/bulk.py), many to a transaction. A chunk is
     counted into its job once (store.chunk_done); a chunk run again (its worker died, its message came
     back) writes nothing new and counts its rows as the first run did (the bulk writer's `mark`).
  4. The worker that counts the last chunk completes the job: the first 100 rejected rows, one CSV of
     all of them, `import.completed`.
A chunk that fails every attempt goes to the queue's DLQ, whose consumer (`fail_chunk`) counts its rows
failed, each listed with its line: never lost without a word.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from functions.contacts import bulk
from functions.contacts.models import ContactUpsert
from functions.core import events, queues
from functions.core.clock import iso, now
from functions.core.errors import Invalid, LettercastError, NotFound, TooLarge
from functions.core.ids import is_id, new_id
from functions.core.models import ItemError
from functions.core.observability import logger
from functions.imports import csvfile, store
from functions.imports.models import (
    CHUNK_BYTES,
    CHUNK_PATIENCE_S,
    DOWNLOAD_URL_S,
    EXPORT_PART_BYTES,
    FIRST_ERRORS,
    MAX_BODY_BYTES,
    MAX_FILE_BYTES,
    SUB_BATCH,
    UPLOAD_URL_S,
    ChunkJob,
    ImportIn,
    ImportOut,
)
from functions.lists import service as lists

KIND = "import.completed"
REPLACED = "The file was uploaded again while it was being imported: start a new import for the new file"
ERRORS_HEADER = ("row", "email", "reason")


# --- jobs (the API) ----------------------------------------------------------------------------


def create(workspace_id: str, body: ImportIn) -> ImportOut:
    """A job waiting for its file: the answer carries the presigned PUT."""
    job = _new_job(workspace_id, body)
    url = store.upload_url(store.upload_key(workspace_id, job["id"]), UPLOAD_URL_S)
    return ImportOut.from_item(job, upload_url=url)


def create_from_body(workspace_id: str, data: bytes, body: ImportIn) -> ImportOut:
    """A job for a file sent in the request: put where an upload goes, so the same path takes it on."""
    if len(data) > MAX_BODY_BYTES:
        raise TooLarge(
            f"A CSV file sent in the request is at most {MAX_BODY_BYTES} bytes: upload a larger one "
            "(POST /v1/imports with a JSON body answers an upload_url)",
            limit=MAX_BODY_BYTES,
        )
    if not data.strip():
        raise Invalid(
            "The file is empty",
            code="empty_file",
            fields=[{"field": "body", "in": "body", "message": "empty"}],
        )
    job = _new_job(workspace_id, body)
    store.put_object(store.upload_key(workspace_id, job["id"]), data)
    return ImportOut.from_item(store.get_job(workspace_id, job["id"], consistent=True) or job)


def _new_job(workspace_id: str, body: ImportIn) -> dict[str, Any]:
    problems = csvfile.check_mapping(body.mapping or {})
    if problems:
        first = problems[0]
        raise Invalid(f"{first['field']}: {first['message']}", code="invalid_mapping", fields=problems)
    if body.list_id:
        lists.list_check(workspace_id, [body.list_id])  # 404 for an unknown list, before anything is stored
    job = {
        "workspace_id": workspace_id,
        "id": new_id(),
        "status": "queued",
        "list_id": body.list_id,
        "tags": body.tags or [],
        "update_existing": body.update_existing,
        "mapping": body.mapping,
        "created_at": iso(now()),
    }
    store.put_job({k: v for k, v in job.items() if v is not None})
    return job


def get(workspace_id: str, import_id: str) -> ImportOut:
    job = store.get_job(workspace_id, import_id) if is_id(import_id) else None
    if job is None:
        raise NotFound("import", import_id)
    return _out(job)


def list_imports(workspace_id: str, limit: int, cursor: str | None) -> tuple[list[ImportOut], str | None]:
    jobs, next_cursor = store.list_jobs(workspace_id, limit, cursor)
    return [_out(job) for job in jobs], next_cursor


def _out(job: dict[str, Any]) -> ImportOut:
    url = None
    if job.get("errors_key"):
        url = store.download_url(job["errors_key"], DOWNLOAD_URL_S, f"import-{job['id']}-errors.csv")
    return ImportOut.from_item(job, errors_url=url)


# --- planning (the import-planner worker) --------------------------------------------------------


def plan(workspace_id: str, import_id: str) -> None:
    """The uploaded file -> its shape and chunks, queued. Run again (a redelivered notice), it queues the
    same chunks again, which changes nothing: each is counted once."""
    job = store.get_job(workspace_id, import_id, consistent=True)
    if job is None or job["status"] in store.FINISHED:
        return
    key = store.upload_key(workspace_id, import_id)
    head = store.object_head(key)
    if head is None:
        return  # not uploaded (or expired): nothing to plan
    size, etag = head
    if job["status"] == "processing" and job.get("etag") != etag:
        _finish_failed(workspace_id, import_id, "file_replaced", REPLACED)
        return
    try:
        if size == 0:
            raise csvfile.FileRefused("empty_file", "The file is empty")
        if size > MAX_FILE_BYTES:
            raise csvfile.FileRefused("file_too_large", f"The file is over {MAX_FILE_BYTES} bytes ({size})")
        sample = store.read_range(key, 0, min(size, csvfile.SAMPLE_BYTES), etag)
        shape = csvfile.sniff(sample, job.get("mapping"), whole_file=size <= csvfile.SAMPLE_BYTES)
        cuts = csvfile.boundaries(
            lambda at, n: store.read_range(key, at, n, etag), size, shape.header_bytes, CHUNK_BYTES
        )
        if not cuts:
            raise csvfile.FileRefused("no_rows", "The file has a header but no rows")
    except csvfile.FileRefused as refused:
        _finish_failed(workspace_id, import_id, refused.code, refused.message)
        return
    except store.FileReplaced:
        return  # uploaded again while this was read: that upload's own notice plans it
    started = store.start(
        workspace_id,
        import_id,
        etag,
        size_bytes=size,
        chunks_total=len(cuts),
        shape={
            "encoding": shape.encoding,
            "delimiter": shape.delimiter,
            "header": list(shape.header),
            "targets": list(shape.targets),
            "header_bytes": shape.header_bytes,
        },
    )
    if started is None:  # another file was planned first: this one replaced it under the import
        _finish_failed(workspace_id, import_id, "file_replaced", REPLACED)
        return
    jobs = [
        ChunkJob(
            workspace_id=workspace_id,
            import_id=import_id,
            chunk=n,
            start=a,
            end=b,
            first_line=line,
            etag=etag,
        )
        for n, (a, b, line) in enumerate(cuts)
    ]
    queues.send_all("import-chunks", [j.model_dump() for j in jobs])


def _finish_failed(workspace_id: str, import_id: str, code: str, message: str) -> None:
    job = store.fail(workspace_id, import_id, code, message, iso(now()))
    if job is not None:
        logger.info("import refused", extra={"import_id": import_id, "code": code})
        events.emit(workspace_id, KIND, _event_data(job))


# --- chunks (the import-chunks worker and its DLQ) ----------------------------------------------


def _shape(job: dict[str, Any]) -> csvfile.Shape:
    saved = job["shape"]
    return csvfile.Shape(
        encoding=saved["encoding"],
        delimiter=saved["delimiter"],
        header=tuple(saved["header"]),
        targets=tuple(saved["targets"]),
        header_bytes=int(saved["header_bytes"]),
    )


def _chunk_data(job: dict[str, Any], chunk: ChunkJob) -> list[csvfile.ParsedRow] | None:
    """The chunk's rows; None when the file was replaced since it was planned (the import then fails)."""
    key = store.upload_key(chunk.workspace_id, chunk.import_id)
    try:
        data = store.read_range(key, chunk.start, chunk.end - chunk.start, chunk.etag or None)
    except store.FileReplaced:
        _finish_failed(chunk.workspace_id, chunk.import_id, "file_replaced", REPLACED)
        return None
    return list(csvfile.rows(data, _shape(job), chunk.first_line))


def run_chunk(chunk: ChunkJob) -> None:
    """Parse, check and write one chunk's rows; count them into the job once."""
    ws, import_id = chunk.workspace_id, chunk.import_id
    job = store.get_job(ws, import_id, consistent=True)
    if job is None or job["status"] != "processing":
        return
    if store.chunk_counted(ws, import_id, chunk.chunk):  # counted before: maybe its worker died just after
        _maybe_complete(ws, import_id)
        return
    parsed = _chunk_data(job, chunk)
    if parsed is None:
        return
    errors: dict[int, tuple[str, str]] = {}  # line -> (email, reason)
    rows: list[bulk.Row] = []
    for row in parsed:
        if row.error is not None or row.values is None:
            errors[row.line] = (row.email, row.error or "unreadable")
            continue
        values = dict(row.values)
        if job.get("tags"):
            values["tags"] = sorted(set(values.get("tags") or []) | set(job["tags"]))
        if job.get("list_id"):
            values["lists"] = [job["list_id"]]
        try:
            rows.append(bulk.Row(row.line, ContactUpsert.model_validate(values)))
        except ValidationError as exc:
            errors[row.line] = (row.email, ItemError.invalid(exc).message)  # as the batch API words it
    folded, repeats = bulk.fold(rows)
    tally = bulk.Tally()
    try:
        check = lists.list_check(ws, [job["list_id"]]) if job.get("list_id") else None
    except LettercastError:  # the list was deleted since the import began
        check = None
        for row in folded:
            errors[row.index] = (row.body.email, "the import's list was deleted")
        folded = []
    patience = bulk.Patience(CHUNK_PATIENCE_S)  # shared by the chunk's writes
    for start in range(0, len(folded), SUB_BATCH):
        part = folded[start : start + SUB_BATCH]
        tally.add(
            bulk.upsert_many(
                ws,
                part,
                update_existing=bool(job.get("update_existing", True)),
                check_list=check,
                mark=f"{import_id}#{chunk.chunk}",  # a repeat of an email in a later chunk is not this one's
                patience=patience,
            )
        )
    emails = {row.index: row.body.email for row in folded}
    for line, (_, message) in tally.errors.items():
        errors[line] = (emails.get(line, ""), message)
    counts = {
        "rows": len(parsed),
        "created": tally.created,
        "updated": tally.updated,
        "unchanged": tally.unchanged,
        "skipped": tally.skipped + len(repeats),
        "failed_rows": len(errors),
    }
    _count_chunk(job, chunk, counts, errors)


def fail_chunk(chunk: ChunkJob) -> None:
    """A chunk that failed every attempt: each of its rows counted failed and listed with its line."""
    job = store.get_job(chunk.workspace_id, chunk.import_id, consistent=True)
    if job is None or job["status"] != "processing":
        return
    parsed = _chunk_data(job, chunk) or []
    reason = "not imported: its part of the file failed every attempt (import these rows again)"
    errors = {row.line: (row.email, reason) for row in parsed}
    counts = {"rows": len(parsed), "failed_rows": len(parsed)}
    logger.error(
        "import chunk failed every attempt", extra={"import_id": chunk.import_id, "chunk": chunk.chunk}
    )
    _count_chunk(job, chunk, counts, errors)


def _count_chunk(
    job: dict[str, Any], chunk: ChunkJob, counts: dict[str, int], errors: dict[int, tuple[str, str]]
) -> None:
    ws, import_id = chunk.workspace_id, chunk.import_id
    ordered = sorted(errors.items())
    if ordered:  # written before the chunk is counted: once counted, its part is there
        store.put_object(store.errors_key(ws, import_id, chunk.chunk), _errors_csv(ordered, header=False))
    first = [
        {"row": line, "email": email, "reason": reason} for line, (email, reason) in ordered[:FIRST_ERRORS]
    ]
    store.chunk_done(ws, import_id, chunk.chunk, counts, first)
    # Whether this run counted it or an earlier one did (and died before completing the job): the job is
    # completed by whoever finds every chunk counted.
    _maybe_complete(ws, import_id)


def _errors_csv(ordered: list[tuple[int, tuple[str, str]]], header: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if header:
        writer.writerow(ERRORS_HEADER)
    for line, (email, reason) in ordered:
        writer.writerow([line, csvfile.escape_cell(email), csvfile.escape_cell(reason)])
    return out.getvalue().encode("utf-8")


def _maybe_complete(workspace_id: str, import_id: str) -> None:
    """Complete the job once every chunk is counted (the worker that counted the last one does it)."""
    job = store.get_job(workspace_id, import_id, consistent=True)
    if (
        job is None
        or job["status"] != "processing"
        or int(job.get("chunks_done", 0)) < int(job["chunks_total"])
    ):
        return
    chunks = list(store.chunks(workspace_id, import_id))
    first = sorted((e for c in chunks for e in c.get("errors") or []), key=lambda e: int(e["row"]))
    fields: dict[str, Any] = {
        "total_rows": sum(int(c.get("rows", 0)) for c in chunks),
        "num_contacts": sum(int(c.get(k, 0)) for c in chunks for k in ("created", "updated", "unchanged")),
        "errors": first[:FIRST_ERRORS],
        "completed_at": iso(now()),
    }
    if any(int(c.get("failed_rows", 0)) for c in chunks):
        key = store.errors_key(workspace_id, import_id)
        store.put_parts(key, _joined_errors(workspace_id, import_id, chunks))
        fields["errors_key"] = key
    store.complete(
        workspace_id,
        import_id,
        lambda done: events.put_in_transaction(workspace_id, KIND, _event_data(done)),
        **fields,
    )


def _joined_errors(workspace_id: str, import_id: str, chunks: list[dict[str, Any]]) -> Iterator[bytes]:
    """The chunks' error parts as one CSV, in parts of at least 8 MB (one part's file at a time)."""
    buffer = bytearray(b"row,email,reason\r\n")
    for c in chunks:
        if int(c.get("failed_rows", 0)):
            buffer += store.read_object(store.errors_key(workspace_id, import_id, c["chunk"])) or b""
            if len(buffer) >= EXPORT_PART_BYTES:
                yield bytes(buffer)
                buffer.clear()
    yield bytes(buffer)


def _event_data(job: dict[str, Any]) -> dict[str, Any]:
    out = ImportOut.from_item(job).model_dump(exclude={"upload_url", "errors_url", "errors"}, mode="json")
    return {"import": out}
