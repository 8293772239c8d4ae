"""Event inbox stream -> each event recorded in its contact's activity and summary (Powertools batch
processing, partial failures: a record that fails is given back to the stream and applied again later,
which changes nothing twice; see service.apply)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from functions.core.dynamo import plain
from functions.core.observability import logger, metrics, tracer
from functions.events import service

processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


def record_handler(record: DynamoDBRecord) -> None:
    # Only new items are events to apply (the event source mapping filters the rest out on AWS too): the
    # worker's own rewrite of an item is a MODIFY, its deletion or the TTL's a REMOVE.
    if record.event_name is None or record.event_name.name != "INSERT" or record.dynamodb is None:
        return
    service.apply(plain(record.dynamodb.new_image or {}))


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
