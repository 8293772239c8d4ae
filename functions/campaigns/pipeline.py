"""The campaign send pipeline: start -> dispatch, shard by shard -> send, 50 recipients a message -> sent.

Exactly once per recipient: the message is rendered, then its recipient record moves queued -> sent
with one conditional write, and only the worker whose write succeeded calls SES (botocore does not
retry that call by itself); a redelivered or retried batch skips whoever was sent already. If SES
refuses, the record moves on to failed; when SES throttles or errs for a moment, or the request never
left, it goes back to queued and the retry sends it. An answer lost on the way back (read timeout,
connection closed) leaves it sent: SES may have taken it. One write, not a claim and a mark, keeps a
recipient's cost low; the price is that a worker killed outright during the SES call leaves that
recipient marked sent without knowing: at most once, never twice. Cancel stops every recipient still
queued. A campaign whose queued work was lost (a purged queue) is picked up again by recovery.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from botocore.exceptions import ClientError, ConnectionClosedError, ReadTimeoutError

from functions.campaigns import recipients, schedules, service, store, tracking
from functions.campaigns.jobs import DispatchJob, SendJob
from functions.campaigns.models import CampaignOut
from functions.contacts import service as contacts
from functions.core import events, queues, rendering, tokens
from functions.core.clock import iso, now
from functions.core.errors import Invalid, NotFound, RateLimited, Unprocessable
from functions.core.headers import check as check_header
from functions.core.observability import logger
from functions.core.settings import settings
from functions.core.sharding import SHARDS
from functions.senders import service as senders
from functions.sending import quota
from functions.sending import service as sending
from functions.sending.tags import SesTags
from functions.templates import service as templates

BATCH = 50  # recipients per send-queue message
THROTTLED = ("Throttling", "ThrottlingException", "TooManyRequestsException", "LimitExceededException")


class Throttled(Exception):
    """SES asked us to slow down, or failed for a moment (5xx): the rest of the batch goes back to the
    queue with a delay (nothing is dropped)."""


class QuotaExhausted(Exception):
    """SES says the account's daily quota is used up: the campaign pauses."""


def unsubscribe_url(workspace_id: str, campaign: dict[str, Any], contact_id: str) -> str:
    token = tokens.make(
        "unsubscribe", {"w": workspace_id, "c": contact_id, "l": campaign["list_id"], "k": campaign["id"]}
    )
    return f"{tracking.public_base()}/u/{token}"


def _has_content(campaign: dict[str, Any]) -> None:
    if not campaign.get("html") and not campaign.get("template_id"):
        raise Invalid(
            "Give the campaign html or a template_id before sending", code="campaign_has_no_content"
        )


def _check_ready(workspace_id: str, campaign: dict[str, Any]) -> None:
    _has_content(campaign)
    try:  # content saved before today's checks, or a template changed since: refused before any queueing
        templates.check_content(*_content(workspace_id, campaign))
    except Invalid as exc:
        raise Unprocessable(
            f"The campaign's content cannot be rendered: {exc.message}", code="campaign_content_invalid"
        ) from None
    sender = senders.load_sender(workspace_id, campaign["sender_id"])
    if not senders.sender_verified(workspace_id, sender["from_email"]):
        raise Invalid(f"{sender['from_email']} is not verified by SES yet", code="sender_not_verified")


def schedule(workspace_id: str, campaign_id: str, at: datetime) -> CampaignOut:
    """Send at `at`: a one-time schedule fires the starter then (rescheduling replaces it)."""
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
    at = iso(now())
    if not store.transition(
        workspace_id, campaign_id, "sending", only_from=("scheduled",), at=at, started_at=at
    ):
        return False
    dispatch_or_pause(workspace_id, campaign_id)
    return True


def dispatch_or_pause(workspace_id: str, campaign_id: str) -> None:
    """Queue the dispatch of a campaign just made (or still) `sending`; if that fails, it pauses
    (resumable) rather than staying `sending` with nothing queued."""
    try:
        _queue_dispatch(workspace_id, campaign_id)
    except Exception:
        pause(workspace_id, campaign_id, "dispatch_failed", None)
        raise


def _forget_schedule(campaign_id: str, action: str) -> None:
    """Delete a schedule that has become harmless (its target checks the status): a failure is logged."""
    try:
        schedules.delete(campaign_id, action)
    except Exception:
        logger.exception("a campaign schedule could not be deleted", extra={"campaign_id": campaign_id})


