"""The jobs queue worker: background work split in contact shards (Powertools batch processing).

Every job is safe to run twice: backfills write memberships conditionally, cleanups delete.
"""

from __future__ import annotations

import json

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from functions.core.batches import sqs_handler
from functions.core.observability import logger
from functions.lists import service as lists
from functions.segments import service as segments


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


handler = sqs_handler(record_handler)
