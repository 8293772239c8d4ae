"""Queue workers of the send pipeline (Powertools batch processing, partial failures).

`dispatch_handler`: one message per contact shard -> the shard's audience fixed and queued for sending.
`send_handler`: up to 50 recipients per message -> sent, each at most once; throttled -> retried later.
`dead_letter_handler`: the send DLQ -> what a batch that failed every retry did not send is failed;
the dispatch DLQ -> the campaign pauses (`dispatch_failed`) instead of staying `sending` for ever.
`start_handler`: EventBridge Scheduler -> a scheduled campaign starts, or a paused one resumes.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from functions.campaigns import pipeline
from functions.core.batches import sqs_handler
from functions.core.observability import logger, metrics, tracer


def dispatch_record(record: SQSRecord) -> None:
    job = json.loads(record.body)
    pipeline.dispatch_shard(job["workspace_id"], job["campaign_id"], int(job["shard"]))


def send_record(record: SQSRecord) -> None:
    job = json.loads(record.body)
    redelivered = int(record.attributes.approximate_receive_count or 1) > 1
    try:
        pipeline.send_batch(
            job["workspace_id"],
            job["campaign_id"],
            list(job["contact_ids"]),
            attempt=int(job.get("attempt", 0)),
            redelivered=redelivered,
        )
    except Exception:
        logger.exception("a send batch failed; it returns to the queue", extra={"job": job})
        raise


def dead_letter_record(record: SQSRecord) -> None:
    """What failed every retry. A send batch: its recipients not sent yet are failed, and counted.
    A dispatch of one shard: the campaign pauses (`dispatch_failed`), to be resumed by hand."""
    try:
        job = json.loads(record.body)
        workspace_id, campaign_id = job["workspace_id"], job["campaign_id"]
        if "shard" in job:
            pipeline.dispatch_failed(workspace_id, campaign_id, int(job["shard"]))
            return
        contact_ids = job["contact_ids"]
    except (ValueError, KeyError, TypeError):
        logger.error("unreadable message in a campaign DLQ, dropped", extra={"body": record.body[:500]})
        return
    failed = pipeline.fail_batch(workspace_id, campaign_id, list(contact_ids), "send_batch_failed")
    logger.error("a send batch failed every retry", extra={"campaign_id": campaign_id, "failed": failed})


dispatch_handler = sqs_handler(dispatch_record)
send_handler = sqs_handler(send_record)
dead_letter_handler = sqs_handler(dead_letter_record)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def start_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Invoked by EventBridge Scheduler with the schedule's Input: start a campaign, or resume one."""
    if event.get("action") == "resume":
        return {"resumed": pipeline.resume_scheduled(event["workspace_id"], event["campaign_id"])}
    return {"started": pipeline.start_scheduled(event["workspace_id"], event["campaign_id"])}
