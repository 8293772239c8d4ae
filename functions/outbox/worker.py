"""The outbox fan-out: the domain-events stream -> webhook delivery jobs and automation run jobs.

One consumer of the stream for both (a DynamoDB stream serves two readers a shard at most): each new
event becomes one job per webhook that listens to it (functions/webhooks/fanout.py) and one per
automation it starts or run it ends (functions/automations/triggers.py). At least once: a batch handled
again queues its jobs again; receivers dedupe by webhook-id, and a run enters and moves only by
conditional writes.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from functions.automations.triggers import Triggers
from functions.core.dynamo import plain
from functions.core.observability import logger, metrics, tracer
from functions.webhooks.fanout import Fanout

_stream = BatchProcessor(event_type=EventType.DynamoDBStreams)
_webhooks = Fanout()
_automations = Triggers()


def fanout_record(record: DynamoDBRecord) -> None:
    # Only new events: a MODIFY changes no event, a REMOVE is the TTL taking an old one away.
    if record.event_name is None or record.event_name.name != "INSERT" or record.dynamodb is None:
        return
    item = plain(record.dynamodb.new_image or {})
    _webhooks.add(item)
    _automations.add(item)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    _webhooks.clear()  # webhooks and automations may have changed since the last batch
    _automations.clear()
    response = process_partial_response(
        event=event, record_handler=fanout_record, processor=_stream, context=context
    )
    # Queued after the batch, 10 a request; if that fails the whole batch is delivered again (at least once).
    _webhooks.send()
    _automations.send()
    return response
