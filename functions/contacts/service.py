"""Contacts: the rules of API.md. No HTTP, no boto3: DynamoDB goes through `store`."""

from __future__ import annotations

import json
import math
import random
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import Any, Literal, TypeVar

from functions.contacts import store
from functions.contacts.filters import ContactQuery
from functions.contacts.models import ContactOut, ContactPatch, ContactUpsert, DayStats
from functions.core import events, pagination
from functions.core.clock import iso, now, today
from functions.core.emails import normalize_email
from functions.core.errors import Conflict, Invalid, NotFound
from functions.core.ids import is_id, new_id
from functions.core.observability import logger
from functions.core.sharding import SHARDS

T = TypeVar("T")
# Optimistic-locking attempts before a 409: each round lets one writer of a contact through, so this
# bounds how many simultaneous writers of ONE contact all succeed; backoff is capped, fully jittered.
ATTEMPTS = 30
MAX_BACKOFF_S = 0.1
ACTIVITY_RETENTION_DAYS = 400
MAX_STATS_DAYS = 366
NAME_FIELDS = ("first_name", "last_name", "name", "phone")
# A listing page reads each shard in Queries of about its share of the page (see merged_page).
SHARD_PAGE_MARGIN = 2
MAX_SHARD_PAGE = 1000  # DynamoDB stops a Query at 1 MB anyway
_POOL = ThreadPoolExecutor(max_workers=SHARDS, thread_name_prefix="shard")


def _search_text(contact: dict[str, Any]) -> str:
    parts = [contact.get("email"), *(contact.get(f) for f in ("first_name", "last_name", "name"))]
    return " ".join(p for p in parts if p).lower()


def _finish(contact: dict[str, Any]) -> dict[str, Any]:
    contact["search"] = _search_text(contact)
    return contact


def _changed(before: dict[str, Any], after: dict[str, Any]) -> bool:
    ignore = {"updated_at", "version", "search"}
    strip = lambda c: {k: v for k, v in c.items() if k not in ignore and v not in (None, {}, [])}  # noqa: E731
    return strip(before) != strip(after)


def _merge_attributes(current: dict[str, Any], changes: dict[str, Any] | None) -> dict[str, Any]:
    merged = dict(current or {})
    for key, value in (changes or {}).items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def _with_retries(action: Callable[[], T]) -> T:
    for attempt in range(ATTEMPTS):
        try:
            return action()
        except store.EmailTaken:
            raise Conflict("Another contact already has this email", code="email_taken") from None
        except store.ContactChanged:
            # Someone else changed the contact first: read it again after a short, jittered pause.
            time.sleep(random.uniform(0, min(MAX_BACKOFF_S, 0.005 * 2**attempt)))
    raise Conflict("The contact is being changed by other requests; retry", code="contact_busy")


# --- reading ---------------------------------------------------------------------------------


def _load(workspace_id: str, contact_id: str) -> dict[str, Any]:
    contact = find(workspace_id, contact_id)  # PATCH and DELETE name a contact by id or by email too
    if contact is None:
        raise NotFound("contact", contact_id)
    return contact


