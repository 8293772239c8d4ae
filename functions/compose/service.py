"""Compose: check everything, render for everyone, then send; nothing is sent when the request is refused."""

from __future__ import annotations

from typing import Any

from functions.compose.models import Compose, ComposeResult, ContactRecipients, Failure
from functions.contacts import service as contacts
from functions.core import headers, rendering
from functions.core.emails import normalize_email
from functions.core.errors import Invalid
from functions.core.ids import new_id
from functions.senders import service as senders
from functions.sending import service as sending
from functions.sending.engine import Outcome
from functions.sending.message import Message
from functions.sending.tags import SesTags
from functions.templates import service as templates


def _recipients(
    workspace_id: str, body: Compose
) -> tuple[list[tuple[str, dict[str, Any] | None]], list[Failure]]:
    """(email, contact or None) for each recipient that may be sent to, and the ones that may not."""
    chosen: list[tuple[str, dict[str, Any] | None]] = []
    failed: list[Failure] = []
    seen: set[str] = set()
    if isinstance(body.recipients, ContactRecipients):
        for contact_id in body.recipients.contact_ids:
            contact = contacts.find(workspace_id, contact_id)
            if contact is None:
                failed.append(Failure(email=contact_id, error="contact_not_found"))
            elif contact["email"] not in seen:
                seen.add(contact["email"])
                chosen.append((contact["email"], contact))
    else:
        for written in body.recipients.emails:
            try:
                email = normalize_email(written)
            except ValueError:
                failed.append(Failure(email=written, error="invalid_email"))
                continue
            if email not in seen:
                seen.add(email)
                chosen.append((email, contacts.find(workspace_id, email)))
    allowed = []
    for email, contact in chosen:
        reason = sending.blocked(workspace_id, email, contact)
        if reason:
            failed.append(Failure(email=email, error=reason))
        else:
            allowed.append((email, contact))
    return allowed, failed


def compose(workspace_id: str, body: Compose) -> ComposeResult:
    sender = senders.sender_for_key(workspace_id, body.account_key)
    if not senders.sender_verified(workspace_id, sender["from_email"]):
        raise Invalid(f"{sender['from_email']} is not verified by SES yet", code="sender_not_verified")
    if body.template_id:
        template = templates.load(workspace_id, body.template_id)
        subject, html, text = template["subject"], template["html"], template.get("text")
    else:
        subject, html, text = body.subject or "", body.body or "", body.text
    allowed, failed = _recipients(workspace_id, body)
    given = rendering.normalize(body.variables)
    # Render for everyone first: a missing merge tag refuses the request before anything is sent.
    messages, absent = [], set()
    for email, contact in allowed:
        variables = {**given, **rendering.contact_variables(contact), "email": email}  # the contact's own win
        try:
            rendered = templates.render_parts(subject, html, text, variables)
            headers.check(rendered[0], "subject")  # a value can carry a line break into it
        except Invalid as exc:
            if exc.code == "header_control_characters":
                failed.append(Failure(email=email, error=exc.code))
                continue
            if exc.code != "missing_variables":
                raise
            absent |= set(exc.extra["missing_variables"])
            continue
        message_id = new_id()
        messages.append(
            Message(
                to=email,
                subject=rendered[0],
                html=rendered[1],
                text=rendered[2],
                contact_id=contact["id"] if contact else None,
                tags=SesTags(workspace=workspace_id, message_id=message_id, kind="compose"),
                key=message_id,
            )
        )
    if absent:
        missing = sorted(absent)
        raise Invalid(
            f"No value for {', '.join(missing)}", code="missing_variables", missing_variables=missing
        )
    outcomes = sending.send(workspace_id, sender, messages)
    failed += [Failure(email=o.message.to, error=_error(o)) for o in outcomes if not o.left]
    sent_ids = [o.message.key for o in outcomes if o.left]
    return ComposeResult(sent=len(sent_ids), failed=failed, message_ids=sent_ids)


def _error(outcome: Outcome) -> str:
    """What a recipient that was not sent is told: the message's own fault, or SES's answer."""
    if outcome.result == "invalid":
        return outcome.code or "message_invalid"
    if outcome.result == "refused":
        return f"ses_refused ({outcome.code})"
    return "send_failed"  # throttled (after retries), or the daily quota ran out under us
