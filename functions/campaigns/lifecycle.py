"""A campaign's lifecycle: scheduled, started, paused, resumed, cancelled; and what it sends (its content).

draft -> scheduled -> sending -> sent, with paused (resumable) and cancelled on the way. Starting or
resuming queues one dispatch job per contact shard (dispatch.py); the send worker (sender.py) sends;
completion.py finishes. Every transition is one conditional write, so two callers never both win.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from functions.campaigns import schedules, service, store
from functions.campaigns.jobs import DispatchJob
from functions.campaigns.models import CampaignOut
from functions.core import events, queues
from functions.core.clock import iso, now
from functions.core.errors import Invalid, Unprocessable
from functions.core.observability import logger
from functions.core.sharding import SHARDS
from functions.senders import service as senders
from functions.templates import service as templates


def has_content(campaign: dict[str, Any]) -> None:
    if not campaign.get("html") and not campaign.get("template_id"):
        raise Invalid(
            "Give the campaign html or a template_id before sending", code="campaign_has_no_content"
        )


def check_ready(workspace_id: str, campaign: dict[str, Any]) -> None:
    has_content(campaign)
    try:  # content saved before today's checks, or a template changed since: refused before any queueing
        templates.check_content(*content(workspace_id, campaign))
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
    check_ready(workspace_id, campaign)
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
    store.note_started(workspace_id, campaign_id, content(workspace_id, campaign)[0], at)
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
    check_ready(workspace_id, campaign)
    at = iso(now())
    store.note_started(workspace_id, campaign_id, content(workspace_id, campaign)[0], at)
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


def content(workspace_id: str, campaign: dict[str, Any]) -> tuple[str, str, str | None]:
    return content_and_preview(workspace_id, campaign)[0]


def content_and_preview(
    workspace_id: str, campaign: dict[str, Any]
) -> tuple[tuple[str, str, str | None], str | None]:
    """(subject, html, text) of the campaign's messages, and the text inboxes show after the subject: the
    campaign's own, else its template's (read once)."""
    if campaign.get("template_id"):
        template = templates.load(workspace_id, campaign["template_id"])
        subject = campaign.get("subject") or template["subject"]
        preview = campaign.get("preview_text") or template.get("preview_text")
        return (subject, template["html"], template.get("text")), preview
    return (campaign["subject"], campaign["html"], campaign.get("text")), campaign.get("preview_text")
