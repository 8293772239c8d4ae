"""Queue workers of the send pipeline (Powertools batch processing, partial failures).

`dispatch_handler`: one message per contact shard -> the shard's audience fixed and queued for sending.
`send_handler`: up to 50 recipients per message -> sent, each at most once; throttled -> retried later.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from functions.campaigns import pipeline
from functions.core.observability import logger, metrics, tracer

dispatch_processor = BatchProcessor(event_type=EventType.SQS)
send_processor = BatchProcessor(event_type=EventType.SQS)


def dispatch_record(record: SQSRecord) -> None:
    job = json.loads(record.body)
    pipeline.dispatch_shard(job["workspace_id"], job["campaign_id"], int(job["shard"]))


def send_record(record: SQSRecord) -> None:
    job = json.loads(record.body)
    pipeline.send_batch(job["workspace_id"], job["campaign_id"], list(job["contact_ids"]))


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def dispatch_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_partial_response(
        event=event, record_handler=dispatch_record, processor=dispatch_processor, context=context
    )


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def send_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_partial_response(
        event=event, record_handler=send_record, processor=send_processor, context=context
    )


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def start_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Invoked by EventBridge Scheduler with the schedule's Input."""
    started = pipeline.start_scheduled(event["workspace_id"], event["campaign_id"])
    return {"started": started}
