"""Campaigns: definitions, stats and recipients (the lifecycle is in lifecycle.py, sending in dispatch.py and
sender.py, feedback in feedback.py)."""

from __future__ import annotations

from typing import Any

from functions.campaigns import recipients, store
from functions.campaigns.models import (
    LOCKED,
    CampaignCreate,
    CampaignOut,
    CampaignPatch,
    CampaignStats,
    Recipient,
)
from functions.core import pagination
from functions.core.clock import iso, now
from functions.core.errors import Invalid, NotFound, Unprocessable
from functions.core.ids import is_id, new_id
from functions.core.sharding import SHARDS
from functions.lists import service as lists
from functions.segments import service as segments
from functions.senders import service as senders
from functions.templates import service as templates

REQUIRED = ("title", "subject", "list_id", "sender_id")
RATES = ("open_rate", "click_rate", "bounce_rate")


def _check_references(workspace_id: str, campaign: dict[str, Any]) -> None:
    """Every id a campaign names exists in this workspace (404 naming the first one that does not)."""
    lists.get_list(workspace_id, campaign["list_id"])
    senders.load_sender(workspace_id, campaign["sender_id"])
    for segment_id in campaign.get("segment_ids") or []:
        segments.get(workspace_id, segment_id)
    if campaign.get("template_id"):
        template = templates.load(workspace_id, campaign["template_id"])
        templates.check_content(campaign.get("subject") or template["subject"], template["html"], None)
    elif campaign.get("html"):
        templates.check_content(campaign["subject"], campaign["html"], campaign.get("text"))


def _locked(campaign: dict[str, Any]) -> Unprocessable:
    return Unprocessable(
        f"The campaign is {campaign['status']}: it can no longer be changed or deleted",
        code="campaign_locked",
        status=campaign["status"],
    )


def load(workspace_id: str, campaign_id: str) -> dict[str, Any]:
    item = store.get(workspace_id, campaign_id) if is_id(campaign_id) else None
    if item is None:
        raise NotFound("campaign", campaign_id)
    return item


def create(workspace_id: str, body: CampaignCreate) -> CampaignOut:
    at = iso(now())
    item = {
        "workspace_id": workspace_id,
        "id": new_id(),
        "track_opens": True,
        "track_clicks": True,
        **body.model_dump(exclude_none=True),
        "status": "draft",
        "created_at": at,
        "updated_at": at,
    }
    _check_references(workspace_id, item)
    store.create(item)
    return CampaignOut.from_item(item)


def get(workspace_id: str, campaign_id: str) -> CampaignOut:
    return CampaignOut.from_item(load(workspace_id, campaign_id))


def page(
    workspace_id: str, status: str | None, limit: int, cursor: str | None
) -> tuple[list[CampaignOut], str | None]:
    items, next_cursor = store.page(workspace_id, status, limit, cursor)
    return [CampaignOut.from_item(i) for i in items], next_cursor


def update(workspace_id: str, campaign_id: str, patch: CampaignPatch) -> CampaignOut:
    current = load(workspace_id, campaign_id)
    if current["status"] in LOCKED:
        raise _locked(current)
    changes = patch.model_dump(exclude_unset=True)
    for name in REQUIRED:
        if name in changes and changes[name] is None:
            raise Invalid(f"{name} cannot be removed", fields=[{"field": name, "message": "required"}])
    updated = {**current, **changes, "updated_at": iso(now())}
    if changes.get("html") is not None:
        updated.pop("template_id", None)  # one content source: the newest wins
    if changes.get("template_id") is not None:
        updated.pop("html", None)
    updated = {k: v for k, v in updated.items() if v is not None}
    _check_references(workspace_id, updated)
    if not store.replace_unless_locked(updated, LOCKED):
        raise _locked(load(workspace_id, campaign_id))  # it started sending meanwhile (or is gone: 404)
    return CampaignOut.from_item(updated)


def delete(workspace_id: str, campaign_id: str) -> None:
    current = load(workspace_id, campaign_id)
    if current["status"] in LOCKED or not store.delete_unless_locked(workspace_id, campaign_id, LOCKED):
        raise _locked(load(workspace_id, campaign_id))


def stats(workspace_id: str, campaign_id: str) -> CampaignStats:
    """From the atomic counters: nothing is scanned at read time."""
    load(workspace_id, campaign_id)
    counters = recipients.stats(workspace_id, campaign_id)
    values = {
        k: int(counters.get(k, 0)) for k in CampaignStats.model_fields if k not in RATES and k != "links"
    }
    sent = values["sent"] or 0
    rates = {
        "open_rate": values["unique_opens"] / sent if sent else 0.0,
        "click_rate": values["unique_clicks"] / sent if sent else 0.0,
        "bounce_rate": values["bounced"] / sent if sent else 0.0,
    }
    return CampaignStats(**values, **rates, links=recipients.links(workspace_id, campaign_id))


def recipients_page(
    workspace_id: str, campaign_id: str, state: str | None, limit: int, cursor: str | None
) -> tuple[list[Recipient], str | None]:
    """Recipients shard by shard, in contact-id order within each (the cursor holds shard and position)."""
    load(workspace_id, campaign_id)
    scope = f"recipients:{workspace_id}:{campaign_id}:{state}"
    position = pagination.decode(scope, cursor) or {"shard": 0, "after": None}
    shard, after = int(position["shard"]), position.get("after")
    found: list[dict[str, Any]] = []
    next_position = None
    while shard < SHARDS:
        need = limit - len(found)
        page = recipients.page(workspace_id, campaign_id, state, shard, after, need + 1)
        if len(page) > need:
            found.extend(page[:need])
            next_position = {"shard": shard, "after": found[-1]["sk"]}
            break
        found.extend(page)
        shard, after = shard + 1, None
        if len(found) == limit and shard < SHARDS:
            next_position = {"shard": shard, "after": None}
            break
    rows = [Recipient(**{k: v for k, v in r.items() if k in Recipient.model_fields}) for r in found]
    return rows, pagination.encode(scope, next_position) if next_position else None
