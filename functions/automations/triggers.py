"""Domain events -> automation run jobs: who enters which automation, and who leaves every run.

Read by the outbox fan-out for each new domain event. The workspace's automations are read once per
stream batch (at most MAX_AUTOMATIONS); a workspace with none costs one query per batch and queues
nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from functions.automations import store
from functions.automations.jobs import RunJob
from functions.automations.models import TRIGGER_ADAPTER, EventTrigger, Trigger
from functions.core import clock, queues
from functions.segments.rules import matches

QUEUE = "automation-runs"
BLOCKED = ("unsubscribed", "bounced", "complained")
# The domain event that starts each kind of trigger.
TRIGGER_TOPICS = {
    "event": "event.created",
    "list_subscribed": "contact.subscribed",
    "segment_entered": "segment.entered",
    "segment_exited": "segment.exited",
    "contact_created": "contact.created",
}


def listens(trigger: dict[str, Any]) -> list[str]:
    """The domain event kinds an automation with this trigger reads (a date trigger reads none)."""
    topic = TRIGGER_TOPICS.get(str(trigger.get("type")))
    return [topic] if topic else []


def _contact_id(kind: str, data: dict[str, Any]) -> str | None:
    if kind == "event.created":
        return (data.get("event") or {}).get("contact_id")
    return data.get("contact_id") or (data.get("contact") or {}).get("id")


def _fires(trigger: Trigger, kind: str, data: dict[str, Any], now: datetime) -> bool:
    """Whether this domain event fires this trigger (parsed once per batch, with its `where` rules)."""
    if TRIGGER_TOPICS.get(trigger.type) != kind:
        return False
    if isinstance(trigger, EventTrigger):
        event = data.get("event") or {}
        if event.get("name") != trigger.event:
            return False
        return trigger.where is None or matches(
            trigger.where, {"attributes": event.get("properties") or {}}, now
        )
    if kind == "contact.subscribed":
        return data.get("list_id") == getattr(trigger, "list_id", None)
    if kind in ("segment.entered", "segment.exited"):
        return data.get("segment_id") == getattr(trigger, "segment_id", None)
    return True  # contact.created


def _leaves(kind: str, data: dict[str, Any]) -> str | None:
    """Why this event ends every run of its contact, or None."""
    if kind == "contact.deleted":
        return "contact_deleted"
    if kind in ("email.bounced", "email.complained"):
        return kind.removeprefix("email.")
    if kind == "contact.updated" and (data.get("contact") or {}).get("status") in BLOCKED:
        return str(data["contact"]["status"])
    return None


class Triggers:
    """A stream batch's automation jobs: each workspace's automations read once, the jobs queued together."""

    def __init__(self) -> None:
        # Per workspace: whether it has any automation (runs to leave), and its active ones, parsed.
        self.automations: dict[str, tuple[bool, list[tuple[dict[str, Any], Trigger]]]] = {}
        self.jobs: list[dict[str, Any]] = []

    def clear(self) -> None:
        self.automations.clear()
        self.jobs.clear()

    def add(self, item: dict[str, Any]) -> int:
        """The jobs of one domain-events item; how many."""
        workspace_id, kind = item.get("workspace_id"), item.get("type")
        data = item.get("data") or {}
        if not isinstance(workspace_id, str) or not isinstance(kind, str) or not isinstance(data, dict):
            return 0
        if workspace_id not in self.automations:
            every = store.all_of(workspace_id)
            active = [
                (a, TRIGGER_ADAPTER.validate_python(a["trigger"]))
                for a in every
                if a.get("status") == "active"
            ]
            self.automations[workspace_id] = (bool(every), active)
        any_automation, automations = self.automations[workspace_id]
        contact_id = _contact_id(kind, data)
        if not any_automation or not isinstance(contact_id, str):
            return 0
        jobs = []
        reason = _leaves(kind, data)
        if reason:
            jobs.append(RunJob(kind="leave", workspace_id=workspace_id, contact_id=contact_id, reason=reason))
        now = clock.now()
        for automation, trigger in automations:
            if _fires(trigger, kind, data, now):
                job = RunJob(
                    kind="enter",
                    workspace_id=workspace_id,
                    contact_id=contact_id,
                    automation_id=automation["id"],
                    cause=str(item.get("id") or "") or None,
                )
                jobs.append(job)
        self.jobs.extend(job.body() for job in jobs)
        return len(jobs)

    def send(self) -> int:
        jobs, self.jobs = self.jobs, []
        if jobs:
            queues.send_all(QUEUE, jobs)
        return len(jobs)
