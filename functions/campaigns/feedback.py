"""SES feedback on campaign messages: a delivery, bounce or complaint moves its recipient record, once.

The feedback worker (functions/feedback) hands over every event tagged as a campaign message.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from functions.campaigns import recipients
from functions.contacts import service as contacts
from functions.core import events
from functions.core.clock import iso, now
from functions.sending import service as sending

_tally: Counter[tuple[str, str, str]] | None = None  # counts of the feedback batch being applied


@contextmanager
def feedback_counted_per_batch() -> Iterator[None]:
    """Counters of the feedback applied inside are added once at the end, per campaign (one write for a
    batch of deliveries instead of one each). Only a worker killed mid-batch loses them, and only those."""
    global _tally
    _tally = Counter()
    try:
        yield
    finally:
        pending, _tally = _tally, None
        by_campaign: dict[tuple[str, str], dict[str, int]] = {}
        for (workspace_id, campaign_id, state), n in pending.items():
            by_campaign.setdefault((workspace_id, campaign_id), {})[state] = n
        for (workspace_id, campaign_id), deltas in by_campaign.items():
            recipients.count(workspace_id, campaign_id, **deltas)


def record_feedback(
    workspace_id: str, campaign_id: str, contact_id: str, state: str, ses_message_id: str | None
) -> bool:
    """SES feedback for a campaign message: the recipient's state and the campaign's counter, once.

    The SES message id is written here, with the first feedback, rather than with a write of its own
    after sending: a recipient costs one write less. So is the time of a delivery (`delivered_at`), which
    the contact's activity shows (messages.py). A delivery is taken only from `sent`, so one SES reports
    twice counts once and keeps its first time; a bounce or complaint may follow a delivery.
    """
    if state not in ("delivered", "bounced", "complained"):
        return False
    fields = {"message_id": ses_message_id} if ses_message_id else {}
    if state == "delivered":
        fields["delivered_at"] = iso(now())
    only_from = ("sent",) if state == "delivered" else ("sent", "delivered")
    if not recipients.move(workspace_id, campaign_id, contact_id, state, only_from=only_from, **fields):
        return False
    if _tally is not None:
        _tally[(workspace_id, campaign_id, state)] += 1
    else:
        recipients.count(workspace_id, campaign_id, **{state: 1})
    return True


def apply_feedback(feedback: sending.Feedback) -> str:
    """SES feedback on a campaign message (tagged workspace, campaign, contact): its recipient record.

    Deliveries, the common case, cost one write (the count is added per batch; `email.delivered` only
    while a webhook listens); bounces and complaints also suppress the address, set the contact's status
    and are recorded in its activity and as events.
    """
    workspace_id, campaign_id, contact_id = (
        str(feedback.tags.workspace),
        str(feedback.tags.campaign),
        str(feedback.tags.contact),
    )
    state = feedback.state
    if not record_feedback(workspace_id, campaign_id, contact_id, state, feedback.ses_message_id or None):
        return state  # already applied, or a soft bounce: nothing changes
    message_id = {"message_id": feedback.ses_message_id} if feedback.ses_message_id else {}
    data = {**message_id, "campaign_id": campaign_id, "contact_id": contact_id, "email": feedback.email}
    if state not in ("bounced", "complained"):
        events.emit(workspace_id, f"email.{state}", data)
        return state
    contact = contacts.find(workspace_id, contact_id)
    if contact is None:
        return state
    sending.stop_sending_to(workspace_id, contact["email"], contact["id"], state)
    activity = {"campaign_id": campaign_id, **feedback.detail}
    contacts.record_activity(workspace_id, contact["id"], state, activity)
    data["email"] = feedback.email or contact["email"]
    events.emit(workspace_id, f"email.{state}", {**data, **sending.feedback_fields(feedback)})
    return state