def _queue_dispatch(workspace_id: str, campaign_id: str) -> None:
    jobs = [DispatchJob(workspace_id=workspace_id, campaign_id=campaign_id, shard=s) for s in range(SHARDS)]
    queues.send_all("dispatch", [job.body() for job in jobs])
    logger.info("campaign dispatched", extra={"workspace_id": workspace_id, "campaign_id": campaign_id})


def start(workspace_id: str, campaign_id: str) -> CampaignOut:
    campaign = service.load(workspace_id, campaign_id)
    if campaign["status"] not in ("draft", "scheduled"):
        raise Unprocessable(f"The campaign is {campaign['status']}", code="campaign_not_startable")
    _check_ready(workspace_id, campaign)
    at = iso(now())
    if not store.transition(
        workspace_id, campaign_id, "sending", only_from=("draft", "scheduled"), at=at, started_at=at
    ):
        raise Unprocessable("The campaign was started or changed meanwhile", code="campaign_not_startable")
    dispatch_or_pause(workspace_id, campaign_id)
    if campaign["status"] == "scheduled":
        _forget_schedule(campaign_id, "start")  # were it left, firing it would find the campaign sending
    return service.get(workspace_id, campaign_id)


def cancel(workspace_id: str, campaign_id: str) -> CampaignOut:
    campaign = service.load(workspace_id, campaign_id)
    cancellable = ("draft", "scheduled", "sending", "paused")
    if not store.transition(workspace_id, campaign_id, "cancelled", only_from=cancellable, at=iso(now())):
        raise Unprocessable(f"The campaign is {campaign['status']}", code="campaign_not_cancellable")
    if campaign["status"] == "scheduled":
        schedules.delete(campaign_id)
    if campaign["status"] == "paused":
        schedules.delete(campaign_id, "resume")
    if campaign["status"] in ("sending", "paused"):
        # Each shard marks its waiting recipients skipped. A send batch still queued would too, but the
        # queue may have lost them (purged, drained by hand); either way a recipient is settled and counted
        # once (a conditional write), and a batch already running sends nobody a dispatch has skipped.
        _queue_dispatch(workspace_id, campaign_id)
    return service.get(workspace_id, campaign_id)


def pause(workspace_id: str, campaign_id: str, reason: str, resume_at: datetime | None) -> bool:
    """Stop sending (recipients not sent stay queued); resume by itself at `resume_at`, if given.

    The schedule comes first: a campaign is never paused with a `resume_at` that nothing will fire (a
    schedule left by a pause that did not happen finds the campaign not paused, and does nothing)."""
    if resume_at:
        schedules.put(workspace_id, campaign_id, resume_at, action="resume")
    paused = store.transition(
        workspace_id,
        campaign_id,
        "paused",
        only_from=("sending",),
        at=iso(now()),
        paused_reason=reason,
        resume_at=iso(resume_at) if resume_at else None,
    )
    if paused:
        events.emit(workspace_id, "campaign.paused", {"campaign_id": campaign_id, "reason": reason})
        logger.warning("campaign paused", extra={"campaign_id": campaign_id, "reason": reason})
    return paused


def resume(workspace_id: str, campaign_id: str, *, by_schedule: bool = False) -> bool:
    """A paused campaign sends again: every shard queues its recipients still waiting.

    `by_schedule`: the resume schedule fired, and deletes itself (ActionAfterCompletion=DELETE)."""
    resumed = store.transition(
        workspace_id,
        campaign_id,
        "sending",
        only_from=("paused",),
        at=iso(now()),
        paused_reason=None,
        resume_at=None,
    )
    if resumed:
        dispatch_or_pause(workspace_id, campaign_id)
        if not by_schedule:
            _forget_schedule(campaign_id, "resume")
    return resumed


def resume_scheduled(workspace_id: str, campaign_id: str) -> bool:
    """What a resume schedule fires: only a pause that set a time to resume (not `dispatch_failed`,
    not a pause that was resumed by hand and paused again for another reason)."""
    campaign = store.get(workspace_id, campaign_id)
    if campaign is None or campaign["status"] != "paused" or not campaign.get("resume_at"):
        return False
    return resume(workspace_id, campaign_id, by_schedule=True)


