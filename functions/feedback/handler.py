"""SES feedback: configuration set -> SNS -> this queue -> send records, contacts, suppression.

Powertools batch processing: a record that fails goes back to the queue alone; applying an event
twice changes nothing (each state is reached once).
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from functions.campaigns import feedback as campaigns
from functions.core.observability import logger, metrics, tracer
from functions.sending import service

processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> None:
    envelope = json.loads(record.body)
    # SNS wraps the SES event unless raw delivery is on; accept both.
    event = json.loads(envelope["Message"]) if "Message" in envelope and "Type" in envelope else envelope
    feedback = service.read_feedback(event)
    if feedback is None:
        state = None
    elif feedback.tags.campaign_message:
        state = campaigns.apply_feedback(feedback)  # a campaign message: its recipient record
    else:
        state = service.apply_feedback(feedback)  # a message with a message record
    logger.info("ses feedback", extra={"event": event.get("eventType"), "state": state})


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    with campaigns.feedback_counted_per_batch():
        return process_partial_response(
            event=event, record_handler=record_handler, processor=processor, context=context
        )
