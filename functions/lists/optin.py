"""Signups with consent: double opt-in, its confirmation email and link, and the expiry of what was never
confirmed.

A signup on a double opt-in list (a form's, or `POST /v1/lists/{id}/subscribers` without
`force_subscribe`) makes the membership `pending`: counted apart, never sent a campaign, not told to
webhooks or automations. A confirmation email goes out through the sending engine with a signed link;
`GET /c/{token}` subscribes the contact (then `contact.subscribed` is told). What is not confirmed within
PENDING_DAYS is taken off the list by the hourly expiry job.

Every signup appends a consent record (source, ip, user agent, the text shown, the time); a confirmation
adds its time and ip to that record once. Records are erased with the contact, never rewritten.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any, Literal

from functions.contacts import service as contacts
from functions.contacts.models import ContactOut, ContactUpsert
from functions.core import rendering, tokens
from functions.core.clock import iso, now
from functions.core.errors import Conflict, NotFound, Unprocessable
from functions.core.ids import new_id
from functions.core.observability import logger
from functions.core.settings import settings
from functions.core.sharding import SHARDS
from functions.lists import service as lists
from functions.senders import service as senders
from functions.sending import service as sending
from functions.sending.message import Message
from functions.sending.tags import SesTags
from functions.templates import service as templates

PENDING_DAYS = 7
CONFIRM_KEYS = ("w", "c", "l", "r")  # workspace, contact, list, the signup's consent record
UNDELIVERABLE = ("bounced", "complained")  # an unsubscribed contact may still ask to join again


@dataclass(frozen=True)
class Consent:
    """Where a signup came from and what the person saw."""

    source: str  # api, form:<form_id>, preferences
    ip: str | None = None
    user_agent: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Signup:
    contact: ContactOut
    # subscribed: newly, now; pending: a confirmation email went out; already: subscribed before, unchanged
    state: Literal["subscribed", "pending", "already"]


@dataclass(frozen=True)
class Confirmed:
    workspace_id: str
    contact_id: str
    list_id: str
    list_name: str
    source: str
    already: bool  # the link was followed before: nothing changed this time


# --- signing up --------------------------------------------------------------------------------------


def confirmation_sender(workspace_id: str, the_list: dict[str, Any]) -> dict[str, Any]:
    """The sender of a list's confirmation emails: its `sender_id`, else the workspace's sender with the
    list's from address. 422 when there is none, or SES does not let it send yet."""
    if the_list.get("sender_id"):
        try:
            sender = senders.load_sender(workspace_id, the_list["sender_id"])
        except NotFound:  # deleted since the list named it
            sender = None
    else:
        sender = senders.sender_for_address(workspace_id, the_list["from_email"])
    if sender is None:
        raise Unprocessable(
            f"The list {the_list['name']!r} asks for double opt-in, and no sender can send its confirmation "
            f"emails: set its sender_id, or create a sender from {the_list['from_email']}",
            code="confirmation_sender_missing",
        )
    if not senders.sender_verified(workspace_id, sender["from_email"]):
        raise Unprocessable(f"{sender['from_email']} is not verified by SES yet", code="sender_not_verified")
    return sender


def _kept(body: ContactUpsert, existing: dict[str, Any]) -> ContactUpsert:
    """A public signup only adds to an existing contact: its names and attributes stay as they are (a
    stranger typing someone's address must not rename them)."""
    given = body.model_dump(exclude_unset=True)
    known = existing.get("attributes") or {}
    given["attributes"] = {k: v for k, v in (given.get("attributes") or {}).items() if k not in known}
    kept = {k: v for k, v in given.items() if k in ("email", "attributes", "tags") or not existing.get(k)}
    return ContactUpsert.model_validate(kept)


def _record(list_id: str, consent: Consent, double_opt_in: bool) -> dict[str, Any]:
    at = iso(now())
    record_id = new_id()
    return {
        "key": f"{at}#{record_id}",
        "id": record_id,
        "list_id": list_id,
        "source": consent.source,
        "double_opt_in": double_opt_in,
        "ip": consent.ip,
        "user_agent": (consent.user_agent or "")[:500] or None,
        "consent_text": consent.text,
        "consented_at": at,
    }


