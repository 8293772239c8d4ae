"""Behavioural events: the rules of API.md. No HTTP, no boto3: DynamoDB goes through `store` and the
contacts service (which owns the contact item the summary lives on and its activity)."""

from __future__ import annotations

import json
import random
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from functions.contacts import service as contacts
from functions.contacts.models import ContactUpsert
from functions.core import events
from functions.core.clock import iso, now, parse_iso
from functions.core.errors import Conflict, Invalid, LettercastError, NotFound
from functions.core.ids import is_id, new_id
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
    ItemError,
    Rejected,
    field_errors,
)

KIND = "event.created"  # the outbox type automations trigger on (not a webhook topic)
# Attempts before a 409: each lost round lets another writer of the contact through; backoff is capped and
# fully jittered, as contacts.service does it.
ATTEMPTS = 30
MAX_BACKOFF_S = 0.1
# A batch's events go through this many at once, those of one contact one after another (at once, they
# would only cancel each other's transactions).
BATCH_THREADS = 8
_POOL = ThreadPoolExecutor(max_workers=BATCH_THREADS, thread_name_prefix="events")


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


# --- one event -------------------------------------------------------------------------------


def record(workspace_id: str, body: EventIn, known_id: str | None = None) -> EventOut:
    """Store the event in its contact's activity and count it in the contact's `events.<name>`, at once.

    With an `id` recorded before, nothing changes and the first event is returned. That is learnt from
    the write itself (its claim of the id fails), so a new event costs no read for it. `known_id`: the
    id of the contact with the event's email, when the caller looked it up already."""
    check(body)
    contact_id, contact = (known_id, None) if known_id else _contact(workspace_id, body)
    received_at = iso(now())
    event = EventOut(
        id=body.id or new_id(),
        name=body.name,
        contact_id=contact_id,
        properties=body.properties or {},
        occurred_at=body.occurred_at or received_at,
        received_at=received_at,
    )
    entry = {
        "id": event.id,
        "type": "event",
        "occurred_at": event.occurred_at,
        "data": {"name": event.name, "properties": event.properties, "received_at": received_at},
    }
    position = contacts.activity_position(entry)  # where it happened, not when it arrived
    # Kept from its arrival: a back-dated event (an import of history) must not expire, its id with it,
    # before a retry of it could come.
    expires_at = int((now() + timedelta(days=settings().event_retention_days)).timestamp())
    outbox = events.put_in_transaction(workspace_id, KIND, _outbox_data(event))
    claim = store.id_put(workspace_id, body.id, contact_id, position, expires_at) if body.id else None
    for attempt in range(ATTEMPTS):
        writes = contacts.event_writes(workspace_id, contact_id, event.name, entry, expires_at, contact)
        try:
            store.record(writes, [outbox], claim)
            return event
        except store.AlreadyRecorded:
            assert body.id is not None
            first = store.seen(workspace_id, body.id)
            if first is not None:
                return _recorded(workspace_id, body.id, first)
            # Expired between the write and the read: as good as never recorded; try again.
        except store.ContactMoved:
            # The guess or the reading of the summary no longer holds (or the contact is gone): read it.
            contact = contacts.event_contact(workspace_id, contact_id)
            if contact is None:
                raise NotFound("contact", body.contact_id or body.email) from None
        except store.Busy:
            time.sleep(random.uniform(0, min(MAX_BACKOFF_S, 0.005 * 2**attempt)))
    raise Conflict("The contact is being changed by other requests; retry", code="contact_busy")


def _contact(workspace_id: str, body: EventIn) -> tuple[str, dict[str, Any] | None]:
    """The id of the contact the event names, and the contact when it was read (None: not read, the
    write guesses). An unknown email creates the contact (as an upsert would) unless told not to."""
    if body.contact_id is not None:
        if not is_id(body.contact_id):
            raise NotFound("contact", body.contact_id)
        return body.contact_id, None  # its existence is a condition of the write
    assert body.email is not None
    found = contacts.event_contact_id(workspace_id, body.email)
    if found is not None:
        return found, None
    if not body.create_contact:
        raise NotFound("contact", body.email)
    created, new = contacts.upsert(workspace_id, ContactUpsert(email=body.email))
    # A contact made just now has no summary; if another event counted one meanwhile, the write fails on
    # its condition and reads the contact.
    return created.id, ({"id": created.id, "workspace_id": workspace_id} if new else None)


def _recorded(workspace_id: str, client_id: str, first: dict[str, Any]) -> EventOut:
    """The event first recorded under this id, from the contact's activity."""
    entry = contacts.activity_entry(workspace_id, first["contact_id"], first["position"])
    if entry is None:  # the contact was erased since, and its activity with it
        raise NotFound("contact", first["contact_id"])
    data = entry.get("data") or {}
    return EventOut(
        id=client_id,
        name=data["name"],
        contact_id=first["contact_id"],
        properties=data.get("properties") or {},
        occurred_at=entry["occurred_at"],
        received_at=data.get("received_at") or entry["occurred_at"],
    )


def _outbox_data(event: EventOut) -> dict[str, Any]:
    # An outbox item is a DynamoDB item: numbers must be Decimals (a float attribute would fail the write).
    return {"event": json.loads(event.model_dump_json(), parse_float=Decimal)}


# --- a batch ---------------------------------------------------------------------------------


def record_batch(workspace_id: str, items: list[Any]) -> BatchOut:
    """Each item recorded as POST /v1/events would; a bad one is rejected by its index, never the batch."""
    rejected: dict[int, ItemError] = {}
    by_contact: dict[str, list[tuple[int, EventIn]]] = defaultdict(list)
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            rejected[index] = ItemError(code="validation_failed", message="an event is a JSON object")
            continue
        try:
            body = EventIn.model_validate(item)
        except ValidationError as exc:
            fields = field_errors(exc)
            message = f"{fields[0]['field']}: {fields[0]['message']}" if fields else "invalid"
            rejected[index] = ItemError(code="validation_failed", message=message, fields=fields)
            continue
        by_contact[body.contact_id or body.email or ""].append((index, body))

    # The batch's emails in one read, rather than one read each (an unknown one is looked up again, by
    # the upsert that creates it).
    emails = [body.email for group in by_contact.values() for _, body in group[:1] if body.email]
    ids = contacts.event_contact_ids(workspace_id, emails) if emails else {}

    def one_contact(events_of_contact: list[tuple[int, EventIn]]) -> dict[int, ItemError]:
        errors: dict[int, ItemError] = {}
        for index, body in events_of_contact:
            try:
                record(workspace_id, body, ids.get(body.email or ""))
            except LettercastError as exc:
                errors[index] = ItemError.model_validate(exc.envelope()["error"])
            except Exception:  # one event's failure is that event's: the others were stored, say which
                logger.exception("event not recorded", extra={"index": index})
                errors[index] = ItemError(code="internal_error", message="Not recorded; retry this event")
        return errors

    for errors in _POOL.map(one_contact, by_contact.values()):
        rejected.update(errors)
    return BatchOut(
        accepted=len(items) - len(rejected),
        rejected=[Rejected(index=i, error=rejected[i]) for i in sorted(rejected)],
    )
