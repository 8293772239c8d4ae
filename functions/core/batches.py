"""One Lambda handler shape for every SQS event source: Powertools batch processing, partial failures.

A queue whose messages are jobs (pydantic models) has them parsed by Powertools at the edge
(`job_records`): the handler gets the job typed, and a body that is not one fails its record alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.parser.models import SqsRecordModel
from pydantic import BaseModel, Json, create_model

from functions.core.observability import logger, metrics, tracer

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def job_records(job: type[BaseModel]) -> type[SqsRecordModel]:
    """The SQS record model whose `body` is a `job`, as JSON."""
    return create_model(f"{job.__name__}Record", __base__=SqsRecordModel, body=(Json[job], ...))  # type: ignore[call-overload]


def sqs_handler(record_handler: Callable[[Any], Any], model: type[SqsRecordModel] | None = None) -> Handler:
    """A handler that runs `record_handler` per message; the ones that raise go back to the queue alone.

    `model`: records are parsed into it first (see `job_records`); else they are Powertools' SQSRecord."""
    processor = BatchProcessor(event_type=EventType.SQS, model=model)

    @logger.inject_lambda_context
    @tracer.capture_lambda_handler
    @metrics.log_metrics
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return process_partial_response(
            event=event, record_handler=record_handler, processor=processor, context=context
        )

    return handler
