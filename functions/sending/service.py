"""The sending path every send shares (compose now, campaigns next): limits, suppression, SES, records.

A message is rendered by the caller, built as MIME here, sent through SES v2 with the stack's
configuration set and tags (workspace, message id) so its feedback finds its way back, then recorded:
a send record, a contact activity entry and an `email.sent` domain event, together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.errors import MessageError
from typing import Any

from functions.contacts import service as contacts
from functions.core import aws, events, headers, mime
from functions.core.clock import iso, now
from functions.core.dynamo import transact
from functions.core.errors import Invalid, RateLimited
from functions.core.ids import new_id
from functions.core.settings import settings
from functions.sending import store
from functions.sending.tags import SesTags

RETENTION_DAYS = 400
BLOCKED_STATUSES = ("unsubscribed", "bounced", "complained")


@dataclass
class Outgoing:
    to: str
    subject: str
    html: str
    text: str
    contact_id: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


def today() -> str:
    return now().strftime("%Y-%m-%d")


def seconds_to_midnight() -> int:
    moment = now()
    midnight = datetime(moment.year, moment.month, moment.day, tzinfo=UTC) + timedelta(days=1)
    return max(1, int((midnight - moment).total_seconds()))


def reserve(workspace_id: str, sender: dict[str, Any], count: int) -> None:
    """Take `count` from the sender's daily limit at once, or refuse all of it (429)."""
    if count and not store.reserve(workspace_id, sender["id"], today(), count, int(sender["daily_limit"])):
        raise RateLimited(
            f"The sender's daily limit of {sender['daily_limit']} messages is reached",
            code="daily_limit_reached",
            retry_after_s=seconds_to_midnight(),
        )


def release(workspace_id: str, sender: dict[str, Any], count: int) -> None:
    """Give back what was reserved and not sent."""
    if count:
        store.release(workspace_id, sender["id"], today(), count)


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


def build(sender: dict[str, Any], message: Outgoing) -> bytes:
    """The message's MIME. One that cannot be built (a rendered subject with a line break, an address
    the `email` package refuses) is Invalid with the reason: its recipient fails alone, nothing is sent."""
    headers.check(message.subject, "subject")
    try:
        return mime.build(
            from_name=sender.get("from_name"),
            from_email=sender["from_email"],
            to=message.to,
            subject=message.subject,
            html=message.html,
            text=message.text,
            reply_to=sender.get("reply_to"),
            headers=message.headers,
        )
    except (ValueError, TypeError, LookupError, MessageError) as exc:
        raise Invalid(f"The message could not be built: {exc}", code="message_invalid") from None


def deliver(
    sender: dict[str, Any],
    message: Outgoing,
    tags: SesTags,
    *,
    retry: bool = True,
    raw: bytes | None = None,
) -> str:
    """Hand the message (its MIME, built here unless given) to SES v2 with our configuration set.

    Returns SES's message id. `tags` come back in every event SES publishes for the message (how
    feedback finds its way home). `retry=False`: botocore does not try again by itself (the caller
    decides what an error means).
    """
    raw = raw if raw is not None else build(sender, message)
    ses = aws.client("sesv2") if retry else aws.client_without_retries("sesv2")
    response = ses.send_email(
        FromEmailAddress=sender["from_email"],
        Destination={"ToAddresses": [message.to]},
        Content={"Raw": {"Data": raw}},
        ConfigurationSetName=settings().ses_configuration_set,
        EmailTags=tags.email_tags(),
    )
    return str(response["MessageId"])


def send(workspace_id: str, sender: dict[str, Any], message: Outgoing, *, kind: str, **context: Any) -> str:
    """Send one message through SES and record it; returns our message id."""
    message_id = new_id()
    tags = SesTags(workspace=workspace_id, message_id=message_id, kind=kind)
    ses_message_id = deliver(sender, message, tags)
    at = iso(now())
    record = {
        "workspace_id": workspace_id,
        "message_id": message_id,
        "ses_message_id": ses_message_id,
        "email": message.to,
        "contact_id": message.contact_id,
        "sender_id": sender["id"],
        "subject": message.subject,
        "kind": kind,
        "state": "sent",
        "states": {"sent"},
        "sent_at": at,
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
    transact([*store.message_items(record), events.put_in_transaction(workspace_id, "email.sent", data)])
    store.count_usage(workspace_id, today(), 1)
    if message.contact_id:
        contacts.record_activity(
            workspace_id, message.contact_id, "sent", {"message_id": message_id, "subject": message.subject}
        )
    return message_id


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


def read_feedback(event: dict[str, Any]) -> Feedback | None:
    """The SES event (the configuration set's event publishing format), or None if nothing to do."""
    kind = event.get("eventType") or event.get("notificationType")
    state = FEEDBACK_STATES.get(kind or "")
    if state is None:
        return None  # Send, Open, Click...: nothing to do here
    if kind == "Bounce" and (event.get("bounce") or {}).get("bounceType") != "Permanent":
        state = "soft_bounced"  # SES retries transient bounces itself: the address stays
    mail = event.get("mail") or {}
    tags = SesTags.from_mail_tags(mail.get("tags"))
    found = event.get(str(kind).lower()) or {}
    detail = {k: v for k, v in found.items() if isinstance(v, str | int | float)}
    return Feedback(state, tags, str(mail.get("messageId", "")), detail)


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
    data = {"message_id": message_id, "email": email, "contact_id": contact["id"] if contact else None}
    events.emit(workspace_id, f"email.{state}", data)
    return state