def dispatch_shard(workspace_id: str, campaign_id: str, shard: int) -> int:
    """Fix the audience of one shard and queue it for sending; safe to run again (resume runs it again)."""
    campaign = store.get(workspace_id, campaign_id)
    status = campaign["status"] if campaign else None
    if status == "cancelled":
        _stop_waiting(
            workspace_id, campaign_id, [r["contact_id"] for r in _waiting(campaign_id, shard, campaign)]
        )
        return 0
    if status not in ("sending", "paused"):
        return 0
    wanted = set(campaign.get("segment_ids") or [])
    added = skipped = 0
    if shard_needs_audience(workspace_id, campaign_id, shard):
        audience = contacts.list_subscribers_shard(
            workspace_id, campaign["list_id"], shard, subscribed_by=campaign.get("started_at")
        )
        for page in audience:
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
    if status == "sending":  # paused: resume queues them
        queued = [r["contact_id"] for r in _waiting(campaign_id, shard, campaign)]
        batches = [queued[i : i + BATCH] for i in range(0, len(queued), BATCH)]
        jobs = [SendJob(workspace_id=workspace_id, campaign_id=campaign_id, contact_ids=b) for b in batches]
        queues.send_all("send", [job.body() for job in jobs])
    finish_if_done(
        workspace_id,
        campaign_id,
        recipients.mark_dispatched(workspace_id, campaign_id, shard, added, skipped),
    )
    return added


def dead_letter(job: DispatchJob | SendJob) -> None:
    """Campaign work that failed every retry. A send batch: its recipients not sent yet are failed
    (`send_batch_failed`) and counted. A dispatch of one shard: the campaign pauses (`dispatch_failed`)."""
    if isinstance(job, DispatchJob):
        dispatch_failed(job.workspace_id, job.campaign_id, job.shard)
        return
    failed = fail_batch(job.workspace_id, job.campaign_id, job.contact_ids, "send_batch_failed")
    logger.error("a send batch failed every retry", extra={"campaign_id": job.campaign_id, "failed": failed})


def dispatch_failed(workspace_id: str, campaign_id: str, shard: int) -> bool:
    """A shard whose dispatch failed every retry: the campaign pauses rather than never finishing.

    Nothing of that shard was queued, and what other shards queued stays queued; POST /resume dispatches
    again (shards already fixed only queue who is still waiting). No automatic resume: a dispatch that
    failed five times needs someone to look at the logs first.
    """
    logger.error("a campaign shard failed to dispatch", extra={"campaign_id": campaign_id, "shard": shard})
    return pause(workspace_id, campaign_id, "dispatch_failed", None)


def shard_needs_audience(workspace_id: str, campaign_id: str, shard: int) -> bool:
    """The audience of a shard is fixed once: a resume or a retried dispatch finds it done."""
    return str(shard) not in set(recipients.stats(workspace_id, campaign_id).get("dispatched") or [])


def _waiting(campaign_id: str, shard: int, campaign: dict[str, Any] | None) -> list[dict[str, Any]]:
    return recipients.queued_in_shard(campaign["workspace_id"], campaign_id, shard) if campaign else []


def _stop_waiting(workspace_id: str, campaign_id: str, contact_ids: list[str]) -> None:
    stopped = sum(
        recipients.settle(
            workspace_id, campaign_id, cid, "skipped", only_from=("queued",), reason="cancelled"
        )
        for cid in contact_ids
    )
    finish_if_done(workspace_id, campaign_id, recipients.count(workspace_id, campaign_id, skipped=stopped))


def _content(workspace_id: str, campaign: dict[str, Any]) -> tuple[str, str, str | None]:
    if campaign.get("template_id"):
        template = templates.load(workspace_id, campaign["template_id"])
        return campaign.get("subject") or template["subject"], template["html"], template.get("text")
    return campaign["subject"], campaign["html"], campaign.get("text")


def _midnight_utc() -> datetime:
    return (now() + timedelta(days=1)).replace(hour=0, minute=1, second=0, microsecond=0)


