"""Many contacts at once: POST /v1/contacts/batch and import chunks upsert through here.

A batch of rows is read in two BatchGetItem rounds (the emails' uniqueness items, then the contacts they
point to), each row is merged as `service.upsert` would merge it, and the writes are packed into
transactions of up to 100 items: a new contact is its email's uniqueness item (condition: still free) and
the contact item, a changed one is its new version (condition: version unchanged), a new list membership
one more item; the contacts, list and day counters of all the transaction's rows are added once. So email
uniqueness and every counter stay exact under any concurrency (another import, API upserts), while a
contact costs two or three items of a shared request instead of a transaction of its own.

A transaction that fails on a row's condition (its email was taken, or the contact changed, meanwhile)
wrote nothing: those rows are read and merged again, and the others written again without them. One that
DynamoDB throttled (a new on-demand table takes 4,000 write units a second at first; twenty chunk workers
ask for many times that) goes again after a growing pause, for as long as the caller's Patience allows.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from functions.contacts import store
from functions.contacts.models import ContactUpsert
from functions.contacts.service import NAME_FIELDS, _changed, _event_data, _finish, _merge_attributes
from functions.core import events
from functions.core.clock import iso, now, today
from functions.core.dynamo import Throttled
from functions.core.ids import new_id

MARK = "written_by"  # "<mark>:c" (created) or "<mark>:u" (updated): see upsert_many
MAX_ITEMS = 100  # a transaction's limit
RESERVED = 2  # room for the contacts and day counters (list counters are counted with their rows)
# Lists one row may subscribe to: its two items, a membership and a counter per list fit one transaction.
MAX_ROW_LISTS = (MAX_ITEMS - RESERVED - 2) // 2
ROUNDS = 20  # rounds of "read, merge, write" before the remaining rows are given up as busy
MAX_BACKOFF_S = 0.2
MAX_THROTTLED_PAUSE_S = 5.0  # the longest pause before a throttled transaction goes again
REQUEST_PATIENCE_S = 5.0  # a request's wait for capacity in all (API Gateway answers within 29 s)


class WriteRefused(Exception):
    """A transaction of many contacts was refused for another reason than a race: invalid, or throttled
    for longer than the caller's Patience. What was written stays; the same rows again finish the job."""


@dataclass
class Patience:
    """How long a caller's bulk writes may wait, in all, for DynamoDB to have capacity again."""

    budget_s: float
    waited_s: float = 0.0

    def pause(self, attempt: int) -> bool:
        """Sleep before throttled attempt `attempt` + 1 (exponential, jittered); False once spent."""
        left = self.budget_s - self.waited_s
        if left <= 0:
            return False
        seconds = min(left, random.uniform(0.5, 1.0) * min(MAX_THROTTLED_PAUSE_S, 0.05 * 2**attempt))
        time.sleep(seconds)
        self.waited_s += seconds
        return True


# Checks a row's attributes as they will be after the merge against a list's fields: None, or the reason.
ListCheck = Callable[[str, dict[str, Any]], str | None]


@dataclass
class Row:
    index: int  # the caller's name for the row: its index in the request, its line in a file
    body: ContactUpsert  # `lists`: the lists to subscribe it to


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # existing contacts left alone (update_existing false), repeats of an email
    errors: dict[int, tuple[str, str]] = field(default_factory=dict)  # index -> (code, message)

    def add(self, other: Tally) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.skipped += other.skipped
        self.errors.update(other.errors)


@dataclass
class _Write:
    row: Row
    kind: str  # created | updated
    items: list[dict[str, Any]]
    list_deltas: Counter[tuple[str, str]]  # (list_id, status) -> +n
    contact: dict[str, Any]


def upsert_many(
    workspace_id: str,
    rows: list[Row],
    *,
    update_existing: bool = True,
    check_list: ListCheck | None = None,
    mark: str | None = None,
    patience: Patience | None = None,
) -> Tally:
    """Upsert `rows` (their emails distinct: fold repeats first, see `fold`). Returns what happened to
    each, counted.

    `mark`: a name for this write (an import's id) kept on the contacts it creates or changes, so that the
    same rows written again (an import chunk run again after its worker died) are counted as they were the
    first time, created or updated, rather than unchanged.

    `patience`: how long to wait out throttling, shared by the caller's calls (a request's few seconds
    by default); past it, WriteRefused."""
    patience = patience or Patience(REQUEST_PATIENCE_S)
    tally = Tally()
    pending = list(rows)
    for attempt in range(ROUNDS):
        if not pending:
            break
        writes = _plan(workspace_id, pending, update_existing, check_list, mark, tally)
        pending = []
        for group in _groups(writes):
            failed = _write(workspace_id, group, patience)
            done = [w for w in group if failed is None or w.row not in failed]
            for write in done:
                setattr(tally, write.kind, getattr(tally, write.kind) + 1)
            pending += failed or []
        if pending:
            time.sleep(random.uniform(0, min(MAX_BACKOFF_S, 0.005 * 2**attempt)))
    for row in pending:
        tally.errors[row.index] = (
            "contact_busy",
            "The contact was being changed by other requests; retry it",
        )
    return tally


