"""Compose: check everything, render for everyone, then send; nothing is sent when the request is refused."""

from __future__ import annotations

from typing import Any

from functions.compose.models import Compose, ComposeResult, ContactRecipients, Failure
from functions.contacts import service as contacts
from functions.core import headers, rendering
from functions.core.emails import normalize_email
from functions.core.errors import Invalid
from functions.core.observability import logger
from functions.senders import service as senders
from functions.sending import service as sending
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
        messages.append(sending.Outgoing(email, *rendered, contact_id=contact["id"] if contact else None))
    if absent:
        missing = sorted(absent)
        raise Invalid(
            f"No value for {', '.join(missing)}", code="missing_variables", missing_variables=missing
        )
    sending.reserve(workspace_id, sender, len(messages))
    sent_ids: list[str] = []
    try:
        for message in messages:
            try:
                sent_ids.append(sending.send(workspace_id, sender, message, kind="compose"))
            except Invalid as exc:  # this message could not be built (nothing was sent)
                failed.append(Failure(email=message.to, error=exc.code))
            except Exception:
                logger.exception("compose send failed", extra={"workspace_id": workspace_id})
                failed.append(Failure(email=message.to, error="send_failed"))
    finally:
        sending.release(workspace_id, sender, len(messages) - len(sent_ids))
    return ComposeResult(sent=len(sent_ids), failed=failed, message_ids=sent_ids)
