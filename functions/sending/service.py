"""Sending for the senders that answer a request (compose, test sends): limits, suppression, records.

Room is taken for the whole request (capacity.py), the messages go out through the engine (engine.py),
what SES throttled is tried again twice, and each message sent is recorded: a send record, a contact
activity entry and, while a webhook listens to it, an `email.sent` domain event. Campaigns use the engine
directly (campaigns/sender.py).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from functions.contacts import service as contacts
from functions.core import events
from functions.core.clock import iso, now, today
from functions.core.dynamo import transact
from functions.core.errors import RateLimited
from functions.core.observability import logger
from functions.sending import engine, store
from functions.sending.capacity import Capacity, Exhausted
from functions.sending.engine import Claim, Outcome
from functions.sending.message import Message
from functions.sending.ses_events import SesEvent
from functions.sending.tags import SesTags

RETENTION_DAYS = 400
BLOCKED_STATUSES = ("unsubscribed", "bounced", "complained")
THROTTLE_RETRIES_S = (0.25, 1.0)  # a request waits this long (twice) for what SES throttled


def blocked(
    workspace_id: str, email: str, contact: dict[str, Any] | None, suppressed: dict[str, Any] | None = None
) -> str | None:
    """Why this address must not be sent to, or None. `suppressed`: the suppressions of a batch already
    read (see `suppressions`), so this reads nothing."""
    if contact and contact.get("status") in BLOCKED_STATUSES:
        return contact["status"]
    entry = suppressed.get(email) if suppressed is not None else store.suppression(workspace_id, email)
    return f"suppressed ({entry['reason']})" if entry else None


def suppressions(workspace_id: str, emails: list[str]) -> dict[str, Any]:
    """The suppressed addresses among `emails`, with their entries (BatchGetItem, 100 at a time)."""
    return store.suppressions(workspace_id, emails)


def send(
    workspace_id: str,
    sender: dict[str, Any],
    messages: Sequence[Message],
    claim: Claim | None = None,
    **context: Any,
) -> list[Outcome]:
    """Send all of `messages` (room for all of them or a 429) and record each one sent; one outcome per
    message, in order. `context`: fields every send record carries (e.g. the campaign of a test send).
    `claim`: the caller's conditional write before each SES call (engine.deliver), e.g. an automation
    run moving past its send step."""
    capacity = Capacity(workspace_id, sender)
    try:
        grant = capacity.take(len(messages), whole=True)
    except Exhausted as exc:
        code = {
            "sender_daily_limit": "daily_limit_reached",
            "ses_daily_quota": "ses_quota_reached",
        }[exc.limit]
        raise RateLimited(exc.message, code=code, retry_after_s=exc.retry_after_s) from None
    outcomes: list[Outcome | None] = [None] * len(messages)
    try:
        todo = list(range(len(messages)))
        for wait_s in (0.0, *THROTTLE_RETRIES_S):
            if not todo:
                break
            time.sleep(wait_s)
            for i, outcome in zip(
                todo, engine.deliver(sender, [messages[i] for i in todo], claim=claim), strict=True
            ):
                outcomes[i] = outcome
            todo = [i for i in todo if (outcome := outcomes[i]) and outcome.result == "throttled"]
    finally:
        grant.give_back(sum(not (o and o.left) for o in outcomes))
    ordered = [o for o in outcomes if o is not None]
    sent = [o for o in ordered if o.left]
    for outcome in sent:
        try:  # the email went out: a record that fails to write is logged, not a failed request
            _record(workspace_id, sender, outcome, context)
        except Exception:
            logger.exception("a send record could not be written", extra={"to": outcome.message.to})
    if sent:
        store.count_usage(workspace_id, today(), len(sent))
    contacts.record_activities(
        workspace_id,
        [
            (o.message.contact_id, "sent", {"message_id": o.message.key, "subject": o.message.subject})
            for o in sent
            if o.message.contact_id
        ],
    )
    return ordered


def _record(workspace_id: str, sender: dict[str, Any], outcome: Outcome, context: dict[str, Any]) -> None:
    """A message's send record, its SES lookup and the `email.sent` event (while wanted), together."""
    message, message_id = outcome.message, outcome.message.key
    record = {
        "workspace_id": workspace_id,
        "message_id": message_id,
        "ses_message_id": outcome.ses_message_id,  # None: SES's answer was lost
        "email": message.to,
        "contact_id": message.contact_id,
        "sender_id": sender["id"],
        "subject": message.subject,
        "kind": message.tags.kind,
        "state": "sent",
        "states": {"sent"},
        "sent_at": iso(now()),
        "expires_at": int((now() + timedelta(days=RETENTION_DAYS)).timestamp()),
        **context,
    }
    record = {k: v for k, v in record.items() if v is not None}
    data = {
        "message_id": message_id,
        "email": message.to,
        "contact_id": message.contact_id,
        "subject": message.subject,
    }
    wanted = events.wanted(workspace_id, "email.sent")  # put_in_transaction leaves the check to us
    told = [events.put_in_transaction(workspace_id, "email.sent", data)] if wanted else []
    transact([*store.message_items(record), *told])


