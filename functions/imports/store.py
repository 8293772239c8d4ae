"""DynamoDB and S3 access for imports (table `catalog`, bucket `imports`).

Keys and the access patterns they serve:
  pk = WS#<ws>#IMPORT          sk = <import_id>     -> an import job; the workspace's imports newest first
                                                      (ids are time-ordered). Its counters grow as chunks
                                                      finish (ADD, in the chunk's own transaction).
  pk = WS#<ws>#IMPORT#<id>     sk = CHUNK#<n>       -> a finished chunk: its counts and first errors. Put on
                                                      condition that it is not there, with the job's ADD, so
                                                      a chunk run twice counts once.

Objects (bucket `imports`):
  uploads/<ws>/<import_id>.csv           the file (its creation is announced to the planner)
  errors/<ws>/<import_id>/<n>.csv        the rejected rows of chunk n (written before it is counted)
  errors/<ws>/<import_id>.csv            every rejected row, the parts joined when the import completes
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from functions.core import aws
from functions.core.dynamo import (
    TransactionConflict,
    is_condition_failure,
    query_page,
    transact,
    without_keys,
)
from functions.core.settings import resource_name

TABLE = "catalog"
FINISHED = ("completed", "failed")


def _job_key(workspace_id: str, import_id: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#IMPORT", "sk": import_id}


def _chunk_key(workspace_id: str, import_id: str, chunk: int) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#IMPORT#{import_id}", "sk": f"CHUNK#{chunk:06d}"}


def upload_key(workspace_id: str, import_id: str) -> str:
    return f"uploads/{workspace_id}/{import_id}.csv"


def errors_key(workspace_id: str, import_id: str, chunk: int | None = None) -> str:
    return f"errors/{workspace_id}/{import_id}" + (f"/{chunk:06d}.csv" if chunk is not None else ".csv")


# --- jobs ------------------------------------------------------------------------------------


def put_job(job: dict[str, Any]) -> None:
    aws.table(TABLE).put_item(Item={**_job_key(job["workspace_id"], job["id"]), **job})


def get_job(workspace_id: str, import_id: str, consistent: bool = False) -> dict[str, Any] | None:
    item = aws.table(TABLE).get_item(Key=_job_key(workspace_id, import_id), ConsistentRead=consistent)
    return without_keys(item.get("Item"))


def list_jobs(workspace_id: str, limit: int, cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
    items, next_cursor = query_page(
        aws.table(TABLE),
        scope=f"imports:{workspace_id}",
        limit=limit,
        cursor=cursor,
        KeyConditionExpression=Key("pk").eq(f"WS#{workspace_id}#IMPORT"),
        ScanIndexForward=False,
    )
    return [i for i in (without_keys(i) for i in items) if i], next_cursor


STATES = {":queued": "queued", ":processing": "processing", ":completed": "completed", ":failed": "failed"}


def _update(workspace_id: str, import_id: str, condition: str, **fields: Any) -> dict[str, Any] | None:
    """SET `fields` on the job if `condition` holds (it may name the states as :queued, :processing...);
    the job after, or None when it did not."""
    update = "SET " + ", ".join(f"#{k} = :{k}" for k in fields)
    names = {f"#{k}": k for k in fields} | {"#status": "status"}
    names = {k: v for k, v in names.items() if k in update or k in condition}
    values = {f":{k}": v for k, v in fields.items()} | {k: v for k, v in STATES.items() if k in condition}
    try:
        response = aws.table(TABLE).update_item(
            Key=_job_key(workspace_id, import_id),
            UpdateExpression=update,
            ConditionExpression=f"attribute_exists(pk) AND {condition}",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
            ReturnValues="ALL_NEW",
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            return None
        raise
    return without_keys(response["Attributes"])


NOT_FINISHED = "NOT #status IN (:completed, :failed)"


def start(workspace_id: str, import_id: str, etag: str, **fields: Any) -> dict[str, Any] | None:
    """The job is planned for the file with this ETag: processing, with its shape and chunk count. Again
    after a planner retry for the same file; None for another file (uploaded again to the same URL) once
    the first was planned."""
    condition = "(#status = :queued OR (#status = :processing AND #etag = :etag))"
    return _update(
        workspace_id, import_id, condition, status="processing", etag=etag, queued="queued", **fields
    )


def fail(workspace_id: str, import_id: str, code: str, message: str, at: str) -> dict[str, Any] | None:
    """The whole file was refused (nothing of it was written): failed, with why."""
    return _update(
        workspace_id,
        import_id,
        NOT_FINISHED,
        status="failed",
        error={"code": code, "message": message},
        completed_at=at,
    )


def complete(
    workspace_id: str, import_id: str, told: Callable[[dict[str, Any]], dict[str, Any]], **fields: Any
) -> bool:
    """Every chunk is counted: completed, and `told(job after)` (its outbox item) written in the same
    transaction, so the event goes with the completion or neither does. False when it was completed
    already."""
    job = get_job(workspace_id, import_id, consistent=True)
    if job is None or job.get("status") != "processing":
        return False
    names = {f"#{k}": k for k in fields} | {"#status": "status"}
    values = {f":{k}": v for k, v in fields.items()} | {
        ":processing": "processing",
        ":completed": "completed",
    }
    update = {
        "TableName": aws.table(TABLE).name,
        "Key": _job_key(workspace_id, import_id),
        "UpdateExpression": "SET #status = :completed, " + ", ".join(f"#{k} = :{k}" for k in fields),
        "ConditionExpression": "#status = :processing",
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
    }
    try:
        transact([{"Update": update}, told({**job, **fields, "status": "completed"})])
    except TransactionConflict:
        return False
    return True


# --- chunks ----------------------------------------------------------------------------------

COUNTS = ("rows", "created", "updated", "unchanged", "skipped", "failed_rows")


def chunk_done(
    workspace_id: str, import_id: str, chunk: int, counts: dict[str, int], errors: list[Any]
) -> bool:
    """Count a finished chunk into its job, once: False when it was counted before (nothing changes)."""
    name = aws.table(TABLE).name
    chunk_item = {**_chunk_key(workspace_id, import_id, chunk), **counts, "errors": errors}
    adds = {k: counts.get(k, 0) for k in COUNTS} | {"chunks_done": 1}
    try:
        transact(
            [
                {
                    "Put": {
                        "TableName": name,
                        "Item": chunk_item,
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
                {
                    "Update": {
                        "TableName": name,
                        "Key": _job_key(workspace_id, import_id),
                        "UpdateExpression": "ADD " + ", ".join(f"#{k} :{k}" for k in adds),
                        "ConditionExpression": "attribute_exists(pk)",
                        "ExpressionAttributeNames": {f"#{k}": k for k in adds},
                        "ExpressionAttributeValues": {f":{k}": v for k, v in adds.items()},
                    }
                },
            ]
        )
    except TransactionConflict as conflict:
        if conflict.reasons and conflict.reasons[0] == "ConditionalCheckFailed":
            return False
        raise
    return True


def chunk_counted(workspace_id: str, import_id: str, chunk: int) -> bool:
    item = aws.table(TABLE).get_item(Key=_chunk_key(workspace_id, import_id, chunk), ConsistentRead=True)
    return "Item" in item


def chunks(workspace_id: str, import_id: str) -> Iterator[dict[str, Any]]:
    """The job's finished chunks, in order."""
    query: dict[str, Any] = {"KeyConditionExpression": Key("pk").eq(f"WS#{workspace_id}#IMPORT#{import_id}")}
    while True:
        page = aws.table(TABLE).query(**query)
        for item in page["Items"]:
            chunk = without_keys(item) or {}
            chunk["chunk"] = int(item["sk"].removeprefix("CHUNK#"))
            yield chunk
        if "LastEvaluatedKey" not in page:
            return
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