def send_batch(
    workspace_id: str,
    campaign_id: str,
    contact_ids: list[str],
    *,
    attempt: int = 0,
    redelivered: bool = False,
) -> None:
    """Send to these recipients, each at most once, at the SES rate and within the daily quotas.

    SES throttling puts the unsent rest back on the queue with a growing delay (never dropped); a daily
    quota that is reached pauses the campaign. `redelivered`: a crashed worker may have sent some of these
    without counting them, so the counters are checked against the records at the end.
    """
    campaign = store.get(workspace_id, campaign_id)
    if campaign is None:
        return
    if campaign["status"] == "cancelled":
        _stop_waiting(workspace_id, campaign_id, contact_ids)
        return
    if campaign["status"] != "sending":
        return  # paused: the recipients stay queued and resume queues them again
    sender = senders.load_sender(workspace_id, campaign["sender_id"])
    content = _content(workspace_id, campaign)
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    day = sending.today()
    pending = list(contact_ids)
    try:
        while pending:
            allowed = quota.reserve_daily(quota.take_send_tokens(len(pending)), day)
            if not allowed:
                pause(workspace_id, campaign_id, "ses_daily_quota", _midnight_utc())
                return
            try:
                sending.reserve(workspace_id, sender, allowed)
            except RateLimited:
                quota.release_daily(allowed, day)
                pause(workspace_id, campaign_id, "sender_daily_limit", _midnight_utc())
                return
            chunk, pending = pending[:allowed], pending[allowed:]
            before = counts["sent"]
            reads = _BatchReads.of(workspace_id, chunk)
            try:
                for contact_id in chunk:
                    _send_one(workspace_id, campaign, sender, content, contact_id, counts, reads)
            except Throttled:
                _retry_later(workspace_id, campaign_id, contact_ids, attempt)
                return
            except QuotaExhausted:
                pause(workspace_id, campaign_id, "ses_daily_quota", now() + timedelta(hours=1))
                return
            finally:
                unused = allowed - (counts["sent"] - before)
                if unused:
                    quota.release_daily(unused, day)
                    sending.release(workspace_id, sender, unused)
    finally:
        if counts["sent"]:
            sending.count_usage(workspace_id, counts["sent"])
        # Progress even when nothing was counted (throttled: the batch is back on the queue, delayed).
        stats = recipients.count(workspace_id, campaign_id, progressed=True, **counts)
        if redelivered:
            stats = recipients.count_again_later(workspace_id, campaign_id)
        finish_if_done(workspace_id, campaign_id, stats)


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
    finish_if_done(workspace_id, campaign_id, recipients.count_again_later(workspace_id, campaign_id))
    return failed


@dataclass(frozen=True)
class _BatchReads:
    """A chunk's contacts and suppressed addresses, in two batched reads instead of two per recipient.
    Read just before the chunk is sent (an unsubscribe arriving during the chunk waits for the next)."""

    contacts: dict[str, dict[str, Any]]
    suppressed: dict[str, Any]

    @classmethod
    def of(cls, workspace_id: str, contact_ids: list[str]) -> _BatchReads:
        found = contacts.find_many(workspace_id, contact_ids)
        return cls(found, sending.suppressions(workspace_id, [c["email"] for c in found.values()]))


def _send_one(
    workspace_id: str,
    campaign: dict[str, Any],
    sender: dict[str, Any],
    content: tuple[str, str, str | None],
    contact_id: str,
    counts: dict[str, int],
    reads: _BatchReads | None = None,
) -> None:
    """One recipient, with what its batch read (`reads`), or reading for itself."""
    campaign_id = campaign["id"]

    def settle(to: str, **fields: Any) -> bool:
        return recipients.settle(workspace_id, campaign_id, contact_id, to, only_from=("queued",), **fields)

    reads = reads or _BatchReads.of(workspace_id, [contact_id])
    contact = reads.contacts.get(contact_id)
    reason = (
        "contact_deleted"
        if contact is None
        else sending.blocked(workspace_id, contact["email"], contact, suppressed=reads.suppressed)
    )
    if reason:
        counts["skipped"] += settle("skipped", reason=reason)
        return
    link = unsubscribe_url(workspace_id, campaign, contact_id)
    variables = {**rendering.contact_variables(contact), "unsubscribe_url": link}
    headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    try:  # what this one contact's values make of the message: a failure fails them alone
        subject, html, text = templates.render_parts(*content, variables, missing="empty")
        html = tracking.instrument(html, workspace_id, campaign, contact_id, link)
        message = sending.Outgoing(
            contact["email"], subject, html, text, contact_id=contact_id, headers=headers
        )
        raw = sending.build(sender, message)
    except Invalid as exc:
        counts["failed"] += settle("failed", reason=exc.code, error=exc.message[:500])
        return
    sent_at = iso(now())
    if not settle("sent", sent_at=sent_at):
        return  # sent, skipped or stopped already (a redelivered batch, or a cancel)
    try:
        _deliver(workspace_id, campaign_id, sender, message, raw)
    except _Refused as refused:
        recipients.settle(
            workspace_id, campaign_id, contact_id, "failed", only_from=("sent",), reason=refused.code
        )
        counts["failed"] += 1
        return
    except Exception:
        # Not sent: back to queued so the retry of this batch (or the DLQ) deals with it.
        recipients.move(workspace_id, campaign_id, contact_id, "queued", only_from=("sent",))
        raise
    counts["sent"] += 1
    contacts.record_activity(
        workspace_id, contact_id, "sent", {"campaign_id": campaign_id, "subject": subject}, sent_at
    )