def count_usage(workspace_id: str, count: int) -> None:
    """Messages sent today by the workspace (its usage figures)."""
    store.count_usage(workspace_id, today(), count)


def sends_today(workspace_id: str) -> int:
    return store.usage(workspace_id, today())


# --- feedback --------------------------------------------------------------------------------

FEEDBACK_STATES = {"Delivery": "delivered", "Bounce": "bounced", "Complaint": "complained"}


@dataclass(frozen=True)
class Feedback:
    """One SES event that changes something: its state, our tags on the message, SES's details."""

    state: str  # delivered, bounced, complained, soft_bounced
    tags: SesTags
    ses_message_id: str
    detail: dict[str, Any]
    email: str | None = None  # the address SES sent it to (`mail.destination`)


def read_feedback(event: SesEvent) -> Feedback | None:
    """What an SES event changes, or None when nothing (Send, Open, Click... are not feedback here)."""
    state = FEEDBACK_STATES.get(event.event_type)
    if state is None:
        return None
    detail = event.detail
    if event.event_type == "Bounce" and detail.get("bounceType") != "Permanent":
        state = "soft_bounced"  # SES retries transient bounces itself: the address stays
    destination = (event.mail.model_extra or {}).get("destination") or [None]
    email = destination[0] if isinstance(destination, list) and isinstance(destination[0], str) else None
    return Feedback(state, event.mail.our_tags, event.mail.message_id, detail, email)


def feedback_fields(feedback: Feedback) -> dict[str, str]:
    """What an `email.bounced` or `email.complained` event says of it besides the message: SES's types."""
    names = {"bounce_type": "bounceType", "bounce_subtype": "bounceSubType"}
    if feedback.state == "complained":
        names = {"complaint_type": "complaintFeedbackType", "complaint_subtype": "complaintSubType"}
    detail = feedback.detail
    return {ours: str(detail[theirs]) for ours, theirs in names.items() if detail.get(theirs)}


def stop_sending_to(workspace_id: str, email: str, contact_id: str | None, state: str) -> None:
    """A permanent bounce or a complaint: the address is suppressed and the contact takes the status."""
    store.suppress(workspace_id, email, state, iso(now()))
    if contact_id:
        contacts.set_status(workspace_id, contact_id, state)


def apply_feedback(feedback: Feedback) -> str | None:
    """Feedback on a message with a message record (compose, test sends). Returns the new state."""
    workspace_id, message_id = feedback.tags.workspace, feedback.tags.message_id
    state = feedback.state
    if not (workspace_id and message_id):
        found = store.by_ses_id(feedback.ses_message_id)
        if found is None:
            return None  # not ours (or expired)
        workspace_id, message_id = found["workspace_id"], found["message_id"]
    record = store.get_message(workspace_id, message_id)
    if record is None:
        return None
    if not store.advance(workspace_id, message_id, state, iso(now()), feedback.detail):
        return state  # already applied (SNS and SQS deliver at least once)
    email, contact_id = record["email"], record.get("contact_id")
    contact = contacts.find(workspace_id, contact_id or email)
    if state in ("bounced", "complained"):
        stop_sending_to(workspace_id, email, contact["id"] if contact else None, state)
    if contact:
        contacts.record_activity(workspace_id, contact["id"], state, {"message_id": message_id})
    if state in ("delivered", "bounced", "complained"):  # a soft bounce is no topic: SES retries it
        data = {"message_id": message_id, "contact_id": contact["id"] if contact else None, "email": email}
        extra = feedback_fields(feedback) if state != "delivered" else {}
        events.emit(workspace_id, f"email.{state}", {**data, **extra})
    return state
