"""SES feedback: configuration set -> SNS -> this queue -> send records, contacts, suppression.

Each message is parsed at the edge into an SES event (`sending/ses_events.py`): a body that is not one
fails its record alone. Powertools batch processing: a record that fails goes back to the queue alone;
applying an event twice changes nothing (each state is reached once).
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

from functions.campaigns import feedback as campaigns
from functions.core.batches import job_records
from functions.core.observability import logger, metrics, tracer
from functions.sending import service
from functions.sending.ses_events import SesEvent

processor = BatchProcessor(event_type=EventType.SQS, model=job_records(SesEvent))


def record_handler(record: Any) -> None:
    event: SesEvent = record.body
    feedback = service.read_feedback(event)
    if feedback is None:
        state = None
    elif feedback.tags.campaign_message:
        state = campaigns.apply_feedback(feedback)  # a campaign message: its recipient record
    else:
        state = service.apply_feedback(feedback)  # a message with a message record
    logger.info("ses feedback", extra={"event": event.event_type, "state": state})


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    with campaigns.feedback_counted_per_batch():
        return process_partial_response(
            event=event, record_handler=record_handler, processor=processor, context=context
        )