def signup(
    workspace_id: str,
    list_id: str,
    body: ContactUpsert,
    consent: Consent,
    *,
    double_opt_in: bool | None = None,
    public: bool = False,
    read: tuple[dict[str, Any], list[dict[str, Any]]] | None = None,
) -> Signup:
    """Create or update the contact and sign it up to the list: subscribed at once, or pending with a
    confirmation email (`double_opt_in`; None: the list's own setting). Everything is checked first (the
    list, its fields, a sender for the confirmation), so a refused signup writes nothing.

    `public`: a form, not an API key: an existing contact's names and attributes are only added to.
    `read`: the list and its field definitions, when the caller has them (lists.list_and_fields)."""
    the_list, fields = read if read else (lists.load_list(workspace_id, list_id), None)
    existing = contacts.find(workspace_id, body.email)
    # Checked as the contact would be with what was sent: a value stored before never refuses a signup
    # that would pass for a new address (nor tells a stranger that this one is known).
    attributes = {**((existing or {}).get("attributes") or {}), **(body.attributes or {})}
    lists.validate_fields(
        workspace_id, list_id, {k: v for k, v in attributes.items() if v is not None}, fields
    )
    if public and existing:
        body = _kept(body, existing)
    confirm = bool(the_list.get("double_opt_in")) if double_opt_in is None else double_opt_in
    sender = confirmation_sender(workspace_id, the_list) if confirm else None
    was = (((existing or {}).get("lists") or {}).get(list_id) or {}).get("status")
    contact, _ = contacts.upsert(workspace_id, body, unconfirmed=confirm, known=existing)
    if was == "subscribed":
        return Signup(contact, "already")
    if sender is None:
        return Signup(join(workspace_id, contact.id, list_id, consent), "subscribed")
    record = _record(list_id, consent, True)
    written = contacts.consent_write(workspace_id, contact.id, record)
    contact = _pending(workspace_id, contact.id, list_id, record["key"], consent.source, [written])
    send_confirmation(workspace_id, the_list, contact, sender)
    return Signup(contact, "pending")


def join(workspace_id: str, contact_id: str, list_id: str, consent: Consent) -> ContactOut:
    """Subscribe a contact that asked for it through its own signed link (the preference center): the
    link proved the address, so no confirmation is needed; the consent record is kept all the same."""
    record = _record(list_id, consent, False)
    written = contacts.consent_write(workspace_id, contact_id, record)
    return contacts.set_list_status(
        workspace_id, contact_id, list_id, "subscribed", fields={"source": consent.source}, extra=[written]
    )


def _pending(
    workspace_id: str, contact_id: str, list_id: str, key: str, source: str, extra: list[dict[str, Any]]
) -> ContactOut:
    """The membership pending from now for PENDING_DAYS (again, when it was: a new signup, a resend)."""
    expires_at = iso(now() + timedelta(days=PENDING_DAYS))
    fields = {"consent": key, "source": source, "expires_at": expires_at}
    return contacts.set_list_status(
        workspace_id, contact_id, list_id, "pending", fields=fields, extra=extra, again=True
    )


def resend(workspace_id: str, list_id: str, email: str) -> ContactOut:
    """Send a pending member its confirmation email again; its PENDING_DAYS start again. 409 when the
    address is not pending on the list."""
    the_list = lists.load_list(workspace_id, list_id)
    contact = contacts.find(workspace_id, email)
    membership = ((contact or {}).get("lists") or {}).get(list_id)
    if contact is None or membership is None:
        raise NotFound("subscriber", email)
    if membership["status"] != "pending":
        raise Conflict(f"{contact['email']} is {membership['status']}, not pending", code="not_pending")
    sender = confirmation_sender(workspace_id, the_list)
    source = membership.get("source") or "api"
    after = _pending(workspace_id, contact["id"], list_id, membership["consent"], source, [])
    send_confirmation(workspace_id, the_list, after, sender)
    return after


# --- the confirmation email --------------------------------------------------------------------------


def confirm_url(workspace_id: str, contact_id: str, list_id: str, key: str) -> str:
    token = tokens.make("confirm", {"w": workspace_id, "c": contact_id, "l": list_id, "r": key})
    return f"{settings().public_base_url.rstrip('/')}/c/{token}"


DEFAULT_SUBJECT = "Confirm your subscription to {{ list_name }}"
DEFAULT_HTML = (
    '<div style="font:16px/1.5 -apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1a1a1a;'
    'max-width:32em">'
    "<p>Please confirm that you want to receive emails from <strong>{{ list_name }}</strong>.</p>"
    '<p><a href="{{ confirm_url }}" style="display:inline-block;padding:10px 18px;background:#0b57d0;'
    'color:#fff;text-decoration:none;border-radius:4px">Yes, subscribe me</a></p>'
    f"<p>If you did not ask for this, ignore this email: nothing happens, and the link lapses in "
    f"{PENDING_DAYS} days.</p></div>"
)
DEFAULT_TEXT = (
    "Please confirm that you want to receive emails from {{ list_name }}:\n\n{{ confirm_url }}\n\n"
    f"If you did not ask for this, ignore this email: nothing happens, and the link lapses in "
    f"{PENDING_DAYS} days."
)


def _content(workspace_id: str, the_list: dict[str, Any]) -> tuple[str, str, str | None]:
    """The list's own confirmation template, or ours. A template deleted since falls back to ours."""
    if the_list.get("confirmation_template_id"):
        try:
            template = templates.load(workspace_id, the_list["confirmation_template_id"])
            return template["subject"], template["html"], template.get("text")
        except NotFound:
            logger.warning("confirmation template gone", extra={"list_id": the_list["id"]})
    return DEFAULT_SUBJECT, DEFAULT_HTML, DEFAULT_TEXT