def fold(rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """Rows with the same email become one, applied in order (later names win, attributes merge, tags and
    lists add up) under the first's index; returns (folded rows, the repeats folded away)."""
    first: dict[str, Row] = {}
    repeats: list[Row] = []
    for row in rows:
        seen = first.get(row.body.email)
        if seen is None:
            first[row.body.email] = row
            continue
        repeats.append(row)
        given = row.body.model_fields_set
        merged = seen.body.model_copy(
            update={
                **{f: getattr(row.body, f) for f in NAME_FIELDS if f in given},
                "attributes": {**(seen.body.attributes or {}), **(row.body.attributes or {})} or None,
                "tags": sorted(set(seen.body.tags or []) | set(row.body.tags or [])) or None,
                "lists": list(dict.fromkeys([*(seen.body.lists or []), *(row.body.lists or [])])) or None,
            }
        )
        merged.model_fields_set.update(given)
        first[row.body.email] = Row(seen.index, merged)
    return list(first.values()), repeats


def _plan(
    workspace_id: str,
    rows: list[Row],
    update_existing: bool,
    check_list: ListCheck | None,
    mark: str | None,
    tally: Tally,
) -> list[_Write]:
    """Read the rows' contacts and decide each row's write; rows with nothing to write are counted now."""
    ids = store.ids_by_email(workspace_id, [r.body.email for r in rows])
    current = store.get_many(workspace_id, list(ids.values()))
    at = iso(now())
    writes = []
    for row in rows:
        contact_id = ids.get(row.body.email)
        existing = current.get(contact_id) if contact_id else None
        if contact_id and existing is None:
            existing = store.get_consistent(workspace_id, contact_id)  # made a moment ago: not yet seen
            if existing is None:  # erased meanwhile, its email item with it: a new contact
                contact_id = None
        if existing is not None and mark is not None and str(existing.get(MARK, "")).startswith(f"{mark}:"):
            # Written by this very write before (it is run again): counted as it was then.
            kind = "created" if existing[MARK].endswith(":c") else "updated"
            setattr(tally, kind, getattr(tally, kind) + 1)
            continue
        if existing is not None and not update_existing:
            tally.skipped += 1
            continue
        contact = _merged(workspace_id, row.body, existing, at)
        reason = _check(contact, row.body.lists or [], check_list)
        if reason:
            tally.errors[row.index] = ("validation_failed", reason)
            continue
        memberships, deltas = _memberships(contact, existing, row.body.lists or [], at)
        if existing is not None and not memberships and not _changed(existing, contact):
            tally.unchanged += 1
            continue
        if mark is not None:  # a new contact, or one this write changes
            contact[MARK] = f"{mark}:{'u' if existing is not None else 'c'}"
        if existing is None:
            items = store.new_contact_items(_finish(contact))
            kind = "created"
        else:
            contact = _finish({**contact, "updated_at": at, "version": int(existing.get("version", 0)) + 1})
            items = [store.replaced_contact_item(contact, int(existing.get("version", 0)))]
            kind = "updated"
        items += [store.membership_put(contact, list_id, m) for list_id, m in memberships.items()]
        items += _outbox(workspace_id, kind, contact, memberships)
        if len(items) + len(memberships) > MAX_ITEMS - RESERVED:  # its own items and a counter per list
            tally.errors[row.index] = (
                "too_many_lists",
                f"at most {MAX_ROW_LISTS} lists for one contact here",
            )
            continue
        writes.append(_Write(row, kind, items, deltas, contact))
    return writes


def _merged(
    workspace_id: str, body: ContactUpsert, existing: dict[str, Any] | None, at: str
) -> dict[str, Any]:
    if existing is None:
        return {
            "workspace_id": workspace_id,
            "id": new_id(),
            "email": body.email,
            **{f: getattr(body, f) for f in NAME_FIELDS},
            "attributes": _merge_attributes({}, body.attributes),
            "tags": sorted(set(body.tags or [])),
            "status": "active",
            "lists": {},
            "created_at": at,
            "updated_at": at,
            "version": 1,
        }
    given = body.model_fields_set
    merged = {**existing, **{f: getattr(body, f) for f in NAME_FIELDS if f in given}}
    if "attributes" in given:
        merged["attributes"] = _merge_attributes(existing.get("attributes"), body.attributes)
    if body.tags:
        merged["tags"] = sorted(set(existing.get("tags") or []) | set(body.tags))
    merged["lists"] = dict(existing.get("lists") or {})
    return merged


def _check(contact: dict[str, Any], list_ids: list[str], check_list: ListCheck | None) -> str | None:
    if check_list is None:
        return None
    attributes = {k: v for k, v in (contact.get("attributes") or {}).items() if v is not None}
    for list_id in list_ids:
        reason = check_list(list_id, attributes)
        if reason:
            return reason
    return None


def _memberships(
    contact: dict[str, Any], existing: dict[str, Any] | None, list_ids: list[str], at: str
) -> tuple[dict[str, dict[str, Any]], Counter[tuple[str, str]]]:
    """The lists the row subscribes the contact to that it is not on yet. A contact that unsubscribed from a
    list, or from everything, is not subscribed again by a bulk write: that takes its own consent."""
    memberships: dict[str, dict[str, Any]] = {}
    deltas: Counter[tuple[str, str]] = Counter()
    if existing is not None and existing.get("status") != "active":
        return memberships, deltas
    lists = contact["lists"]
    for list_id in dict.fromkeys(list_ids):
        if list_id in lists:
            continue
        membership = {"status": "subscribed", "added_at": at, "status_changed_at": at}
        lists[list_id] = memberships[list_id] = membership
        deltas[(list_id, "subscribed")] += 1
    return memberships, deltas


def _outbox(
    workspace_id: str, kind: str, contact: dict[str, Any], memberships: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """contact.created / contact.updated / contact.subscribed, only while a webhook listens (a bulk write
    of a million contacts should not cost a million outbox items nobody reads)."""
    items = []
    topic = f"contact.{kind}"
    if events.heard(workspace_id, topic):
        items.append(events.put_in_transaction(workspace_id, topic, _event_data(contact)))
    if memberships and events.heard(workspace_id, "contact.subscribed"):
        for list_id in memberships:
            data = {**_event_data(contact), "contact_id": contact["id"], "list_id": list_id}
            items.append(events.put_in_transaction(workspace_id, "contact.subscribed", data))
    return items


def _groups(writes: list[_Write]) -> list[list[_Write]]:
    """Writes packed in order into groups that fit a transaction with their counters: the rows' own items,
    one counter item per list the group subscribes to (shared by its rows), and RESERVED for the rest."""
    groups: list[list[_Write]] = []
    size, lists = MAX_ITEMS, set[str]()
    for write in writes:
        more = {list_id for list_id, _ in write.list_deltas} - lists
        if size + len(write.items) + len(more) > MAX_ITEMS - RESERVED or not groups:
            groups.append([])
            size, lists = 0, set()
            more = {list_id for list_id, _ in write.list_deltas}
        groups[-1].append(write)
        size += len(write.items) + len(more)
        lists |= more
    return groups


def _write(workspace_id: str, group: list[_Write], patience: Patience) -> list[Row] | None:
    """One transaction for the group. None: written; else the rows to read and merge again."""
    created = sum(1 for w in group if w.kind == "created")
    deltas: Counter[tuple[str, str]] = Counter()
    for write in group:
        deltas.update(write.list_deltas)
    items = [item for write in group for item in write.items]
    shard = random.randrange(store.COUNTER_SHARDS)  # parallel writers rarely wait on one counter item
    items += store.counter_items(workspace_id, today(), created, shard, added=created)
    by_list: dict[str, dict[str, int]] = {}
    for (list_id, status), n in deltas.items():
        by_list.setdefault(list_id, {})[status] = n
    items += [store.list_counts_item(workspace_id, lid, shard, **counts) for lid, counts in by_list.items()]
    reasons = _write_when_capacity(items, patience)
    if reasons is None:
        return None
    if set(reasons) - {"None", "ConditionalCheckFailed", "TransactionConflict"}:
        # Refused: not a race to retry here; the caller's caller (a request, a queue message) is tried
        # again whole, which changes nothing twice.
        raise WriteRefused(", ".join(sorted(set(reasons) - {"None"})))
    if "ConditionalCheckFailed" not in reasons:
        return [w.row for w in group]  # a concurrent transaction on the same items: all again
    failed, position = [], 0
    for write in group:
        if "ConditionalCheckFailed" in reasons[position : position + len(write.items)]:
            failed.append(write.row)
        position += len(write.items)
    # The others are written again (they were planned against what was read, still true for them).
    others = [w for w in group if w.row not in failed]
    return failed + ((_write(workspace_id, others, patience) or []) if others else [])


def _write_when_capacity(items: list[dict[str, Any]], patience: Patience) -> list[str] | None:
    """store.write_many, the same transaction again after a pause while DynamoDB throttles it."""
    attempt = 0
    while True:
        try:
            return store.write_many(items)
        except Throttled as throttled:
            if not patience.pause(attempt):
                raise WriteRefused(f"throttled for {patience.waited_s:.0f} s ({throttled})") from None
            attempt += 1
