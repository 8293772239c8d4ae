"""Behavioural events: the rules of API.md. No HTTP, no boto3: DynamoDB goes through `store` and the
contacts service (which owns the contact item the summary lives on and its activity).

The API accepts an event with one write into the event inbox; the event-apply worker, fed by the inbox's
stream, records it where it is read (see store.py for why in two steps, and how each happens once)."""

from __future__ import annotations

import json
import random
import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from functions.contacts import service as contacts
from functions.contacts.models import ContactUpsert
from functions.core import events
from functions.core.clock import iso, now, parse_iso
from functions.core.errors import Conflict, Invalid, LettercastError, NotFound
from functions.core.ids import new_id
from functions.core.models import ItemError
from functions.core.observability import logger
from functions.core.settings import settings
from functions.events import store
from functions.events.models import (
    MAX_FUTURE_S,
    MAX_PROPERTIES,
    MAX_PROPERTIES_BYTES,
    MAX_PROPERTIES_DEPTH,
    BatchOut,
    EventIn,
    EventOut,
    Rejected,
)

KIND = "event.created"  # the outbox type automations trigger on (not a webhook topic)
# Attempts before the worker gives the record back to the stream: each lost round lets another writer of
# the contact through; backoff is capped and fully jittered, as contacts.service does it.
ATTEMPTS = 30
MAX_BACKOFF_S = 0.1