# --- exports ---------------------------------------------------------------------------------


def _export_key(workspace_id: str, export_id: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#EXPORT", "sk": export_id}


def put_export(job: dict[str, Any]) -> None:
    aws.table(TABLE).put_item(Item={**_export_key(job["workspace_id"], job["id"]), **job})


def get_export(workspace_id: str, export_id: str, consistent: bool = False) -> dict[str, Any] | None:
    item = aws.table(TABLE).get_item(Key=_export_key(workspace_id, export_id), ConsistentRead=consistent)
    return without_keys(item.get("Item"))


def fail_export(workspace_id: str, export_id: str, reason: str, at: str) -> None:
    """Mark the export failed, unless it completed meanwhile."""
    with contextlib.suppress(aws.dynamodb_client().exceptions.ConditionalCheckFailedException):
        _fail_export(workspace_id, export_id, reason, at)


def _fail_export(workspace_id: str, export_id: str, reason: str, at: str) -> None:
    aws.table(TABLE).update_item(
        Key=_export_key(workspace_id, export_id),
        UpdateExpression="SET #status = :failed, #error = :error, completed_at = :at",
        ConditionExpression="attribute_exists(pk) AND #status <> :completed",
        ExpressionAttributeNames={"#status": "status", "#error": "error"},
        ExpressionAttributeValues={
            ":failed": "failed",
            ":completed": "completed",
            ":error": {"code": "export_failed", "message": reason},
            ":at": at,
        },
    )


def finish_export(workspace_id: str, export_id: str, **fields: Any) -> None:
    aws.table(TABLE).update_item(
        Key=_export_key(workspace_id, export_id),
        UpdateExpression="SET #status = :completed, " + ", ".join(f"#{k} = :{k}" for k in fields),
        ExpressionAttributeNames={"#status": "status"} | {f"#{k}": k for k in fields},
        ExpressionAttributeValues={":completed": "completed"} | {f":{k}": v for k, v in fields.items()},
    )


# --- objects ---------------------------------------------------------------------------------


def _bucket() -> str:
    return resource_name("BUCKET_IMPORTS")


def put_object(key: str, body: bytes, content_type: str = "text/csv") -> None:
    aws.client("s3").put_object(Bucket=_bucket(), Key=key, Body=body, ContentType=content_type)


class FileReplaced(Exception):
    """The object is no longer the one planned (uploaded again to the same URL since)."""


def object_head(key: str) -> tuple[int, str] | None:
    """(size, ETag) of the object, or None when there is none (without ListBucket, S3 answers 403)."""
    try:
        head = aws.client("s3").head_object(Bucket=_bucket(), Key=key)
    except ClientError as exc:
        if exc.response["Error"]["Code"] in ("403", "404", "NoSuchKey", "NotFound"):
            return None
        raise
    return int(head["ContentLength"]), str(head["ETag"])


def read_range(key: str, start: int, length: int, etag: str | None = None) -> bytes:
    """Bytes of the object; with `etag`, only of that version of it (FileReplaced otherwise)."""
    if length <= 0:
        return b""
    extra = {"IfMatch": etag} if etag else {}
    try:
        response = aws.client("s3").get_object(
            Bucket=_bucket(), Key=key, Range=f"bytes={start}-{start + length - 1}", **extra
        )
    except ClientError as exc:
        if exc.response["Error"]["Code"] in ("PreconditionFailed", "412"):
            raise FileReplaced from None
        raise
    return response["Body"].read()


def read_object(key: str) -> bytes | None:
    try:
        return aws.client("s3").get_object(Bucket=_bucket(), Key=key)["Body"].read()
    except ClientError as exc:
        if exc.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
            return None
        raise


def upload_url(key: str, expires_s: int) -> str:
    """A presigned PUT of a CSV file (the uploader must send Content-Type: text/csv, which is signed)."""
    return aws.client("s3").generate_presigned_url(
        "put_object",
        Params={"Bucket": _bucket(), "Key": key, "ContentType": "text/csv"},
        ExpiresIn=expires_s,
    )


def download_url(key: str, expires_s: int, filename: str) -> str:
    return aws.client("s3").generate_presigned_url(
        "get_object",
        Params={
            "Bucket": _bucket(),
            "Key": key,
            "ResponseContentDisposition": f'attachment; filename="{filename}"',
        },
        ExpiresIn=expires_s,
    )


def put_parts(key: str, parts: Iterator[bytes]) -> None:
    """One object from parts of at least 5 MB (the last may be smaller): a multipart upload, or a single
    PUT when the first part is the only one."""
    s3, bucket = aws.client("s3"), _bucket()
    first = next(parts, b"")
    second = next(parts, None)
    if second is None:
        put_object(key, first)
        return
    upload = s3.create_multipart_upload(Bucket=bucket, Key=key, ContentType="text/csv")["UploadId"]
    done = []
    try:
        for number, body in enumerate(_chain(first, second, parts), start=1):
            etag = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload, PartNumber=number, Body=body)[
                "ETag"
            ]
            done.append({"ETag": etag, "PartNumber": number})
        s3.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=upload, MultipartUpload={"Parts": done})
    except Exception:
        s3.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload)
        raise


def _chain(first: bytes, second: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield second
    yield from rest
