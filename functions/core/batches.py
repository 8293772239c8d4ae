"""One Lambda handler shape for every SQS event source: Powertools batch processing, partial failures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from functions.core.observability import logger, metrics, tracer

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def sqs_handler(record_handler: Callable[[SQSRecord], Any]) -> Handler:
    """A handler that runs `record_handler` per message; the ones that raise go back to the queue alone."""
    processor = BatchProcessor(event_type=EventType.SQS)

    @logger.inject_lambda_context
    @tracer.capture_lambda_handler
    @metrics.log_metrics
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return process_partial_response(
            event=event, record_handler=record_handler, processor=processor, context=context
        )

    return handler
