"""The campaign send pipeline: start -> dispatch, shard by shard -> send, 50 recipients a message -> sent.

Exactly once per recipient: each recipient record moves queued -> sending -> sent with conditional
writes, so a redelivered or retried batch skips whoever was sent already. A claim that a crashed worker
left behind expires after CLAIM_S and is taken again (the one narrow window for a repeat: a crash after
SES accepted a message and before it was marked sent). Cancel stops every recipient not yet claimed.
"""

from __future__ import annotations

import os
import time
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError

from functions.campaigns import recipients, schedules, store, tracking
from functions.campaigns.models import CampaignOut
from functions.contacts import service as contacts
from functions.core import events, queues, rendering, tokens
from functions.core.clock import iso, now
from functions.core.errors import Invalid, Unprocessable
from functions.core.observability import logger
from functions.core.sharding import SHARDS
from functions.senders import service as senders
from functions.sending import service as sending
from functions.templates import service as templates

BATCH = 50  # recipients per send-queue message
CLAIM_S = 180  # longer than the send queue's visibility timeout
THROTTLED = ("Throttling", "ThrottlingException", "TooManyRequestsException", "LimitExceededException")


class Throttled(Exception):
    """SES asked us to slow down: the message goes back to the queue (nothing is dropped)."""


def unsubscribe_url(workspace_id: str, campaign: dict[str, Any], contact_id: str) -> str:
    token = tokens.make(
        "unsubscribe", {"w": workspace_id, "c": contact_id, "l": campaign["list_id"], "k": campaign["id"]}
    )
    return f"{os.environ.get('PUBLIC_BASE_URL', '').rstrip('/')}/u/{token}"


def _check_ready(workspace_id: str, campaign: dict[str, Any]) -> None:
    if not campaign.get("html") and not campaign.get("template_id"):
        raise Invalid(
            "Give the campaign html or a template_id before sending", code="campaign_has_no_content"
        )
    sender = senders.load_sender(workspace_id, campaign["sender_id"])
    if not senders.sender_verified(workspace_id, sender["from_email"]):
        raise Invalid(f"{sender['from_email']} is not verified by SES yet", code="sender_not_verified")


def schedule(workspace_id: str, campaign_id: str, at: datetime) -> CampaignOut:
    """Send at `at`: a one-time schedule fires the starter then (rescheduling replaces it)."""
    from functions.campaigns import service

    campaign = service.load(workspace_id, campaign_id)
    if campaign["status"] not in ("draft", "scheduled"):
        raise Unprocessable(f"The campaign is {campaign['status']}", code="campaign_not_startable")
    _check_ready(workspace_id, campaign)
    schedules.put(workspace_id, campaign_id, at)
    if not store.schedule(workspace_id, campaign_id, iso(at), at=iso(now())):
        schedules.delete(campaign_id)
        raise Unprocessable("The campaign was started or changed meanwhile", code="campaign_not_startable")
    return service.get(workspace_id, campaign_id)


def start_scheduled(workspace_id: str, campaign_id: str) -> bool:
    """What the schedule fires: start a campaign that is still scheduled (a second firing does nothing)."""
    campaign = store.get(workspace_id, campaign_id)
    if campaign is None or campaign["status"] != "scheduled":
        return False
    if not store.transition(workspace_id, campaign_id, "sending", only_from=("scheduled",), at=iso(now())):
        return False
    _queue_dispatch(workspace_id, campaign_id)
    return True


def _queue_dispatch(workspace_id: str, campaign_id: str) -> None:
    job = {"workspace_id": workspace_id, "campaign_id": campaign_id}
    queues.send_all("dispatch", [{**job, "shard": shard} for shard in range(SHARDS)])
    logger.info("campaign dispatched", extra=job)


