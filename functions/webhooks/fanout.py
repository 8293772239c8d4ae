"""Domain events -> webhook delivery jobs: one per enabled webhook of the event's workspace that listens to
its topic. At least once: a stream batch handled again queues its jobs again, and receivers dedupe by
`webhook-id` (the event's id)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from functions.core import events, queues
from functions.core.observability import logger
from functions.webhooks import store
from functions.webhooks.jobs import WebhookEvent, WebhookJob
from functions.webhooks.models import TOPICS

QUEUE = "webhooks"
MAX_JOB_BYTES = 250_000  # SQS takes 256 KiB a message


def listens(webhook: dict[str, Any], kind: str, created_at: str = "") -> bool:
    # `*` is every topic of the API; internal events (event.created, campaign.paused) are no topic.
    if kind not in TOPICS or not events.hears(webhook, kind):
        return False
    # What happened before the webhook existed is not its to hear (the stream may reach it a moment later).
    return not created_at or created_at >= str(webhook.get("created_at") or "")


class Fanout:
    """One invocation's fan-out: each workspace's webhooks are read once, the jobs are queued together."""

    def __init__(self) -> None:
        self.webhooks: dict[str, list[dict[str, Any]]] = {}
        self.jobs: list[dict[str, Any]] = []

    def clear(self) -> None:
        self.webhooks.clear()
        self.jobs.clear()

    def add(self, item: dict[str, Any]) -> int:
        """The jobs of one domain-events item (as written by functions/core/events.py); how many."""
        try:
            workspace_id = str(item["workspace_id"])
            event = WebhookEvent.model_validate(item)
        except (KeyError, ValidationError):
            logger.error("a domain event of no known shape, not sent", extra={"keys": sorted(item)[:20]})
            return 0
        if workspace_id not in self.webhooks:
            self.webhooks[workspace_id] = store.all_of(workspace_id)
        listening = [w for w in self.webhooks[workspace_id] if listens(w, event.type, event.created_at)]
        if listening and len(event.body().encode()) > MAX_JOB_BYTES:  # a retry would never fit it either
            logger.error("a domain event too large for a webhook job, not sent", extra={"event_id": event.id})
            return 0
        for webhook in listening:
            self.jobs.append(
                WebhookJob(workspace_id=workspace_id, webhook_id=webhook["id"], event=event).body()
            )
        return len(listening)

    def send(self) -> int:
        """Queue every job gathered (10 a request); raises when some could not be queued."""
        jobs, self.jobs = self.jobs, []
        if jobs:
            queues.send_all(QUEUE, jobs)
        return len(jobs)
