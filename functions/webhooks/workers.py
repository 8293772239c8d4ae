"""Webhook workers (Powertools batch processing, partial failures).

`delivery_handler`: the webhooks queue -> one signed POST per job, the jobs of a batch at once; a failed
attempt is tried again later by making its message invisible for the retry's delay and reporting it failed.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.batch import (
    AsyncBatchProcessor,
    EventType,
    async_process_partial_response,
)

from functions.core import aws
from functions.core.batches import job_records
from functions.core.observability import logger, metrics, tracer
from functions.webhooks import delivery
from functions.webhooks.jobs import WebhookJob

# --- delivery --------------------------------------------------------------------------------------

# Powertools parses each body into its job first: one that is not a job fails its record alone.
WebhookRecord = job_records(WebhookJob)
# A batch whose every attempt failed (one endpoint down) is no error of the function: each job is already
# set to come back at its retry's time.
_queue = AsyncBatchProcessor(
    event_type=EventType.SQS, model=WebhookRecord, raise_on_entire_batch_failure=False
)
# The jobs of a batch (10) are attempted at once: each may wait up to 10 s on its endpoint.
_pool = ThreadPoolExecutor(max_workers=10, thread_name_prefix="webhook-delivery")


class RetryLater(Exception):
    """The attempt failed: the message comes back when its retry is due."""


class DeadLetter(Exception):
    """The last attempt failed: the message comes back once more and SQS moves it to the DLQ."""


@cache
def _queue_url(queue_arn: str) -> str:
    _, _, _, _, account, name = queue_arn.split(":", 5)
    return aws.client("sqs").get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)["QueueUrl"]


def _postpone(record: Any, delay_s: int) -> None:
    """The message stays invisible for `delay_s` (its retry's delay) once it is reported failed."""
    try:
        aws.client("sqs").change_message_visibility(
            QueueUrl=_queue_url(record.eventSourceARN),
            ReceiptHandle=record.receiptHandle,
            VisibilityTimeout=delay_s,
        )
    except Exception:  # it then comes back after the queue's visibility timeout: sooner, never lost
        logger.exception("could not delay a webhook retry", extra={"message_id": record.messageId})


_batch = delivery.BatchWebhooks()  # the webhooks read for the batch being delivered


def deliver_record(record: Any) -> None:
    job: WebhookJob = record.body
    attempt = int(record.attributes.ApproximateReceiveCount or 1)
    verdict = delivery.deliver(job, attempt, _batch)
    if verdict.retry_in_s is not None:
        _postpone(record, verdict.retry_in_s)
        raise RetryLater(f"attempt {attempt} failed, next in {verdict.retry_in_s} s")
    if verdict.dead_letter:
        raise DeadLetter(f"attempt {attempt} failed, the last one")


async def _deliver_record(record: Any) -> None:
    await asyncio.get_running_loop().run_in_executor(_pool, deliver_record, record)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def delivery_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    global _batch
    _batch = delivery.BatchWebhooks()  # read again for every batch: a webhook may have changed
    return async_process_partial_response(
        event=event, record_handler=_deliver_record, processor=_queue, context=context
    )