def start(workspace_id: str, campaign_id: str) -> CampaignOut:
    from functions.campaigns import service

    campaign = service.load(workspace_id, campaign_id)
    if campaign["status"] not in ("draft", "scheduled"):
        raise Unprocessable(f"The campaign is {campaign['status']}", code="campaign_not_startable")
    if not campaign.get("html") and not campaign.get("template_id"):
        raise Invalid(
            "Give the campaign html or a template_id before sending", code="campaign_has_no_content"
        )
    sender = senders.load_sender(workspace_id, campaign["sender_id"])
    if not senders.sender_verified(workspace_id, sender["from_email"]):
        raise Invalid(f"{sender['from_email']} is not verified by SES yet", code="sender_not_verified")
    if not store.transition(
        workspace_id, campaign_id, "sending", only_from=("draft", "scheduled"), at=iso(now())
    ):
        raise Unprocessable("The campaign was started or changed meanwhile", code="campaign_not_startable")
    job = {"workspace_id": workspace_id, "campaign_id": campaign_id}
    queues.send_all("dispatch", [{**job, "shard": shard} for shard in range(SHARDS)])
    logger.info("campaign dispatched", extra=job)
    return service.get(workspace_id, campaign_id)


def cancel(workspace_id: str, campaign_id: str) -> CampaignOut:
    from functions.campaigns import service

    campaign = service.load(workspace_id, campaign_id)
    cancellable = ("draft", "scheduled", "sending", "paused")
    if not store.transition(workspace_id, campaign_id, "cancelled", only_from=cancellable, at=iso(now())):
        raise Unprocessable(f"The campaign is {campaign['status']}", code="campaign_not_cancellable")
    if campaign["status"] == "scheduled":
        schedules.delete(campaign_id)
    return service.get(workspace_id, campaign_id)


def dispatch_shard(workspace_id: str, campaign_id: str, shard: int) -> int:
    """Fix the audience of one shard and queue it for sending; safe to run again."""
    campaign = store.get(workspace_id, campaign_id)
    if campaign is None or campaign["status"] != "sending":
        return 0
    wanted = set(campaign.get("segment_ids") or [])
    added = skipped = 0
    for page in contacts.list_subscribers_shard(workspace_id, campaign["list_id"], shard):
        for contact in page:
            if wanted and not wanted & set(contact.get("segments") or []):
                continue
            reason = sending.blocked(workspace_id, contact["email"], contact)
            record = {
                "email": contact["email"],
                "contact_id": contact["id"],
                "state": "skipped" if reason else "queued",
            }
            if reason:
                record["reason"] = reason
            if recipients.add(workspace_id, campaign_id, contact["id"], record):
                added += 1
                skipped += 1 if reason else 0
    queued = [r["contact_id"] for r in recipients.queued_in_shard(workspace_id, campaign_id, shard)]
    job = {"workspace_id": workspace_id, "campaign_id": campaign_id}
    queues.send_all(
        "send", [{**job, "contact_ids": queued[i : i + BATCH]} for i in range(0, len(queued), BATCH)]
    )
    finish_if_done(
        workspace_id,
        campaign_id,
        recipients.mark_dispatched(workspace_id, campaign_id, shard, added, skipped),
    )
    return added


def _content(workspace_id: str, campaign: dict[str, Any]) -> tuple[str, str, str | None]:
    if campaign.get("template_id"):
        template = templates.load(workspace_id, campaign["template_id"])
        return campaign.get("subject") or template["subject"], template["html"], template.get("text")
    return campaign["subject"], campaign["html"], campaign.get("text")


def send_batch(workspace_id: str, campaign_id: str, contact_ids: list[str]) -> None:
    """Send to these recipients, each at most once. Raises Throttled to have the message retried."""
    campaign = store.get(workspace_id, campaign_id)
    if campaign is None:
        return
    if campaign["status"] == "cancelled":
        stopped = sum(
            recipients.move(
                workspace_id, campaign_id, cid, "skipped", only_from=("queued",), reason="cancelled"
            )
            for cid in contact_ids
        )
        finish_if_done(
            workspace_id, campaign_id, recipients.count(workspace_id, campaign_id, skipped=stopped)
        )
        return
    if campaign["status"] != "sending":
        return
    sender = senders.load_sender(workspace_id, campaign["sender_id"])
    subject, html, text = _content(workspace_id, campaign)
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    try:
        for contact_id in contact_ids:
            _send_one(workspace_id, campaign, sender, (subject, html, text), contact_id, counts)
    finally:
        finish_if_done(workspace_id, campaign_id, recipients.count(workspace_id, campaign_id, **counts))


