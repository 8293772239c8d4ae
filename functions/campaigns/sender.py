"""The send worker: up to 50 recipients of a campaign a job, each sent at most once, through the engine.

Per job: room from the SES rate and the daily limits (sending/capacity.py); the chunk's contacts and
suppressions in two batched reads; each message rendered for its contact (a failure fails that recipient
alone); then the engine sends them concurrently, each after its recipient moved queued -> sent with
one conditional write (the claim, which writes its record: a waiting recipient has none), so only one
worker ever calls SES for a recipient, however the job is raced or redelivered. Then, per outcome:
refused -> failed; throttled or the quota -> back to queued (retried later, or the campaign pauses);
`email.sent` for who was sent, in batched writes after the chunk and only while a webhook listens; and
the counters, once per job.

A worker killed between a claim and SES's answer leaves that recipient `sent` without knowing: at most
once, never twice (the README's crash table).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from functions.campaigns import completion, lifecycle, recipients, store, tracking
from functions.campaigns.jobs import SendJob
from functions.contacts import service as contacts
from functions.core import events, queues, rendering
from functions.core.clock import iso, now
from functions.core.errors import Invalid
from functions.core.observability import logger
from functions.core.settings import settings
from functions.senders import service as senders
from functions.sending import engine
from functions.sending import service as sending
from functions.sending.capacity import Capacity, Exhausted
from functions.sending.engine import Outcome
from functions.sending.message import Message
from functions.sending.tags import SesTags
from functions.templates import service as templates

Content = tuple[str, str, str | None]


class SendFailed(Exception):
    """Sending failed in our own code (a bug, logged with its trace): the job goes back to the queue."""


def send_batch(
    workspace_id: str,
    campaign_id: str,
    contact_ids: list[str],
    *,
    attempt: int = 0,
    redelivered: bool = False,
    workers: int | None = None,
) -> None:
    """Send to these recipients, each at most once, at the SES rate and within the daily limits.

    SES throttling puts the job back on the queue with a growing delay (never dropped); a daily limit
    that is reached pauses the campaign until midnight UTC. `redelivered`: a crashed worker may have sent
    some of these without counting them, so the counters are checked against the records at the end.
    `workers`: the engine's pool for this job (default: sized from the SES rate).
    """
    campaign = store.get(workspace_id, campaign_id)
    if campaign is None:
        return
    if campaign["status"] == "cancelled":
        completion.stop_waiting(workspace_id, campaign_id, contact_ids)
        return
    if campaign["status"] != "sending":
        return  # paused: the recipients stay queued and resume queues them again
    sender = senders.load_sender(workspace_id, campaign["sender_id"])
    content, preview = lifecycle.content_and_preview(workspace_id, campaign)
    capacity = Capacity(workspace_id, sender)
    counts: Counter[str] = Counter()
    pending = list(contact_ids)
    try:
        while pending:
            try:
                grant = capacity.take(len(pending))
            except Exhausted as full:
                lifecycle.pause(workspace_id, campaign_id, full.limit, _midnight_utc())
                return
            chunk, pending = pending[: grant.count], pending[grant.count :]
            sent_before = counts["sent"]
            try:
                outcomes = _send_chunk(
                    workspace_id, campaign, sender, content, preview, chunk, counts, workers
                )
            finally:  # what was not sent gives its place back, also when the chunk failed half-way
                grant.give_back(grant.count - (counts["sent"] - sent_before))
            results = {o.result for o in outcomes}
            if "quota_exhausted" in results:
                lifecycle.pause(workspace_id, campaign_id, "ses_daily_quota", now() + timedelta(hours=1))
                return
            if "throttled" in results:
                _retry_later(workspace_id, campaign_id, contact_ids, attempt)
                return
            if "error" in results:  # the job fails: SQS retries it, then its DLQ fails who is left
                raise SendFailed(next(o.error for o in outcomes if o.result == "error") or "")
    finally:
        if counts["sent"]:
            sending.count_usage(workspace_id, counts["sent"])
        # Progress even when nothing was counted (throttled: the batch is back on the queue, delayed).
        stats = recipients.count(
            workspace_id,
            campaign_id,
            progressed=True,
            **{k: counts[k] for k in ("sent", "failed", "skipped")},
        )
        if redelivered:
            stats = recipients.count_again_later(workspace_id, campaign_id)
        completion.finish_if_done(workspace_id, campaign_id, stats)


def _send_chunk(
    workspace_id: str,
    campaign: dict[str, Any],
    sender: dict[str, Any],
    content: Content,
    preview: str | None,
    chunk: list[str],
    counts: Counter[str],
    workers: int | None,
) -> list[Outcome]:
    """Send to one chunk (room for all of it was taken); returns the engine's outcomes."""
    campaign_id = campaign["id"]

    reads = BatchReads.of(workspace_id, chunk)

    def settle(contact_id: str, to: str, only_from: str = "queued", **fields: Any) -> bool:
        # The first move of a waiting recipient writes its record: with who it is, for the listing.
        contact = reads.contacts.get(contact_id)
        who = {"email": contact["email"]} if contact else {}
        return recipients.settle(
            workspace_id, campaign_id, contact_id, to, only_from=(only_from,), **who, **fields
        )

    messages = []
    for contact_id in chunk:
        contact = reads.contacts.get(contact_id)
        reason = (
            "contact_deleted"
            if contact is None
            else sending.blocked(workspace_id, contact["email"], contact, suppressed=reads.suppressed)
        )
        if reason:
            counts["skipped"] += settle(contact_id, "skipped", reason=reason)
            continue
        try:  # what this one contact's values make of the message: a failure fails them alone
            messages.append(message_for(workspace_id, campaign, content, preview, contact))
        except Invalid as exc:
            counts["failed"] += settle(contact_id, "failed", reason=exc.code, error=exc.message[:500])
    sent_at = iso(now())
    outcomes = engine.deliver(
        sender, messages, claim=lambda m: settle(m.key, "sent", sent_at=sent_at), workers=workers
    )
    for outcome in outcomes:
        contact_id = outcome.message.key
        if outcome.left:
            counts["sent"] += 1  # the contact's activity reads it from the record (messages.py)
        elif outcome.result == "invalid":
            counts["failed"] += settle(contact_id, "failed", reason=outcome.code, error=outcome.error)
        elif outcome.result == "refused":
            counts["failed"] += settle(contact_id, "failed", only_from="sent", reason=outcome.code)
        elif outcome.claimed:  # throttled, the quota or an error: not sent, waits for the retry or resume
            recipients.move(workspace_id, campaign_id, contact_id, "queued", only_from=("sent",))
    _tell_sent(workspace_id, campaign_id, [o for o in outcomes if o.left])
    return outcomes


