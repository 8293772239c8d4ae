"""Audience dispatch: one job per contact shard fixes who the campaign goes to and queues them for sending.

A shard's audience is fixed once (who is waiting, 50 an item, and a `skipped` record with the reason for
each of the others) and marked dispatched; queueing is safe to repeat: a resume, a retried job or
recovery queues whoever in the shard is still waiting, 50 a send job.
"""

from __future__ import annotations

from typing import Any

from functions.campaigns import completion, lifecycle, recipients, store
from functions.campaigns.jobs import SendJob
from functions.contacts import service as contacts
from functions.core import queues
from functions.core.observability import logger
from functions.sending import service as sending

BATCH = 50  # recipients per send job


def dispatch_shard(workspace_id: str, campaign_id: str, shard: int) -> int:
    """Fix the audience of one shard and queue it for sending; safe to run again (resume runs it again).

    A run that crashes before its shard is marked dispatched is run again by SQS: it fixes the audience
    anew (the same, unless contacts changed meanwhile) and counts it then, once."""
    campaign = store.get(workspace_id, campaign_id)
    status = campaign["status"] if campaign else None
    if status == "cancelled":
        completion.stop_waiting(
            workspace_id, campaign_id, [r["contact_id"] for r in _waiting(campaign_id, shard, campaign)]
        )
        return 0
    if status not in ("sending", "paused"):
        return 0
    added = skipped = 0
    waiting: list[str] | None = None  # known here when this run fixed the audience
    if shard_needs_audience(workspace_id, campaign_id, shard):
        members, skipped = _fix_audience(workspace_id, campaign, shard)
        waiting = [contact_id for contact_id, _ in members]
        added = len(members) + skipped
    if status == "sending":  # paused: resume queues them
        if waiting is None:
            waiting = [r["contact_id"] for r in _waiting(campaign_id, shard, campaign)]
        batches = [waiting[i : i + BATCH] for i in range(0, len(waiting), BATCH)]
        jobs = [SendJob(workspace_id=workspace_id, campaign_id=campaign_id, contact_ids=b) for b in batches]
        queues.send_all("send", [job.body() for job in jobs])
    completion.finish_if_done(
        workspace_id,
        campaign_id,
        recipients.mark_dispatched(workspace_id, campaign_id, shard, added, skipped),
    )
    return added


def _fix_audience(
    workspace_id: str, campaign: dict[str, Any], shard: int
) -> tuple[list[tuple[str, str]], int]:
    """Who in the shard gets the campaign: the waiting `(contact_id, email)` pairs, kept 50 an item, and
    how many are skipped (a record each, with the reason)."""
    campaign_id = campaign["id"]
    wanted = set(campaign.get("segment_ids") or [])
    members: list[tuple[str, str]] = []
    skipped = 0
    pages = contacts.list_subscribers_shard(
        workspace_id, campaign["list_id"], shard, subscribed_by=campaign.get("started_at")
    )
    for page in pages:
        chosen = [c for c in page if not wanted or wanted & set(c.get("segments") or [])]
        # The page's suppressed addresses in one batched read, not one read a contact.
        suppressed = sending.suppressions(workspace_id, [c["email"] for c in chosen])
        for contact in chosen:
            reason = sending.blocked(workspace_id, contact["email"], contact, suppressed=suppressed)
            if not reason:
                members.append((contact["id"], contact["email"]))
                continue
            record = {
                "email": contact["email"],
                "contact_id": contact["id"],
                "state": "skipped",
                "reason": reason,
            }
            recipients.add(workspace_id, campaign_id, contact["id"], record)  # once, also when run again
            skipped += 1
    recipients.fix_audience(workspace_id, campaign_id, shard, members)
    return members, skipped


def dispatch_failed(workspace_id: str, campaign_id: str, shard: int) -> bool:
    """A shard whose dispatch failed every retry: the campaign pauses rather than never finishing.

    Nothing of that shard was queued, and what other shards queued stays queued; POST /resume dispatches
    again (shards already fixed only queue who is still waiting). No automatic resume: a dispatch that
    failed five times needs someone to look at the logs first.
    """
    logger.error("a campaign shard failed to dispatch", extra={"campaign_id": campaign_id, "shard": shard})
    return lifecycle.pause(workspace_id, campaign_id, "dispatch_failed", None)


def shard_needs_audience(workspace_id: str, campaign_id: str, shard: int) -> bool:
    """The audience of a shard is fixed once: a resume or a retried dispatch finds it done."""
    return str(shard) not in set(recipients.stats(workspace_id, campaign_id).get("dispatched") or [])


def _waiting(campaign_id: str, shard: int, campaign: dict[str, Any] | None) -> list[dict[str, Any]]:
    return recipients.queued_in_shard(campaign["workspace_id"], campaign_id, shard) if campaign else []
