"""One attempt of a webhook delivery: check the target again, POST signed, log the attempt, decide what next.

Every attempt is appended to the delivery's record (functions/webhooks/store.py). A failure is tried
again on the schedule of functions/webhooks/retries.py, unless it was a manual attempt (a test or a manual
retry: one attempt only). An endpoint whose attempts all failed for `webhook_disable_after_s` is disabled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from functions.core import events
from functions.core.clock import iso, now, parse_iso
from functions.core.observability import logger
from functions.core.settings import settings
from functions.webhooks import retries, signatures, store, targets, transport
from functions.webhooks.jobs import WebhookJob
from functions.webhooks.models import ENDPOINT_FAILING

ADDRESS_NOT_ALLOWED = "address_not_allowed"
WEBHOOK_DISABLED = "webhook_disabled"


@dataclass(frozen=True)
class Verdict:
    """What becomes of the job after an attempt: done (deleted from the queue), tried again after
    `retry_in_s`, or left to SQS, which moves it to the DLQ (the last automatic attempt failed)."""

    retry_in_s: int | None = None
    dead_letter: bool = False


DONE = Verdict()


def _attempt(webhook: dict[str, Any], job: WebhookJob, at: datetime) -> transport.Outcome:
    try:
        target = targets.resolve(webhook["url"])
    except targets.Unresolvable as exc:
        return transport.Outcome(None, 0, f"dns_lookup_failed: {exc}")
    except targets.NotAllowed:
        return transport.Outcome(None, 0, ADDRESS_NOT_ALLOWED)
    body = job.event.body()
    # Signed at the wall clock's time, which the receiver checks against its own: on AWS that is `at`; the
    # local runtime's clock may have been moved ahead, and a receiver would refuse its time as too new.
    sent = datetime.now(UTC)
    headers = signatures.headers(signatures.signing(webhook, at), job.event.id, sent, body)
    return transport.post(target, body.encode(), headers)


def _record(
    job: WebhookJob,
    at: datetime,
    outcome: transport.Outcome,
    status: str,
    next_at: str | None,
    first: bool = False,
) -> str:
    """Log the attempt; the delivery's status after it (`succeeded` when an earlier job of it was)."""
    attempt = {
        "at": iso(at),
        "status_code": outcome.status_code,
        "duration_ms": outcome.duration_ms,
        "error": outcome.error,
    }
    write = store.record_first_attempt if first else store.record_attempt
    return write(job.workspace_id, job.webhook_id, job.event.model_dump(), attempt, status, next_at)


class BatchWebhooks:
    """The webhooks of one batch of jobs, each read once (a batch's jobs mostly go to one endpoint)."""

    def __init__(self) -> None:
        self.read: dict[tuple[str, str], dict[str, Any] | None] = {}

    def get(self, workspace_id: str, webhook_id: str) -> dict[str, Any] | None:
        key = (workspace_id, webhook_id)
        if key not in self.read:  # two threads may both read it: harmless
            self.read[key] = store.get(workspace_id, webhook_id)
        return self.read[key]


def _failed(webhook: dict[str, Any], at: datetime) -> None:
    """An attempt failed: the endpoint is failing since its first failure after a success; disabled once
    that is longer ago than `webhook_disable_after_s`."""
    workspace_id, webhook_id = webhook["workspace_id"], webhook["id"]
    if not webhook.get("failing_since"):  # already failing: no write for each failure of an outage
        webhook = store.mark_failing(workspace_id, webhook_id, iso(at)) or {}
    if not webhook.get("failing_since") or not webhook.get("enabled", True):
        return
    since = parse_iso(webhook["failing_since"])
    if at - since < timedelta(seconds=settings().webhook_disable_after_s):
        return
    if store.disable(workspace_id, webhook_id, ENDPOINT_FAILING, iso(at)):
        events.forget_listeners(workspace_id)
        logger.warning(
            "webhook disabled: every attempt failed for days",
            extra={"workspace_id": workspace_id, "webhook_id": webhook_id, "failing_since": iso(since)},
        )


def deliver(job: WebhookJob, attempt: int, webhooks: BatchWebhooks | None = None) -> Verdict:
    """Attempt `attempt` (1-based: the job's receive count) of the job's delivery."""
    webhook = (webhooks or BatchWebhooks()).get(job.workspace_id, job.webhook_id)
    if webhook is None:  # deleted: its queued deliveries go with it
        logger.info("webhook gone, delivery dropped", extra={"webhook_id": job.webhook_id})
        return DONE
    at = now()
    if not webhook.get("enabled", True):
        _record(job, at, transport.Outcome(None, 0, WEBHOOK_DISABLED), "failed", None)
        return DONE
    # A fan-out's first attempt has no record to read yet; a retry may find it delivered by a manual retry.
    first = attempt == 1 and not job.manual
    delivery = None if first else store.get_delivery(job.workspace_id, job.webhook_id, job.event.id)
    if not job.manual and delivery and delivery.get("status") == "succeeded":
        return DONE  # already delivered: a manual retry got there first
    outcome = _attempt(webhook, job, at)
    if outcome.succeeded:
        _record(job, at, outcome, "succeeded", None, first)
        if webhook.get("failing_since"):
            store.clear_failing(job.workspace_id, job.webhook_id)
        return DONE
    logger.info(
        "webhook attempt failed",
        extra={
            "webhook_id": job.webhook_id,
            "event_id": job.event.id,
            "attempt": attempt,
            "error": outcome.error,
        },
    )
    if job.manual:
        # One attempt only; the delivery stays pending while its automatic retries are still scheduled.
        scheduled = (delivery or {}).get("next_retry_at")
        still = bool(scheduled) and parse_iso(scheduled) > at
        _record(job, at, outcome, "pending" if still else "failed", scheduled if still else None)
        _failed(webhook, at)
        return DONE
    delay = retries.delay_after(attempt, settings().webhook_first_retry_s)
    if delay is None:
        if _record(job, at, outcome, "failed", None, first) == "succeeded":
            return DONE  # a duplicate job of a delivery made already
        _failed(webhook, at)
        return Verdict(dead_letter=True)
    if _record(job, at, outcome, "pending", iso(at + timedelta(seconds=delay)), first) == "succeeded":
        return DONE
    _failed(webhook, at)
    return Verdict(retry_in_s=delay)
