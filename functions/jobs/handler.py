"""The jobs queue worker: background work split in contact shards (Powertools batch processing).

Every job is safe to run twice: backfills write memberships conditionally, cleanups delete.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from functions.core.observability import logger, metrics, tracer
from functions.lists import service as lists
from functions.segments import service as segments

processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> None:
    job = json.loads(record.body)
    kind, ws, shard = job.get("job"), job.get("workspace_id"), int(job.get("shard", 0))
    if kind == "segment_backfill":
        seen = segments.backfill_shard(ws, job["segment_id"], job["build_id"], shard)
    elif kind == "drop_segment":
        seen = segments.drop_shard(ws, job["segment_id"], shard)
    elif kind == "drop_list":
        seen = lists.drop_list_shard(ws, job["list_id"], shard)
    else:
        logger.error("unknown job", extra={"job": kind})
        return  # never retried: it would fail the same way
    logger.info("job done", extra={"job": kind, "workspace_id": ws, "shard": shard, "contacts": seen})


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