def find_many(workspace_id: str, contact_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Contacts by id, in batched reads; an id with no contact is absent from the result."""
    return store.get_many(workspace_id, [c for c in dict.fromkeys(contact_ids) if is_id(c)])


def find(workspace_id: str, id_or_email: str) -> dict[str, Any] | None:
    """The contact with this id or (when it has an @) this email, or None."""
    if "@" in id_or_email:
        try:
            email = normalize_email(id_or_email)
        except ValueError:
            return None
        contact_id = store.id_by_email(workspace_id, email)
        return store.get(workspace_id, contact_id) if contact_id else None
    return store.get(workspace_id, id_or_email) if is_id(id_or_email) else None


def get(workspace_id: str, id_or_email: str) -> ContactOut:
    contact = find(workspace_id, id_or_email)
    if contact is None:
        raise NotFound("contact", id_or_email)
    return ContactOut.from_item(contact)


def count(workspace_id: str) -> int:
    return store.total(workspace_id)


def list_contacts(
    workspace_id: str, query: ContactQuery, limit: int, cursor: str | None
) -> tuple[list[ContactOut], str | None]:
    """A page across every shard, merged by id (= creation time), resumed strictly after the cursor.

    The shards are merged by id past the cursor (see merged_page), so the page is exact, and contacts
    added meanwhile (newer ids) never shift or repeat what later pages hold.
    """
    where = query.condition()
    scope = f"contacts:{workspace_id}:{query.fingerprint()}"
    after = (pagination.decode(scope, cursor) or {}).get("after")
    page, next_after = merged_page(f"WS#{workspace_id}", limit, after, query.descending, where)
    next_cursor = pagination.encode(scope, {"after": next_after}) if next_after else None
    return [ContactOut.from_item(c) for c in page], next_cursor


class _PageReads:
    """How many items a shard's next Query reads, from what the Queries of this page read so far."""

    def __init__(self, limit: int) -> None:
        # A page of `limit` takes about limit/SHARDS from each shard (ids are hashed to shards): `expected`.
        # A read asks for `share`, the margin making a second read of a shard the exception; a shard's
        # last read leaves at most that much unused.
        self.expected = math.ceil((limit + 1) / SHARDS)
        self.share = max(2, self.expected + SHARD_PAGE_MARGIN)
        self.scanned = 0
        self.matched = 0

    def record(self, page: store.ShardPage) -> None:
        self.scanned += page.scanned
        self.matched += len(page.items)

    def size(self, wanted: int) -> int:
        """A Query that should bring `wanted` more matches. DynamoDB applies Limit before a filter: read
        as many as should hold them at the rate matched so far (all of them without a filter)."""
        rate = (self.matched + 1) / (self.scanned + 1)
        return min(MAX_SHARD_PAGE, max(2, math.ceil(wanted / rate)))


class _ShardReader:
    """One shard's items in page order, read a small Query at a time and only when the merge needs more."""

    def __init__(self, prefix: str, shard: int, after: str | None, descending: bool, where: Any) -> None:
        self.query = partial(
            store.query_shard_page, prefix, shard, descending=descending, after_id=after, where=where
        )
        self.buffer: deque[dict[str, Any]] = deque()
        self.resume: dict[str, Any] | None = None
        self.read_to_end = False

    def short_of(self, count: int) -> int:
        """How many items the buffer lacks to hold `count`, 0 when it does or the shard has no more."""
        return 0 if self.read_to_end else max(0, count - len(self.buffer))

    def read(self, size: int) -> store.ShardPage:
        page = self.query(size=size, resume=self.resume)
        self.buffer.extend(page.items)
        self.resume = page.resume
        self.read_to_end = page.resume is None
        return page


def _read_round(readers: list[_ShardReader], wanted: int, reads: _PageReads) -> None:
    """One more Query of each reader, for what it lacks of `wanted` items; in parallel when several."""
    sizes = [reads.size(r.short_of(wanted)) for r in readers]
    if len(readers) == 1:
        pages = [readers[0].read(sizes[0])]
    else:
        pages = list(_POOL.map(lambda r, size: r.read(size), readers, sizes))
    for page in pages:
        reads.record(page)


def merged_page(
    prefix: str, limit: int, after: str | None, descending: bool = True, where: Any = None
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of a sharded partition in contact-id order, and the id to resume after (None: the end).

    A lazy merge of the shards: each is read in Queries of about its share of the page, in parallel;
    a shard is read again only when the page's next item could be its next one. So a page reads about
    what it returns (plus a margin per shard), not SHARDS x (limit+1) items.
    """
    key = lambda item: item.get("contact_id") or item["id"]  # noqa: E731
    pick = max if descending else min
    reads = _PageReads(limit)
    readers = [_ShardReader(prefix, shard, after, descending, where) for shard in range(SHARDS)]
    # Each shard's share first, every shard at once. With a filter a Query may match fewer, or none: the
    # shards short of what a page expects of them are read again together, sized by the rate matched so
    # far, rather than one by one as the merge would come to them.
    short = readers
    while short:
        _read_round(short, reads.share, reads)
        short = [r for r in short if r.short_of(reads.expected)]
    page: list[dict[str, Any]] = []
    while len(page) < limit:
        # 16 heads: picking the next among them is as cheap as a heap, and simpler in both orders.
        heads = [r for r in readers if r.buffer]
        if not heads:
            return page, None
        best = pick(heads, key=lambda r: key(r.buffer[0]))
        page.append(best.buffer.popleft())
        while best.short_of(1) and len(page) < limit:
            _read_round([best], reads.share, reads)
    # The page is full; the cursor is for a next one only if one more item exists.
    short = [r for r in readers if r.short_of(1)]
    while short and not any(r.buffer for r in readers):
        _read_round(short, 1, reads)
        short = [r for r in short if r.short_of(1)]
    return page, (key(page[-1]) if any(r.buffer for r in readers) else None)


def scan_pages(workspace_id: str, shards: range | list[int] | None = None) -> Iterator[list[dict[str, Any]]]:
    """Every contact of the workspace, page by page, the shards read in parallel.

    The helper campaigns and segment backfills use; they may also fan shards out to workers themselves.
    """
    shard_list = list(shards if shards is not None else range(SHARDS))
    iterators = {shard: store.scan_shard(f"WS#{workspace_id}", shard) for shard in shard_list}
    pending = {_POOL.submit(next, it, None): shard for shard, it in iterators.items()}
    while pending:
        for future in list(pending):
            if not future.done():
                continue
            shard = pending.pop(future)
            page = future.result()
            if page is not None:
                pending[_POOL.submit(next, iterators[shard], None)] = shard
                yield page
        if pending:
            next(iter(pending)).result()  # wait for one before looking again


# --- writing ---------------------------------------------------------------------------------


def upsert(
    workspace_id: str,
    body: ContactUpsert,
    *,
    unconfirmed: bool = False,
    known: dict[str, Any] | Literal[False] | None = False,
) -> tuple[ContactOut, bool]:
    """Create the contact, or update the one with this email. Returns (contact, created).

    `unconfirmed`: a double opt-in signup; a contact it creates is `unconfirmed` until its signup is
    confirmed: no `contact.created` is told (webhooks, automations) and no segment holds it until then,
    and it is erased if the signup lapses. A later upsert without it (the API's) makes it a contact like
    any other. `known`: the contact with this email as the caller just read it (None: there was none),
    for the first attempt; a write it makes stale fails on its condition and the retry reads again."""
    given = body.model_fields_set
    hint = [known]

    def attempt() -> tuple[ContactOut, bool]:
        seen, hint[0] = hint[0], False
        existing_id = store.id_by_email(workspace_id, body.email) if seen is False else (seen or {}).get("id")
        if existing_id is None:
            at = iso(now())
            contact = {
                "workspace_id": workspace_id,
                "id": new_id(),
                "email": body.email,
                **{f: getattr(body, f) for f in NAME_FIELDS},
                "attributes": _merge_attributes({}, body.attributes),
                "tags": body.tags or [],
                "status": "active",
                "lists": {},
                "created_at": at,
                "updated_at": at,
                "version": 1,
            }
            if unconfirmed:
                contact["unconfirmed"] = True
            told = (
                []
                if unconfirmed
                else [events.put_in_transaction(workspace_id, "contact.created", _event_data(contact))]
            )
            # A conflict means it was created meanwhile: the retry updates it instead.
            store.create(_finish(contact), today(), extra=told)
            return ContactOut.from_item(contact), True
        current = seen or store.get(workspace_id, existing_id)
        if current is None:  # erased meanwhile: start again
            raise store.ContactChanged
        updated = {**current, **{f: getattr(body, f) for f in NAME_FIELDS if f in given}}
        if "attributes" in given:
            updated["attributes"] = _merge_attributes(current.get("attributes"), body.attributes)
        if body.tags:
            updated["tags"] = sorted(set(current.get("tags") or []) | set(body.tags))
        if current.get("unconfirmed") and not unconfirmed:
            updated.pop("unconfirmed")
            return _save(current, updated, also_tell=("contact.created", {})), False
        return _save(current, updated), False

    return _with_retries(attempt)


def _event_data(contact: dict[str, Any]) -> dict[str, Any]:
    # The event is a DynamoDB item: numbers must be Decimals (a float attribute would fail the write).
    return {"contact": json.loads(ContactOut.from_item(contact).model_dump_json(), parse_float=Decimal)}


def _save(
    current: dict[str, Any],
    updated: dict[str, Any],
    extra: list[dict[str, Any]] | None = None,
    also_tell: tuple[str, dict[str, Any]] | None = None,
    **day_counts: int,
) -> ContactOut:
    """Write `updated` over `current`; when nothing changed, nothing is written (not even updated_at).

    `also_tell`: one more event (kind, data) in the same write, carrying the contact as it is after it."""
    if not _changed(current, updated):
        return ContactOut.from_item(current)
    updated = _finish({**updated, "updated_at": iso(now()), "version": int(current.get("version", 0)) + 1})
    event = events.put_in_transaction(updated["workspace_id"], "contact.updated", _event_data(updated))
    if also_tell:
        kind, data = also_tell
        extra = [
            *(extra or []),
            events.put_in_transaction(updated["workspace_id"], kind, {**_event_data(updated), **data}),
        ]
    store.replace(
        updated,
        int(current.get("version", 0)),
        today(),
        old_email=current["email"],
        day_counts=day_counts,
        extra=[event, *(extra or [])],
    )
    return ContactOut.from_item(updated)


def update(workspace_id: str, contact_id: str, patch: ContactPatch) -> ContactOut:
    given = patch.model_fields_set

    def attempt() -> ContactOut:
        current = _load(workspace_id, contact_id)
        updated = {**current, **{f: getattr(patch, f) for f in NAME_FIELDS if f in given}}
        if patch.email is not None:
            updated["email"] = patch.email
        if "attributes" in given:
            updated["attributes"] = _merge_attributes(current.get("attributes"), patch.attributes)
        if "tags" in given:
            updated["tags"] = patch.tags or []
        counts = {}
        if patch.status is not None and patch.status != current["status"]:
            updated["status"] = patch.status
            counts = {"unsubscribed": 1} if patch.status == "unsubscribed" else {}
        return _save(current, updated, **counts)

    return _with_retries(attempt)


def set_list_status(
    workspace_id: str,
    contact_id: str,
    list_id: str,
    status: str,
    *,
    fields: dict[str, Any] | None = None,
    extra: list[dict[str, Any]] | None = None,
    again: bool = False,
) -> ContactOut:
    """Subscribe the contact to a list, unsubscribe it (membership kept) or make it `pending` (double
    opt-in); counts follow atomically. `fields`: more the membership keeps (its consent record); `extra`:
    more items in the same transaction. `again`: write even when the status is the same (a new signup
    while pending). Subscribing tells `contact.subscribed`; a pending membership tells nothing but the
    contact's update: webhooks and automations hear of it when it is confirmed."""

    def attempt() -> ContactOut:
        current = _load(workspace_id, contact_id)
        lists = dict(current.get("lists") or {})
        before = lists.get(list_id)
        if before and before["status"] == status and not again:
            return ContactOut.from_item(current)
        at = iso(now())
        membership = {
            "status": status,
            "added_at": before["added_at"] if before else at,
            "status_changed_at": at,
            **(fields or {}),
        }
        if status == "pending" and before:  # what the membership goes back to if it is never confirmed
            previous = before.get("previous") if before["status"] == "pending" else before["status"]
            if previous:
                membership["previous"] = previous
        lists[list_id] = membership
        deltas = {status: 1}
        if before:
            deltas[store.counted_status(before)] = deltas.get(store.counted_status(before), 0) - 1
        items = [*store.list_membership_items(current, list_id, membership, deltas), *(extra or [])]
        if status == "pending" and membership.get("expires_at"):  # found by the expiry job when due
            items.append(store.pending_put(workspace_id, list_id, current["id"], membership["expires_at"]))
        day = {"unsubscribed": 1} if status == "unsubscribed" else {}
        tell = None
        if status in ("subscribed", "unsubscribed"):
            kind = f"contact.{status}"
            tell = (kind, {"contact_id": contact_id, "list_id": list_id})  # with the contact after it
        return _save(current, {**current, "lists": lists}, items, tell, **day)

    return _with_retries(attempt)


def confirm_pending(
    workspace_id: str, contact_id: str, list_id: str, consent_key: str, extra: list[dict[str, Any]]
) -> ContactOut | None:
    """Subscribe a pending member whose signup is `consent_key` (double opt-in confirmed), with `extra`
    in the same write. An unconfirmed contact becomes a contact (told `contact.created` now). A contact
    that had unsubscribed from everything is active again, since it asked, on this list alone: its other
    lists' memberships are unsubscribed in the same write. None when that signup is not pending
    (confirmed already, expired, replaced by a newer one)."""

    def attempt() -> ContactOut | None:
        current = store.get(workspace_id, contact_id)
        before = ((current or {}).get("lists") or {}).get(list_id)
        if current is None or not before or before["status"] != "pending":
            return None
        if before.get("consent") != consent_key:
            return None
        at = iso(now())
        membership = {**before, "status": "subscribed", "status_changed_at": at}
        expires_at = membership.pop("expires_at", None)
        membership.pop("previous", None)
        lists = {**current["lists"], list_id: membership}
        items = [
            *store.list_membership_items(current, list_id, membership, {"pending": -1, "subscribed": 1}),
            *extra,
        ]
        if expires_at:
            items.append(store.pending_delete(workspace_id, list_id, contact_id, expires_at))
        updated = {**current, "lists": lists}
        if current["status"] == "unsubscribed":
            updated["status"] = "active"
            for other, was in current["lists"].items():
                if other != list_id and was.get("status") == "subscribed":
                    lists[other] = {**was, "status": "unsubscribed", "status_changed_at": at}
                    moved = {"subscribed": -1, "unsubscribed": 1}
                    items += store.list_membership_items(current, other, lists[other], moved)
        if updated.pop("unconfirmed", None):
            items.append(events.put_in_transaction(workspace_id, "contact.created", _event_data(updated)))
        tell = ("contact.subscribed", {"contact_id": contact_id, "list_id": list_id})
        return _save(current, updated, items, tell)

    return _with_retries(attempt)


def end_pending(workspace_id: str, contact_id: str, list_id: str, expires_at: str | None = None) -> bool:
    """A pending signup that will not be confirmed (it lapsed at `expires_at`, or it was withdrawn: None):
    the membership goes back to what it was (an unsubscribe stays an unsubscribe), or off the list. An
    unconfirmed contact left on no list is erased: nobody asked to keep it. False when it is no longer
    that pending membership: nothing written (see forget_pending)."""

    def attempt() -> bool:
        current = store.get(workspace_id, contact_id)
        before = ((current or {}).get("lists") or {}).get(list_id)
        if current is None or not before or before["status"] != "pending":
            return False
        if expires_at is not None and before.get("expires_at") != expires_at:
            return False
        marker = [store.pending_delete(workspace_id, list_id, contact_id, before["expires_at"])]
        lists = {k: v for k, v in current["lists"].items() if k != list_id}
        if current.get("unconfirmed") and not lists:
            try:
                _erase(current, marker)
            except store.ContactGone:
                return False
            return True
        if before.get("previous"):
            lists[list_id] = {
                "status": before["previous"],
                "added_at": before["added_at"],
                "status_changed_at": iso(now()),
            }
            moved = {"pending": -1, before["previous"]: 1}
            items = store.list_membership_items(current, list_id, lists[list_id], moved)
        else:
            items = store.membership_removal_items(current, list_id, "pending")
        _save(current, {**current, "lists": lists}, [*items, *marker])
        return True

    return _with_retries(attempt)


PENDING_PAGE = 100


def pending_due(shard: int, until: str) -> list[store.PendingDue]:
    """Up to PENDING_PAGE pending memberships of a contact shard that expire at `until` or before."""
    return store.pending_due(shard, until, PENDING_PAGE)


def forget_pending(due: store.PendingDue) -> None:
    """Drop the expiry entry of a membership that is no longer pending (or no longer that pending)."""
    store.forget_pending(due)


def consent_write(workspace_id: str, contact_id: str, record: dict[str, Any]) -> dict[str, Any]:
    """A transaction item appending a consent record (give it to set_list_status as `extra`)."""
    return store.consent_put(workspace_id, contact_id, record)


def consent_confirmation(
    workspace_id: str, contact_id: str, key: str, at: str, ip: str | None
) -> dict[str, Any]:
    """A transaction item adding a confirmation (time, ip) to the consent record `key`, once."""
    return store.consent_confirm(workspace_id, contact_id, key, at, ip)


def consent_records(workspace_id: str, contact_id: str) -> list[dict[str, Any]]:
    """The contact's consent records, newest first (404 for an unknown contact)."""
    contact = _load(workspace_id, contact_id)
    return store.consent_records(workspace_id, contact["id"])


def set_status(workspace_id: str, contact_id: str, status: str) -> ContactOut:
    """Mark a contact unsubscribed, bounced or complained (feedback, unsubscribe links); counted per day."""
    if status not in ("active", "unsubscribed", "bounced", "complained"):
        raise Invalid(f"unknown status {status!r}")

    def attempt() -> ContactOut:
        current = _load(workspace_id, contact_id)
        if current["status"] == status:
            return ContactOut.from_item(current)
        counts = {status: 1} if status != "active" else {}
        return _save(current, {**current, "status": status}, None, **counts)

    return _with_retries(attempt)


def add_tags(workspace_id: str, contact_id: str, tags: list[str]) -> ContactOut:
    def attempt() -> ContactOut:
        current = _load(workspace_id, contact_id)
        merged = sorted(set(current.get("tags") or []) | set(tags))
        if len(merged) > 100:
            raise Invalid("a contact has at most 100 tags", code="too_many_tags", fields=[{"field": "tags"}])
        return _save(current, {**current, "tags": merged})

    return _with_retries(attempt)


def remove_tag(workspace_id: str, contact_id: str, tag: str) -> ContactOut:
    def attempt() -> ContactOut:
        current = _load(workspace_id, contact_id)
        return _save(current, {**current, "tags": [t for t in current.get("tags") or [] if t != tag]})

    return _with_retries(attempt)


def delete(workspace_id: str, contact_id: str) -> None:
    """Erase the contact: its item, email, memberships, activity and consent records. The email can be
    used again."""
    contact = _load(workspace_id, contact_id)
    told = (
        []
        if contact.get("unconfirmed")
        else [events.put_in_transaction(workspace_id, "contact.deleted", _event_data(contact))]
    )
    try:
        _erase(contact, told)
    except store.ContactGone:
        raise NotFound("contact", contact_id) from None


def _erase(contact: dict[str, Any], extra: list[dict[str, Any]]) -> None:
    """Its activity and consent records first: should this stop half-way, the contact is still there to
    be erased again (the other way round, records would outlive it with no way to reach them)."""
    store.delete_activity(contact["workspace_id"], contact["id"])
    store.delete_consent(contact["workspace_id"], contact["id"])
    store.delete(contact, today(), extra=extra)


# --- memberships (lists and segments call these) ---------------------------------------------


def members_page(
    prefix: str, scope: str, limit: int, cursor: str | None, where: Any = None
) -> tuple[list[ContactOut], str | None]:
    """A page of the contacts in a membership partition (list or segment), as full contact rows."""
    after = (pagination.decode(scope, cursor) or {}).get("after")
    workspace_id = prefix.split("#")[1]
    page, next_after = merged_page(prefix, limit, after, True, where)
    found = store.get_many(workspace_id, [m["contact_id"] for m in page])
    rows = [ContactOut.from_item(found[m["contact_id"]]) for m in page if m["contact_id"] in found]
    return rows, (pagination.encode(scope, {"after": next_after}) if next_after else None)


def list_members_page(
    workspace_id: str, list_id: str, status: str, limit: int, cursor: str | None
) -> tuple[list[ContactOut], str | None]:
    scope = f"list-members:{workspace_id}:{list_id}:{status}"
    prefix = store.list_prefix(workspace_id, list_id)
    return members_page(prefix, scope, limit, cursor, store.status_is(status))


def all_list_members_page(
    workspace_id: str, list_id: str, limit: int, cursor: str | None
) -> tuple[list[ContactOut], str | None]:
    """Every member of a list, whatever its status on it (exports)."""
    scope = f"list-members:{workspace_id}:{list_id}:all"
    return members_page(store.list_prefix(workspace_id, list_id), scope, limit, cursor)


def segment_members_page(
    workspace_id: str, segment_id: str, limit: int, cursor: str | None
) -> tuple[list[ContactOut], str | None]:
    scope = f"segment-members:{workspace_id}:{segment_id}"
    return members_page(store.segment_prefix(workspace_id, segment_id), scope, limit, cursor)


def list_subscribers_shard(
    workspace_id: str, list_id: str, shard: int, subscribed_by: str | None = None
) -> Iterator[list[dict[str, Any]]]:
    """The subscribed members of a list in one shard, as contacts, page by page (campaign dispatch).

    `subscribed_by` (ISO time, to the second): only who was subscribed then, so a campaign's audience is
    the list as it stood when sending started."""
    for page in store.scan_shard(store.list_prefix(workspace_id, list_id), shard):
        ids = [
            m["contact_id"]
            for m in page
            if m.get("status") == "subscribed"
            and (subscribed_by is None or str(m.get("status_changed_at", "")) <= subscribed_by)
        ]
        found = store.get_many(workspace_id, ids)
        yield [found[i] for i in ids if i in found]


def list_counts(workspace_id: str, list_id: str) -> dict[str, int]:
    return store.counts(store.list_prefix(workspace_id, list_id))


def segment_count(workspace_id: str, segment_id: str) -> int:
    return store.counts(store.segment_prefix(workspace_id, segment_id)).get("members", 0)


def enter_segment(workspace_id: str, segment_id: str, contact_id: str, *, manual: bool = False) -> bool:
    """Make the contact a member (emits segment.entered); False when it already was one."""
    data = {"segment_id": segment_id, "contact_id": contact_id}
    event = events.put_in_transaction(workspace_id, "segment.entered", data)
    return store.segment_enter(workspace_id, segment_id, contact_id, iso(now()), manual=manual, extra=[event])


def exit_segment(workspace_id: str, segment_id: str, contact_id: str) -> bool:
    """Drop the membership (emits segment.exited); False when it was not a member."""
    data = {"segment_id": segment_id, "contact_id": contact_id}
    return store.segment_exit(
        workspace_id,
        segment_id,
        contact_id,
        [events.put_in_transaction(workspace_id, "segment.exited", data)],
    )


def mark_linked(workspace_id: str, segment_id: str, contact_id: str, linked: bool) -> None:
    store.set_manual(workspace_id, segment_id, contact_id, linked)


def drop_list_shard(workspace_id: str, list_id: str, shard: int) -> int:
    """Forget a deleted list in one shard: its membership items and the contacts' `lists` entries."""
    ids = store.drop_partition(store.list_prefix(workspace_id, list_id), shard)
    for contact_id in ids:

        def attempt(contact_id: str = contact_id) -> None:
            current = store.get(workspace_id, contact_id)
            if current and list_id in (current.get("lists") or {}):
                lists = {k: v for k, v in current["lists"].items() if k != list_id}
                _save(current, {**current, "lists": lists})

        _with_retries(attempt)
    return len(ids)


def drop_segment_shard(workspace_id: str, segment_id: str, shard: int) -> int:
    """Forget a deleted segment in one shard: membership items and the contacts' segment sets."""
    ids = store.drop_partition(store.segment_prefix(workspace_id, segment_id), shard)
    for contact_id in ids:
        store.forget_segment(workspace_id, segment_id, contact_id)
    return len(ids)


def drop_counts(workspace_id: str, *, list_id: str | None = None, segment_id: str | None = None) -> None:
    if list_id:
        store.drop_counts(store.list_prefix(workspace_id, list_id))
    if segment_id:
        store.drop_counts(store.segment_prefix(workspace_id, segment_id))


# --- activity and stats ----------------------------------------------------------------------


def record_activity(
    workspace_id: str,
    contact_id: str,
    kind: str,
    data: dict[str, Any] | None = None,
    occurred_at: str | None = None,
) -> None:
    """Append to a contact's activity (sends, deliveries, opens, clicks, bounces, events); it expires."""
    moment = now()
    entry = {"id": new_id(), "type": kind, "occurred_at": occurred_at or iso(moment), "data": data or {}}
    expires = int((moment + timedelta(days=ACTIVITY_RETENTION_DAYS)).timestamp())
    store.add_activity(workspace_id, contact_id, entry, expires)


def record_activities(
    workspace_id: str, entries: list[tuple[str, str, dict[str, Any]]], occurred_at: str | None = None
) -> None:
    """Append many (contact id, kind, data) activity entries at once (BatchWriteItem, 25 a request)."""
    moment = now()
    expires = int((moment + timedelta(days=ACTIVITY_RETENTION_DAYS)).timestamp())
    at = occurred_at or iso(moment)
    store.add_activities(
        workspace_id,
        [
            (contact_id, {"id": new_id(), "type": kind, "occurred_at": at, "data": data})
            for contact_id, kind, data in entries
        ],
        expires,
    )


def activity_before(
    workspace_id: str, contact_id: str, before: str | None, limit: int
) -> list[dict[str, Any]]:
    """The contact's own activity entries (not its campaign messages: see campaigns/messages.py), newest
    first, older than position `before`; each carries its `position`."""
    return store.activity_before(workspace_id, contact_id, before, limit)


def stats(workspace_id: str, start_date: str | None) -> list[DayStats]:
    last = now().date()
    try:
        first = date.fromisoformat(start_date) if start_date else last - timedelta(days=29)
    except ValueError:
        raise Invalid("start_date must be YYYY-MM-DD", fields=[{"field": "start_date"}]) from None
    if first > last:
        raise Invalid("start_date is in the future", fields=[{"field": "start_date"}])
    if (last - first).days >= MAX_STATS_DAYS:
        raise Invalid(f"start_date is at most {MAX_STATS_DAYS} days ago", fields=[{"field": "start_date"}])
    recorded = {d["sk"].removeprefix("DAY#"): d for d in store.days_since(workspace_id, first.isoformat())}
    running = store.total(workspace_id)
    days: list[DayStats] = []
    # Walk back from today: the sum at the end of a day is today's total minus what came after it.
    for offset in range((last - first).days + 1):
        day = (last - timedelta(days=offset)).isoformat()
        counts = recorded.get(day, {})
        days.append(
            DayStats(
                date=day,
                added=int(counts.get("added", 0)),
                unsubscribed=int(counts.get("unsubscribed", 0)),
                bounced=int(counts.get("bounced", 0)),
                deleted=int(counts.get("deleted", 0)),
                sum=running,
            )
        )
        running -= int(counts.get("added", 0)) - int(counts.get("deleted", 0))
    return list(reversed(days))


# --- behavioural events (functions/events/ records them; the contact item is ours) ------------------


def event_contact_id(workspace_id: str, email: str) -> str | None:
    """The id of the contact with this (normalized) email, or None: one read, of its email's item."""
    return store.id_by_email(workspace_id, email)


def event_contact_ids(workspace_id: str, emails: list[str]) -> dict[str, str]:
    """email -> contact id for the (normalized) emails that have a contact, in batched reads."""
    return store.ids_by_email(workspace_id, emails)


def event_contact(workspace_id: str, contact_id: str) -> dict[str, Any] | None:
    """The contact as last written (a strongly consistent read), with its `events` summary; None: no such
    contact."""
    return store.get_consistent(workspace_id, contact_id) if is_id(contact_id) else None


def event_contacts_existing(workspace_id: str, contact_ids: list[str]) -> set[str]:
    """Those of these contact ids that name a contact of the workspace (batched reads)."""
    valid = list(dict.fromkeys(c for c in contact_ids if is_id(c)))
    # Strongly consistent: a contact created a moment ago is one an event may name at once.
    return set(store.get_many(workspace_id, valid, consistent=True)) if valid else set()


def event_writes(
    workspace_id: str,
    contact_id: str,
    name: str,
    entry: dict[str, Any],
    expires_at: int,
    contact: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Transaction items that count the event in the contact's `events.<name>` summary and add `entry` to
    its activity. Without `contact` (not read) they guess the summary (see store.event_summary_update);
    the first item's condition fails when the guess, or the contact as read, no longer holds (or there is
    no such contact): read it with `event_contact` and ask again with it. A contact whose summary holds
    the most names there can be gets the entry alone, on condition that the contact is still there: the
    event is kept, a new name is not counted."""
    activity = store.activity_put(workspace_id, contact_id, entry, expires_at)
    try:
        summary = store.event_summary_update(workspace_id, contact_id, name, entry["occurred_at"], contact)
    except store.TooManyEventNames:
        logger.warning(
            "event name not counted: the summary is full",
            extra={"contact_id": contact_id, "event_name": name, "most": store.MAX_EVENT_NAMES},
        )
        return [store.contact_exists_check(workspace_id, contact_id), activity]
    return [summary, activity]


def activity_position(entry: dict[str, Any]) -> str:
    """Where an activity entry sorts (its cursor position)."""
    return store.activity_position(entry)


def activity_entry(workspace_id: str, contact_id: str, position: str) -> dict[str, Any] | None:
    """One entry of the contact's activity by its position, or None (expired, or the contact erased)."""
    return store.activity_at(workspace_id, contact_id, position)