class _Refused(Exception):
    """SES refused this one message (not a throttle or the quota): the recipient failed with the code."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _deliver(workspace_id: str, campaign_id: str, sender: dict[str, Any], message: Any, raw: bytes) -> None:
    tags = SesTags(workspace=workspace_id, kind="campaign", campaign=campaign_id, contact=message.contact_id)
    try:
        sending.deliver(sender, message, tags, retry=False, raw=raw)
    except ClientError as exc:
        code = exc.response["Error"]["Code"]
        if quota.is_quota_exhausted(exc):
            raise QuotaExhausted(code) from exc
        if code in THROTTLED or exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) >= 500:
            raise Throttled(code) from exc
        raise _Refused(code) from exc
    except (ReadTimeoutError, ConnectionClosedError):
        # The request went out and its answer was lost: SES may have sent it. Left sent, never repeated.
        logger.warning("SES answer lost; counted as sent", extra={"campaign_id": campaign_id})


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
    if store.transition(workspace_id, campaign_id, "sent", only_from=("sending",), at=at, sent_at=at):
        events.emit(
            workspace_id,
            "campaign.sent",
            {"campaign_id": campaign_id, "recipients": int(stats.get("recipients", 0))},
        )
        return True
    return False


MAX_TEST_RECIPIENTS = 10


def preview(workspace_id: str, campaign_id: str, contact_id: str | None, email: str | None) -> dict[str, Any]:
    """The campaign rendered for one contact (by id or email), and the tags it had no value for
    (rendered empty, as it would be sent). Opens and clicks are not instrumented."""
    campaign = service.load(workspace_id, campaign_id)
    _has_content(campaign)
    contact = contacts.find(workspace_id, contact_id or email or "")
    if contact is None:
        raise NotFound("contact", contact_id or email or "")
    content = _content(workspace_id, campaign)
    values = _variables_for(workspace_id, campaign, contact["email"], None)
    subject, html, text = templates.render_parts(*content, values, missing="empty")
    return {
        "contact_id": contact["id"],
        "email": contact["email"],
        "subject": subject,
        "html": html,
        "text": text,
        "missing_variables": templates.missing_tags(*content, values),
    }


def _check_later(workspace_id: str, campaign_id: str, delay_s: int) -> None:
    """An empty send batch, delayed: its worker only checks whether the campaign is done."""
    job = SendJob(workspace_id=workspace_id, campaign_id=campaign_id, contact_ids=[])
    queues.send_all("send", [job.body()], delay_s=min(900, delay_s))


def _variables_for(
    workspace_id: str, campaign: dict[str, Any], email: str, given: dict[str, Any] | None
) -> dict[str, Any]:
    """What fills a test or a preview for `email`: the contact's own values when it is a contact, then
    the `variables` given, then its email and unsubscribe link."""
    contact = contacts.find(workspace_id, email)
    test_link = f"{tracking.public_base()}/u/test"
    link = unsubscribe_url(workspace_id, campaign, contact["id"]) if contact else test_link
    own = rendering.contact_variables(contact)
    return {**rendering.normalize(given), **own, "email": email, "unsubscribe_url": link}


def send_test(
    workspace_id: str, campaign_id: str, emails: list[str], variables: dict[str, Any] | None = None
) -> int:
    """The campaign as its recipients would get it, to at most 10 addresses: marked [Test], not counted.

    A tag with no value is rendered empty, as in the campaign itself."""
    campaign = service.load(workspace_id, campaign_id)
    _check_ready(workspace_id, campaign)
    sender = senders.load_sender(workspace_id, campaign["sender_id"])
    content = _content(workspace_id, campaign)
    messages = []
    for email in dict.fromkeys(emails):
        values = _variables_for(workspace_id, campaign, email, variables)
        subject, html, text = templates.render_parts(*content, values, missing="empty")
        check_header(subject, "subject")  # a contact's value with a line break: 400, nothing sent
        headers = {"X-Lettercast-Test": "true", "List-Unsubscribe": f"<{values['unsubscribe_url']}>"}
        messages.append(sending.Outgoing(email, f"[Test] {subject}", html, text, headers=headers))
    sending.reserve(workspace_id, sender, len(messages))
    refused: list[str] = []
    try:
        for message in messages:
            try:
                sending.send(workspace_id, sender, message, kind="campaign_test", campaign_id=campaign_id)
            except ClientError as exc:
                logger.warning("test send refused", extra={"campaign_id": campaign_id, "error": str(exc)})
                refused.append(message.to)
    finally:
        sending.release(workspace_id, sender, len(refused))  # only what was sent counts against the limit
    if refused:
        raise Unprocessable(
            f"SES refused the test to {', '.join(refused)} (sent to {len(messages) - len(refused)} of "
            f"{len(messages)})",
            code="test_send_refused",
            refused=refused,
        )
    return len(messages)
