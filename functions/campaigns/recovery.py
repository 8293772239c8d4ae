"""A `sending` campaign whose queued work is gone, picked up again by POST /resume.

A campaign's work lives in queue messages (one dispatch per contact shard, send batches of up to 50
recipients). An operator purging the SendQueue, a DLQ drained by hand or the local runtime stopping
loses them, and the campaign would stay `sending` for ever with recipients `queued`.

The signal is silence, since nothing tells a lost message from one still waiting. The send pipeline
stamps `progress_at` on the campaign's STATS item in writes it makes anyway: the counters of every send
batch, every shard dispatched, every batch redelivered or dead-lettered. A batch that SES throttled goes
back to the queue with a delay and its worker stamps just after. So a healthy campaign is silent for at
most SQS's longest delay (900 s) plus the time one worker holds the batch: its 90 s timeout, within the
send queue's 120 s visibility timeout (a shard's dispatch takes at most 300 s, within 360 s). A campaign
silent for `settings().campaign_stall_after_s` (900 + 120 s by default) or more is stalled. Its
start or last resume from a pause (`updated_at`) counts as progress too, so a campaign whose workers
have not reported yet is not stalled.

Resuming a stalled campaign queues one dispatch per shard again. A shard not dispatched yet fixes its
audience, and a dispatched one queues only who is still `queued`. If the verdict is wrong (a batch still
waiting behind another campaign's backlog in the shared queue), the cost is that batch's work done
twice, never an email sent twice: each recipient moves queued -> sent with one conditional write before
its SES call. The resume stamps progress itself, in a write conditional on the same silence: of two
resumes, one re-dispatches and the other is told when to try again.

With every shard dispatched, the resume first recounts the records (stopping at the first one still
queued): with nobody waiting, only the finish was missing, and the campaign becomes `sent` there and
then. That is also how counters left short are mended (a worker killed mid-batch whose message was lost
before it came back never counted what it sent): a campaign that ends the resumed sending short stalls
again, and the next resume finds nobody waiting. The counters are not flagged for a recount on every
resume, since then each batch still to come would scan the records when it ends.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from functions.campaigns import completion, lifecycle, recipients, service
from functions.campaigns.models import CampaignOut
from functions.core.clock import iso, now, parse_iso
from functions.core.errors import Unprocessable
from functions.core.observability import logger
from functions.core.settings import settings
from functions.core.sharding import SHARDS


def resume_now(workspace_id: str, campaign_id: str) -> CampaignOut:
    """POST /resume: a paused campaign sends again; a stalled `sending` one has its waiting recipients
    queued again, or is finished when nobody is left to send."""
    campaign = service.load(workspace_id, campaign_id)
    if campaign["status"] == "sending":
        _resume_stalled(workspace_id, campaign)
    elif not lifecycle.resume(workspace_id, campaign_id):
        raise Unprocessable(
            f"The campaign is {campaign['status']}: only a paused campaign, or a sending one that has "
            "stalled, can be resumed",
            code="campaign_not_paused",
        )
    return service.get(workspace_id, campaign_id)


def _resume_stalled(workspace_id: str, campaign: dict[str, Any]) -> None:
    campaign_id = campaign["id"]
    silent_since = iso(now() - timedelta(seconds=settings().campaign_stall_after_s))
    last = _last_progress(campaign, recipients.stats(workspace_id, campaign_id))
    if last > silent_since:
        raise _in_progress(last)
    claimed = recipients.claim_stalled(workspace_id, campaign_id, silent_since)
    if claimed is None:  # it moved on meanwhile, or another resume came first
        raise _in_progress(_last_progress(campaign, recipients.stats(workspace_id, campaign_id)))
    logger.warning("stalled campaign resumed", extra={"campaign_id": campaign_id, "last_progress_at": last})
    if len(claimed.get("dispatched") or []) >= SHARDS:
        try:
            counted = recipients.recount(workspace_id, campaign_id)
        except recipients.RecentlySettled:
            raise _in_progress(str(claimed["progress_at"])) from None  # a worker settled someone just now
        if counted is not None:  # nobody is waiting: only the finish was missing
            completion.finish_if_done(workspace_id, campaign_id, counted)
            return
    lifecycle.dispatch_or_pause(workspace_id, campaign_id)


def _last_progress(campaign: dict[str, Any], stats: dict[str, Any]) -> str:
    """When the campaign last moved on: its last progress, or its start or resume if later (ISO, UTC)."""
    return max(str(stats.get("progress_at") or ""), str(campaign.get("updated_at") or ""))


def _in_progress(last: str) -> Unprocessable:
    resumable_at = iso(parse_iso(last) + timedelta(seconds=settings().campaign_stall_after_s))
    return Unprocessable(
        f"The campaign is sending: it last made progress at {last}. If it makes none until {resumable_at}, "
        "it can be resumed then",
        code="campaign_in_progress",
        last_progress_at=last,
        resumable_at=resumable_at,
    )
