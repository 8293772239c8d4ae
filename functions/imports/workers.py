"""Import workers (Powertools batch processing, partial failures; one message at a time each).

`planner_handler`: the import-uploads queue, where S3 announces each uploaded file -> service.plan.
`chunk_handler`: the import-chunks queue -> service.run_chunk, many chunks of a file at once.
`failed_chunk_handler`: that queue's DLQ (a chunk that failed every attempt) -> service.fail_chunk.
`export_handler`: the exports queue -> exports.run.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from functions.core.batches import job_records, sqs_handler
from functions.core.observability import logger
from functions.core.settings import queue_max_receives
from functions.imports import exports, service
from functions.imports.models import ChunkJob, ExportJob

UPLOAD_KEY = re.compile(r"^uploads/([0-9a-f-]{36})/([0-9a-f-]{36})\.csv$")


def plan_record(record: SQSRecord) -> None:
    # S3's event JSON (keys URL-encoded); S3 also sends an s3:TestEvent when the notification is set up.
    notice = json.loads(record.body)
    for entry in notice.get("Records") or []:
        key = unquote_plus(str(((entry.get("s3") or {}).get("object") or {}).get("key", "")))
        match = UPLOAD_KEY.fullmatch(key)
        if not str(entry.get("eventName", "")).startswith("ObjectCreated") or match is None:
            logger.warning("not an import upload", extra={"key": key[:200]})
            continue
        service.plan(match.group(1), match.group(2))


def chunk_record(record: Any) -> None:
    service.run_chunk(record.body)


def failed_chunk_record(record: Any) -> None:
    service.fail_chunk(record.body)


planner_handler = sqs_handler(plan_record)
chunk_handler = sqs_handler(chunk_record, job_records(ChunkJob))
failed_chunk_handler = sqs_handler(failed_chunk_record, job_records(ChunkJob))


def export_record(record: Any) -> None:
    try:
        exports.run(record.body)
    except Exception:
        # The last of its attempts (the queue's max_receives): the job says it failed before the DLQ.
        if int(record.attributes.ApproximateReceiveCount) >= queue_max_receives("exports"):
            exports.fail(record.body, "The export failed every attempt; it was logged. Ask for it again.")
        raise


export_handler = sqs_handler(export_record, job_records(ExportJob))