def _invalid(field: str, message: str, code: str) -> Invalid:
    return Invalid(
        f"{field}: {message}", code=code, fields=[{"field": field, "in": "body", "message": message}]
    )


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def _has_empty_key(value: Any) -> bool:
    if isinstance(value, dict):
        return any(k == "" or _has_empty_key(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_empty_key(v) for v in value)
    return False


def check(body: EventIn) -> None:
    """The rules a model cannot say alone: one way to name the contact, the size of the properties, a time
    not ahead of the clock. Each names its field, with its own code."""
    if (body.email is None) == (body.contact_id is None):
        message = "give exactly one of email and contact_id"
        raise Invalid(
            message,
            code="contact_required",
            fields=[{"field": f, "in": "body", "message": message} for f in ("email", "contact_id")],
        )
    properties = body.properties or {}
    if len(properties) > MAX_PROPERTIES:
        raise _invalid("properties", f"at most {MAX_PROPERTIES} keys", "too_many_properties")
    size = len(json.dumps(properties, separators=(",", ":"), ensure_ascii=False).encode())
    if size > MAX_PROPERTIES_BYTES:
        raise _invalid(
            "properties",
            f"at most {MAX_PROPERTIES_BYTES} bytes as JSON (these are {size})",
            "properties_too_large",
        )
    if _depth(properties) > MAX_PROPERTIES_DEPTH:
        raise _invalid("properties", f"nested at most {MAX_PROPERTIES_DEPTH} levels", "properties_too_deep")
    if _has_empty_key(properties):
        raise _invalid("properties", "a key is never empty", "validation_failed")
    if body.occurred_at and parse_iso(body.occurred_at) > now() + timedelta(seconds=MAX_FUTURE_S):
        raise _invalid(
            "occurred_at", f"at most {MAX_FUTURE_S // 60} minutes in the future", "occurred_at_in_future"
        )


# --- accepting (the API) ----------------------------------------------------------------------


def accept(workspace_id: str, body: EventIn) -> EventOut:
    """Put the event into the inbox: one write. The event-apply worker records it in its contact's
    activity and summary a moment later (`apply`).

    A contact named by id must exist, as must one named by email when `create_contact` is false (404, one
    read); an unknown email is otherwise left to the worker, which creates the contact. With an `id`
    accepted before, nothing changes and the first event is returned."""
    check(body)
    contact_id = _named_contact(workspace_id, body)
    for _ in range(3):
        event = _event(body, contact_id)
        first = store.accept(_inbox_item(workspace_id, event, body))
        if first is None:
            return event
        if first:
            return _first(workspace_id, first)
        # {}: the first expired between the write and the read; as good as never accepted: again.
    raise Conflict("The event could not be accepted; retry", code="event_busy")


def _named_contact(workspace_id: str, body: EventIn) -> str | None:
    """The id of the contact the event names when the API must check it (404 when there is none): named by
    id, or by an email that must not create one. None: an email the worker resolves (or creates)."""
    if body.contact_id is not None:
        if body.contact_id not in contacts.event_contacts_existing(workspace_id, [body.contact_id]):
            raise NotFound("contact", body.contact_id)
        return body.contact_id
    assert body.email is not None
    if body.create_contact:
        return None
    found = contacts.event_contact_id(workspace_id, body.email)
    if found is None:
        raise NotFound("contact", body.email)
    return found


def _event(body: EventIn, contact_id: str | None) -> EventOut:
    received_at = iso(now())
    return EventOut(
        id=body.id or new_id(),
        name=body.name,
        contact_id=contact_id,
        email=None if contact_id else body.email,
        properties=body.properties or {},
        occurred_at=body.occurred_at or received_at,
        received_at=received_at,
    )


def _inbox_item(workspace_id: str, event: EventOut, body: EventIn) -> dict[str, Any]:
    """The inbox item: its key, its expiry, and the rest as one JSON string (the worker is its only reader,
    and a string keeps the properties' numbers as they came, with no Decimals on the way)."""
    # Kept from its arrival: a back-dated event (an import of history) must not expire, its id with it,
    # before a retry of it could come.
    expires_at = int((now() + timedelta(days=settings().event_retention_days)).timestamp())
    accepted = {
        "workspace_id": workspace_id,
        "event": event.model_dump(exclude_none=True),
        "create_contact": body.create_contact,
        "keep": body.id is not None,  # a client's id is kept, to count its retries once
    }
    return {
        **store.key(workspace_id, event.id),
        "accepted": json.dumps(accepted, separators=(",", ":"), ensure_ascii=False),
        "expires_at": expires_at,
    }


def _first(workspace_id: str, first: dict[str, Any]) -> EventOut:
    """The event first accepted under an id: from the inbox until applied, then from the activity."""
    if "accepted" in first:
        return EventOut.model_validate(json.loads(first["accepted"])["event"])
    entry = contacts.activity_entry(workspace_id, first["contact_id"], first["position"])
    if entry is None:  # the contact was erased since, and its activity with it
        raise NotFound("contact", first["contact_id"])
    data = entry.get("data") or {}
    return EventOut(
        id=entry["id"],
        name=data["name"],
        contact_id=first["contact_id"],
        properties=data.get("properties") or {},
        occurred_at=entry["occurred_at"],
        received_at=data.get("received_at") or entry["occurred_at"],
    )


def accept_batch(workspace_id: str, items: list[Any]) -> BatchOut:
    """Each item checked as POST /v1/events would, a bad one rejected by its index, never the batch; the
    good ones put into the inbox in one write."""
    rejected: dict[int, ItemError] = {}
    bodies: dict[int, EventIn] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            rejected[index] = ItemError(code="validation_failed", message="an event is a JSON object")
            continue
        try:
            body = EventIn.model_validate(item)
            check(body)
        except ValidationError as exc:
            rejected[index] = ItemError.invalid(exc)
            continue
        except LettercastError as exc:
            rejected[index] = ItemError.model_validate(exc.envelope()["error"])
            continue
        bodies[index] = body

    # The contacts the API must check, in two reads for the whole batch.
    named = [b.contact_id for b in bodies.values() if b.contact_id]
    existing = contacts.event_contacts_existing(workspace_id, named) if named else set()
    strict = [b.email for b in bodies.values() if b.email and not b.create_contact]
    by_email = contacts.event_contact_ids(workspace_id, strict) if strict else {}
    inbox: dict[str, dict[str, Any]] = {}  # by event id: a repeated id in one batch counts once
    for index, body in bodies.items():
        if body.contact_id:
            contact_id = body.contact_id if body.contact_id in existing else None
        else:
            contact_id = None if body.create_contact else by_email.get(body.email or "")
        if contact_id is None and not (body.email and body.create_contact):
            error = NotFound("contact", body.contact_id or body.email).envelope()["error"]
            rejected[index] = ItemError.model_validate(error)
            continue
        event = _event(body, contact_id)
        inbox.setdefault(event.id, _inbox_item(workspace_id, event, body))
    try:
        store.accept_many(list(inbox.values()))  # those there already were accepted before: counted once
    except store.Busy:
        raise Conflict("The events could not be accepted; retry the batch", code="event_busy") from None
    return BatchOut(
        accepted=len(items) - len(rejected),
        rejected=[Rejected(index=i, error=rejected[i]) for i in sorted(rejected)],
    )


# --- applying (the event-apply worker) ---------------------------------------------------------


def apply(item: dict[str, Any]) -> None:
    """Record an inbox item: an entry in its contact's activity, a count in the contact's `events.<name>`
    summary and an `event.created` outbox item, with the inbox item marked applied, all in one transaction
    whose last condition fails when it was applied before: a redelivered item changes nothing twice.

    An event whose contact is gone (erased since, or named by an email that must not create one) is
    dropped; so is its inbox item."""
    accepted = json.loads(item["accepted"])
    workspace_id = accepted["workspace_id"]
    event = EventOut.model_validate(accepted["event"])
    contact_id, contact = event.contact_id, None
    if contact_id is None:
        # Creating the contact happens before the transaction that makes the event count once: a record
        # delivered again after its event was recorded (and the contact maybe erased since) must not get
        # that far.
        if not store.pending(workspace_id, event.id):
            return
        contact_id, contact = _resolve(workspace_id, event.email or "", bool(accepted["create_contact"]))
        if contact_id is None:
            _drop(workspace_id, event, "no contact with this email")
            return
    event = event.model_copy(update={"contact_id": contact_id, "email": None})
    entry = {
        "id": event.id,
        "type": "event",
        "occurred_at": event.occurred_at,
        "data": {"name": event.name, "properties": event.properties, "received_at": event.received_at},
    }
    position = contacts.activity_position(entry)  # where it happened, not when it arrived
    expires_at = int(item["expires_at"])
    outbox = events.put_in_transaction(workspace_id, KIND, _outbox_data(event))
    done = store.applied(workspace_id, event.id, bool(accepted["keep"]), contact_id, position, expires_at)
    for attempt in range(ATTEMPTS):
        writes = contacts.event_writes(workspace_id, contact_id, event.name, entry, expires_at, contact)
        try:
            store.apply(writes, [outbox], done)
            return
        except store.AlreadyApplied:
            return
        except store.ContactMoved:
            # The guess or the reading of the summary no longer holds (or the contact is gone): read it.
            contact = contacts.event_contact(workspace_id, contact_id)
            if contact is None:
                _drop(workspace_id, event, "the contact was erased")
                return
        except store.Busy:
            time.sleep(random.uniform(0, min(MAX_BACKOFF_S, 0.005 * 2**attempt)))
    raise Conflict("The contact is being changed by other requests", code="contact_busy")  # redelivered


def _resolve(workspace_id: str, email: str, create: bool) -> tuple[str | None, dict[str, Any] | None]:
    """The id of the contact with this email, and the contact when it was made just now (None: not read,
    the write guesses). An unknown email creates the contact (as an upsert would) when allowed."""
    found = contacts.event_contact_id(workspace_id, email)
    if found is not None or not create:
        return found, None
    created, new = contacts.upsert(workspace_id, ContactUpsert(email=email))
    # A contact made just now has no summary; if another event counted one meanwhile, the write fails on
    # its condition and reads the contact.
    return created.id, ({"id": created.id, "workspace_id": workspace_id} if new else None)


def _drop(workspace_id: str, event: EventOut, reason: str) -> None:
    logger.warning("event dropped", extra={"event_id": event.id, "event_name": event.name, "reason": reason})
    store.drop(workspace_id, event.id)


def _outbox_data(event: EventOut) -> dict[str, Any]:
    # An outbox item is a DynamoDB item: numbers must be Decimals (a float attribute would fail the write).
    return {"event": json.loads(event.model_dump_json(exclude_none=True), parse_float=Decimal)}