def _tell_sent(workspace_id: str, campaign_id: str, sent: list[Outcome]) -> None:
    """`email.sent` for each message that left (events.emit_many: nothing while no webhook listens).

    After the sends, never before a claim: an event reports a message that left (as the counters count
    it). A write that fails is logged, not retried with the job: its recipients are claimed, so a retry
    would not tell them again.
    """
    datas = [
        {
            **({"message_id": o.ses_message_id} if o.ses_message_id else {}),
            "campaign_id": campaign_id,
            "contact_id": o.message.key,
            "email": o.message.to,
            "subject": o.message.subject,
        }
        for o in sent
    ]
    try:
        events.emit_many(workspace_id, "email.sent", datas)
    except (BotoCoreError, ClientError):
        logger.exception("email.sent events could not be written", extra={"campaign_id": campaign_id})


def message_for(
    workspace_id: str,
    campaign: dict[str, Any],
    content: Content,
    preview: str | None,
    contact: dict[str, Any],
) -> Message:
    """The campaign rendered for one contact: a tag with no value is empty, links are tracked, and the
    unsubscribe link is in the body and in the List-Unsubscribe headers (one click)."""
    link = tracking.unsubscribe_url(workspace_id, campaign, contact["id"])
    variables = {
        **rendering.contact_variables(contact),
        "unsubscribe_url": link,
        "preferences_url": tracking.preferences_url(workspace_id, contact["id"]),
    }
    subject, html, text = templates.render_parts(*content, variables, missing="empty")
    html = rendering.with_preheader(html, preview)  # after the text part was made from the html
    return Message(
        to=contact["email"],
        subject=subject,
        html=tracking.instrument(html, workspace_id, campaign, contact["id"], link),
        text=text,
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        tags=SesTags(workspace=workspace_id, kind="campaign", campaign=campaign["id"], contact=contact["id"]),
        contact_id=contact["id"],
        key=contact["id"],
    )


@dataclass(frozen=True)
class BatchReads:
    """A chunk's contacts and suppressed addresses, in two batched reads instead of two per recipient.
    Read just before the chunk is sent (an unsubscribe arriving during the chunk waits for the next)."""

    contacts: dict[str, dict[str, Any]]
    suppressed: dict[str, Any]

    @classmethod
    def of(cls, workspace_id: str, contact_ids: list[str]) -> BatchReads:
        found = contacts.find_many(workspace_id, contact_ids)
        return cls(found, sending.suppressions(workspace_id, [c["email"] for c in found.values()]))


def _midnight_utc() -> datetime:
    return (now() + timedelta(days=1)).replace(hour=0, minute=1, second=0, microsecond=0)


def _retry_later(workspace_id: str, campaign_id: str, contact_ids: list[str], attempt: int) -> None:
    """Back on the queue after a delay that grows with each throttled attempt (capped at SQS's 15 min)."""
    delay = min(900, int(settings().throttle_backoff_s * 2**attempt))
    job = SendJob(
        workspace_id=workspace_id, campaign_id=campaign_id, contact_ids=contact_ids, attempt=attempt + 1
    )
    queues.send_all("send", [job.body()], delay_s=delay)
    logger.warning("SES throttled: batch retried later", extra={"campaign_id": campaign_id, "delay_s": delay})


def fail_batch(workspace_id: str, campaign_id: str, contact_ids: list[str], reason: str) -> int:
    """A batch that failed every retry (the DLQ): who was not sent is failed, with the reason."""
    failed = sum(
        recipients.settle(workspace_id, campaign_id, cid, "failed", only_from=("queued",), reason=reason)
        for cid in contact_ids
    )
    recipients.count(workspace_id, campaign_id, failed=failed)
    # Its tries may have been killed during an SES call, leaving recipients sent and uncounted.
    completion.finish_if_done(
        workspace_id, campaign_id, recipients.count_again_later(workspace_id, campaign_id)
    )
    return failed