def _send_one(
    workspace_id: str,
    campaign: dict[str, Any],
    sender: dict[str, Any],
    content: tuple[str, str, str | None],
    contact_id: str,
    counts: dict[str, int],
) -> None:
    campaign_id = campaign["id"]
    moment = time.time()
    claimed = recipients.move(
        workspace_id,
        campaign_id,
        contact_id,
        "sending",
        only_from=("queued",),
        claim_expired_before=moment,
        claim_expires=int(moment + CLAIM_S),
    )
    if not claimed:
        return  # sent, skipped or being sent by another worker already
    contact = contacts.find(workspace_id, contact_id)
    reason = (
        "contact_deleted" if contact is None else sending.blocked(workspace_id, contact["email"], contact)
    )
    if reason:
        recipients.move(
            workspace_id, campaign_id, contact_id, "skipped", only_from=("sending",), reason=reason
        )
        counts["skipped"] += 1
        return
    link = unsubscribe_url(workspace_id, campaign, contact_id)
    variables = {**rendering.contact_variables(contact), "unsubscribe_url": link}
    try:
        subject, html, text = templates.render_parts(*content, variables)
    except Invalid as exc:
        recipients.move(
            workspace_id, campaign_id, contact_id, "failed", only_from=("sending",), reason=exc.code
        )
        counts["failed"] += 1
        return
    html = tracking.instrument(html, workspace_id, campaign, contact_id, link)
    headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    message = sending.Outgoing(contact["email"], subject, html, text, contact_id=contact_id, headers=headers)
    try:
        message_id = sending.send(workspace_id, sender, message, kind="campaign", campaign_id=campaign_id)
    except ClientError as exc:
        if exc.response["Error"]["Code"] in THROTTLED:
            recipients.move(workspace_id, campaign_id, contact_id, "queued", only_from=("sending",))
            raise Throttled(exc.response["Error"]["Code"]) from exc
        recipients.move(
            workspace_id,
            campaign_id,
            contact_id,
            "failed",
            only_from=("sending",),
            reason=exc.response["Error"]["Code"],
        )
        counts["failed"] += 1
        return
    recipients.move(
        workspace_id,
        campaign_id,
        contact_id,
        "sent",
        only_from=("sending",),
        message_id=message_id,
        sent_at=iso(now()),
    )
    counts["sent"] += 1


def finish_if_done(workspace_id: str, campaign_id: str, stats: dict[str, Any]) -> bool:
    """Every shard dispatched and every recipient accounted for: the campaign is sent (once)."""
    if len(stats.get("dispatched") or []) < SHARDS:
        return False
    accounted = sum(int(stats.get(k, 0)) for k in ("sent", "failed", "skipped"))
    if accounted < int(stats.get("recipients", 0)):
        return False
    if store.transition(workspace_id, campaign_id, "sent", only_from=("sending",), at=iso(now())):
        events.emit(
            workspace_id,
            "campaign.sent",
            {"campaign_id": campaign_id, "recipients": int(stats.get("recipients", 0))},
        )
        return True
    return False


MAX_TEST_RECIPIENTS = 10


def send_test(workspace_id: str, campaign_id: str, emails: list[str]) -> int:
    """The campaign as its recipients would get it, to at most 10 addresses: marked [Test], not counted."""
    from functions.campaigns import service

    campaign = service.load(workspace_id, campaign_id)
    _check_ready(workspace_id, campaign)
    sender = senders.load_sender(workspace_id, campaign["sender_id"])
    content = _content(workspace_id, campaign)
    messages = []
    for email in dict.fromkeys(emails):
        contact = contacts.find(workspace_id, email)
        link = (
            unsubscribe_url(workspace_id, campaign, contact["id"])
            if contact
            else f"{os.environ.get('PUBLIC_BASE_URL', '')}/u/test"
        )
        variables = {**rendering.contact_variables(contact), "email": email, "unsubscribe_url": link}
        subject, html, text = templates.render_parts(*content, variables)  # missing tags: 400, nothing sent
        headers = {"X-Lettercast-Test": "true", "List-Unsubscribe": f"<{link}>"}
        messages.append(sending.Outgoing(email, f"[Test] {subject}", html, text, headers=headers))
    sending.reserve(workspace_id, sender, len(messages))
    for message in messages:
        sending.send(workspace_id, sender, message, kind="campaign_test", campaign_id=campaign_id)
    return len(messages)
