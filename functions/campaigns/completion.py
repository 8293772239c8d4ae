"""When a campaign is done: every shard dispatched and every recipient accounted for -> `sent`, once."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from functions.campaigns import recipients, store
from functions.campaigns.jobs import SendJob
from functions.campaigns.models import CampaignOut
from functions.core import events, queues
from functions.core.clock import iso, now
from functions.core.sharding import SHARDS


def finish_if_done(workspace_id: str, campaign_id: str, stats: dict[str, Any]) -> bool:
    """Every shard dispatched and every recipient accounted for: the campaign is sent (once)."""
    if len(stats.get("dispatched") or []) < SHARDS:
        return False
    accounted = sum(int(stats.get(k, 0)) for k in ("sent", "failed", "skipped"))
    if accounted < int(stats.get("recipients", 0)):
        if not stats.get("recount"):
            return False
        try:
            stats = recipients.recount(workspace_id, campaign_id)
        except recipients.RecentlySettled as recent:
            _check_later(workspace_id, campaign_id, recent.wait_s)
            return False
        if stats is None:
            return False  # someone is still waiting: whoever sends them calls this again
    at = iso(now())
    sent = store.transitioned(workspace_id, campaign_id, "sent", only_from=("sending",), at=at, sent_at=at)
    if sent is None:
        return False
    # The campaign as GET /v1/campaigns/{id} answers, after the change; an item holds Decimals, not floats.
    campaign = json.loads(CampaignOut.from_item(sent).model_dump_json(), parse_float=Decimal)
    events.emit(workspace_id, "campaign.sent", {"campaign": campaign})
    return True


def stop_waiting(workspace_id: str, campaign_id: str, contact_ids: list[str]) -> None:
    """A cancelled campaign: these recipients, if still queued, are skipped (`cancelled`) and counted."""
    stopped = sum(
        recipients.settle(
            workspace_id, campaign_id, cid, "skipped", only_from=("queued",), reason="cancelled"
        )
        for cid in contact_ids
    )
    finish_if_done(workspace_id, campaign_id, recipients.count(workspace_id, campaign_id, skipped=stopped))


def _check_later(workspace_id: str, campaign_id: str, delay_s: int) -> None:
    """An empty send batch, delayed: its worker only checks whether the campaign is done."""
    job = SendJob(workspace_id=workspace_id, campaign_id=campaign_id, contact_ids=[])
    queues.send_all("send", [job.body()], delay_s=min(900, delay_s))