def send_confirmation(
    workspace_id: str, the_list: dict[str, Any], contact: ContactOut, sender: dict[str, Any]
) -> bool:
    """Send the confirmation email of the contact's pending membership; False when the address cannot be
    sent to (bounced, complained, suppressed) or SES refused it. A sending limit is a 429 (RateLimited):
    the membership stays pending, and the signup or a resend tries again."""
    membership = next(m for m in contact.lists if m.list_id == the_list["id"])
    item = contacts.find(workspace_id, contact.id) or {}
    if contact.status in UNDELIVERABLE or sending.blocked(workspace_id, contact.email, None):
        return False
    record_key = (item.get("lists") or {}).get(the_list["id"], {}).get("consent", "")
    variables = {
        **rendering.contact_variables(item),
        "email": contact.email,
        "list_name": the_list["name"],  # escaped in the html part by the renderer
        "confirm_url": confirm_url(workspace_id, contact.id, the_list["id"], record_key),
    }
    subject, html, text = templates.render_parts(
        *_content(workspace_id, the_list), variables, missing="empty"
    )
    message_id = new_id()
    message = Message(
        to=contact.email,
        subject=subject,
        html=html,
        text=text,
        contact_id=contact.id,
        tags=SesTags(workspace=workspace_id, message_id=message_id, kind="confirmation"),
        key=message_id,
    )
    outcome = sending.send(workspace_id, sender, [message], list_id=the_list["id"])[0]
    if not outcome.left:
        logger.warning(
            "confirmation not sent", extra={"list_id": membership.list_id, "result": outcome.result}
        )
    return outcome.left


# --- confirming --------------------------------------------------------------------------------------


def _link(token: str) -> tuple[Confirmed, str] | None:
    """The signup a confirmation link names and its consent key, while it still names one: None for a
    link that is forged, expired, or no longer names a pending (or confirmed) signup."""
    data = tokens.read("confirm", token, keys=CONFIRM_KEYS)
    if data is None:
        return None
    workspace_id, contact_id, list_id, key = data["w"], data["c"], data["l"], data["r"]
    name = lists.list_name(workspace_id, list_id)
    contact = contacts.find(workspace_id, contact_id)
    membership = ((contact or {}).get("lists") or {}).get(list_id)
    if name is None or contact is None or membership is None or membership.get("consent") != key:
        return None
    source = membership.get("source") or "api"
    already = membership["status"] == "subscribed"
    if not already and (membership["status"] != "pending" or membership.get("expires_at", "") <= iso(now())):
        return None
    return Confirmed(workspace_id, contact_id, list_id, name, source, already), key


def peek(token: str) -> Confirmed | None:
    """What a confirmation link would confirm, changing nothing (`already`: it was confirmed before)."""
    link = _link(token)
    return link[0] if link else None


def confirm(token: str, ip: str | None) -> Confirmed | None:
    """Confirm the signup a confirmation link names: the pending membership becomes subscribed. None for
    a link that is forged, expired, or no longer names a pending signup (the 404 page)."""
    link = _link(token)
    if link is None:
        return None
    found, key = link
    if found.already:
        return found
    ws, contact_id, list_id = found.workspace_id, found.contact_id, found.list_id
    confirmation = contacts.consent_confirmation(ws, contact_id, key, iso(now()), ip)
    if contacts.confirm_pending(ws, contact_id, list_id, key, [confirmation]) is None:
        again = (contacts.find(ws, contact_id) or {}).get("lists", {}).get(list_id) or {}
        confirmed = again.get("status") == "subscribed" and again.get("consent") == key
        return replace(found, already=True) if confirmed else None
    return found


# --- expiry --------------------------------------------------------------------------------------------


def expire_due(budget_s: float = 10.0) -> int:
    """Take every pending membership whose time ran out off its list (the hourly job); how many. Stops
    after about `budget_s` seconds: the next run goes on."""
    until, stop, expired = iso(now()), time.monotonic() + budget_s, 0
    first = random.randrange(SHARDS)  # a backlog cut short by the budget is shared among the shards
    for shard in [*range(first, SHARDS), *range(first)]:
        while time.monotonic() < stop:
            due = contacts.pending_due(shard, until)
            for item in due:
                if lists.list_name(item.workspace_id, item.list_id) is None:
                    contacts.forget_pending(item)  # the list is gone: its own cleanup erases the membership
                elif contacts.end_pending(item.workspace_id, item.contact_id, item.list_id, item.expires_at):
                    expired += 1
                else:
                    contacts.forget_pending(item)  # confirmed, renewed or erased since
            if len(due) < contacts.PENDING_PAGE:
                break
    return expired
