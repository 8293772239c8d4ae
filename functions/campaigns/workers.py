"""Queue workers of the send pipeline (Powertools batch processing, partial failures).

`dispatch_handler`: one message per contact shard -> the shard's audience fixed and queued for sending.
`send_handler`: up to 50 recipients per message -> sent, each at most once; throttled -> retried later.
`dead_letter_handler`: the send DLQ -> what a batch that failed every retry did not send is failed;
the dispatch DLQ -> the campaign pauses (`dispatch_failed`) instead of staying `sending` for ever.
`start_handler`: EventBridge Scheduler -> a scheduled campaign starts, or a paused one resumes.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from pydantic import ValidationError

from functions.campaigns import dispatch, lifecycle, sender
from functions.campaigns.jobs import DispatchJob, SendJob, dead_job
from functions.core.batches import job_records, sqs_handler
from functions.core.observability import logger, metrics, tracer

# Powertools parses each body into its job first: one that is not a job fails its record alone.
DispatchRecord = job_records(DispatchJob)
SendRecord = job_records(SendJob)


def dispatch_record(record: Any) -> None:
    job: DispatchJob = record.body
    dispatch.dispatch_shard(job.workspace_id, job.campaign_id, job.shard)


def send_record(record: Any) -> None:
    job: SendJob = record.body
    redelivered = int(record.attributes.ApproximateReceiveCount or 1) > 1
    try:
        sender.send_batch(
            job.workspace_id, job.campaign_id, job.contact_ids, attempt=job.attempt, redelivered=redelivered
        )
    except Exception:
        logger.exception("a send batch failed; it returns to the queue", extra={"job": job.body()})
        raise


def dead_letter_record(record: SQSRecord) -> None:
    """A message of the send or dispatch DLQ: what it means is the pipeline's to say. One that is no job
    is dropped (logged): retrying it would never make it one."""
    try:
        job = dead_job(record.body)
    except ValidationError:
        logger.error("a campaign DLQ message of no known shape, dropped", extra={"job": record.body[:500]})
        return
    except ValueError:
        logger.error("unreadable message in a campaign DLQ, dropped", extra={"body": record.body[:500]})
        return
    if isinstance(job, DispatchJob):  # the campaign pauses (dispatch_failed)
        dispatch.dispatch_failed(job.workspace_id, job.campaign_id, job.shard)
        return
    failed = sender.fail_batch(job.workspace_id, job.campaign_id, job.contact_ids, "send_batch_failed")
    logger.error("a send batch failed every retry", extra={"campaign_id": job.campaign_id, "failed": failed})


dispatch_handler = sqs_handler(dispatch_record, DispatchRecord)
send_handler = sqs_handler(send_record, SendRecord)
dead_letter_handler = sqs_handler(dead_letter_record)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def start_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Invoked by EventBridge Scheduler with the schedule's Input: start a campaign, or resume one."""
    if event.get("action") == "resume":
        return {"resumed": lifecycle.resume_scheduled(event["workspace_id"], event["campaign_id"])}
    return {"started": lifecycle.start_scheduled(event["workspace_id"], event["campaign_id"])}
