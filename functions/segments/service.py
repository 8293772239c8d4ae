"""Segments: definitions, real-time membership, backfills and preview. No HTTP, no boto3."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from functions.contacts import service as contacts
from functions.contacts.models import ContactOut, ContactUpsert
from functions.core import queues
from functions.core.clock import iso, now
from functions.core.errors import Conflict, Invalid, NotFound
from functions.core.ids import is_id, new_id
from functions.core.sharding import SHARDS
from functions.lists import service as lists
from functions.segments import store
from functions.segments.models import (
    MAX_SEGMENTS,
    PREVIEW_SAMPLE,
    Preview,
    PreviewOut,
    SegmentCreate,
    SegmentLink,
    SegmentOut,
    SegmentPatch,
)
from functions.segments.rules import Rules, compile_rules

Matcher = Callable[[dict[str, Any], datetime], bool]


def _out(item: dict[str, Any]) -> SegmentOut:
    return SegmentOut(
        **{k: v for k, v in item.items() if k in SegmentOut.model_fields and k != "contacts_count"},
        contacts_count=max(contacts.segment_count(item["workspace_id"], item["id"]), 0),
    )


def _load(workspace_id: str, segment_id: str) -> dict[str, Any]:
    item = store.get(workspace_id, segment_id) if is_id(segment_id) else None
    if item is None:
        raise NotFound("segment", segment_id)
    return item


def _queue_build(workspace_id: str, segment_id: str, build_id: str) -> None:
    job = {
        "job": "segment_backfill",
        "workspace_id": workspace_id,
        "segment_id": segment_id,
        "build_id": build_id,
    }
    queues.send_all("jobs", [{**job, "shard": shard} for shard in range(SHARDS)])


# --- definitions -----------------------------------------------------------------------------


def create(workspace_id: str, body: SegmentCreate) -> SegmentOut:
    if body.list_id:
        lists.get_list(workspace_id, body.list_id)  # 404 when the list does not exist
    if len(store.all_of(workspace_id)) >= MAX_SEGMENTS:
        raise Invalid(f"a workspace has at most {MAX_SEGMENTS} segments", code="too_many_segments")
    at = iso(now())
    item = {
        "workspace_id": workspace_id,
        "id": new_id(),
        "name": body.name,
        "description": body.description,
        "list_id": body.list_id,
        "rules": body.rules.model_dump(mode="json") if body.rules else None,
        "status": "building" if body.rules else "ready",
        "build_id": new_id(),
        "created_at": at,
        "updated_at": at,
    }
    item = {k: v for k, v in item.items() if v is not None}
    store.put(item, exists=False)
    if body.rules:
        _queue_build(workspace_id, item["id"], item["build_id"])
    return _out(item)


def check_exists(workspace_id: str, segment_id: str) -> None:
    """404 unless the workspace has this segment (the catalog alone: no counts read)."""
    _load(workspace_id, segment_id)


def get(workspace_id: str, segment_id: str) -> SegmentOut:
    return _out(_load(workspace_id, segment_id))


def page(workspace_id: str, limit: int, cursor: str | None) -> tuple[list[SegmentOut], str | None]:
    items, next_cursor = store.page(workspace_id, limit, cursor)
    return [_out(i) for i in items], next_cursor


def update(workspace_id: str, segment_id: str, patch: SegmentPatch) -> SegmentOut:
    """Change a segment; new rules or a new list scope rebuild its membership in the background."""
    current = _load(workspace_id, segment_id)
    if "name" in patch.model_fields_set and patch.name is None:
        raise Invalid("name cannot be removed", fields=[{"field": "name", "message": "required"}])
    if patch.list_id:
        lists.get_list(workspace_id, patch.list_id)
    changes = patch.model_dump(mode="json", exclude_unset=True)
    wanted = {**current, **changes}
    sets = {k: v for k, v in changes.items() if v is not None}
    removes = [k for k, v in changes.items() if v is None]
    sets["updated_at"] = iso(now())
    rebuild = wanted.get("rules") != current.get("rules") or wanted.get("list_id") != current.get("list_id")
    if rebuild:
        sets.update(build_id=new_id(), status="building" if wanted.get("rules") else "ready")
        removes.append("shards_done")
    if not store.update(workspace_id, segment_id, sets, tuple(removes)):
        raise NotFound("segment", segment_id)
    if rebuild:
        # Also runs for rules removed: the backfill then lets every member by rules go.
        _queue_build(workspace_id, segment_id, sets["build_id"])
    return get(workspace_id, segment_id)


def delete(workspace_id: str, segment_id: str) -> None:
    """The segment goes at once; its memberships are erased in the background."""
    if not is_id(segment_id) or not store.delete(workspace_id, segment_id):
        raise NotFound("segment", segment_id)
    contacts.drop_counts(workspace_id, segment_id=segment_id)
    job = {"job": "drop_segment", "workspace_id": workspace_id, "segment_id": segment_id}
    queues.send_all("jobs", [{**job, "shard": shard} for shard in range(SHARDS)])


# --- membership ------------------------------------------------------------------------------


def _matcher(segment: dict[str, Any]) -> Matcher | None:
    """None for a segment without rules (members only by hand)."""
    if not segment.get("rules"):
        return None
    match = compile_rules(Rules.model_validate(segment["rules"]))
    list_id = segment.get("list_id")

    def scoped(contact: dict[str, Any], moment: datetime) -> bool:
        if contact.get("unconfirmed"):  # a double opt-in signup not confirmed yet is in no segment
            return False
        if list_id and ((contact.get("lists") or {}).get(list_id) or {}).get("status") != "subscribed":
            return False
        return match(contact, moment)

    return scoped


def matchers(workspace_id: str) -> dict[str, Matcher]:
    """The rule-based segments of a workspace, compiled (the stream worker caches these per batch)."""
    compiled = {}
    for segment in store.all_of(workspace_id):
        matcher = _matcher(segment)
        if matcher is not None:
            compiled[segment["id"]] = matcher
    return compiled


def reconcile(workspace_id: str, contact: dict[str, Any], segment_matchers: dict[str, Matcher]) -> None:
    """Bring the contact's membership of these segments in line with the rules (hand links are kept)."""
    moment = now()
    member_of = set(contact.get("segments") or [])
    linked = set(contact.get("manual_segments") or [])
    for segment_id, matches in segment_matchers.items():
        wanted = matches(contact, moment)
        if wanted and segment_id not in member_of:
            contacts.enter_segment(workspace_id, segment_id, contact["id"])
        elif not wanted and segment_id in member_of and segment_id not in linked:
            contacts.exit_segment(workspace_id, segment_id, contact["id"])


def backfill_shard(workspace_id: str, segment_id: str, build_id: str, shard: int) -> int:
    """Evaluate one shard of contacts for a (re)built segment; returns how many were looked at."""
    segment = store.get(workspace_id, segment_id)
    if segment is None or segment.get("build_id") != build_id:
        return 0  # deleted or rebuilt since: a newer job does the work
    # Without rules nobody matches: members by rules leave, hand-linked ones stay.
    matcher = _matcher(segment) or (lambda _contact, _moment: False)
    seen = 0
    for page_of_contacts in contacts.scan_pages(workspace_id, [shard]):
        for contact in page_of_contacts:
            seen += 1
            reconcile(workspace_id, contact, {segment_id: matcher})
    store.shard_built(workspace_id, segment_id, build_id, shard, SHARDS)
    return seen


def drop_shard(workspace_id: str, segment_id: str, shard: int) -> int:
    return contacts.drop_segment_shard(workspace_id, segment_id, shard)


def members(
    workspace_id: str, segment_id: str, limit: int, cursor: str | None
) -> tuple[list[ContactOut], str | None]:
    _load(workspace_id, segment_id)
    return contacts.segment_members_page(workspace_id, segment_id, limit, cursor)


def link(workspace_id: str, segment_id: str, body: SegmentLink) -> tuple[ContactOut, bool]:
    """Link a contact by hand (creating it from an email when needed). Returns (contact, newly linked)."""
    _load(workspace_id, segment_id)
    if body.contact_id:
        contact = contacts.get(workspace_id, body.contact_id)
    else:
        fields = body.model_dump(exclude_unset=True, exclude={"contact_id"})
        contact, _ = contacts.upsert(workspace_id, ContactUpsert(**fields))
    if contacts.enter_segment(workspace_id, segment_id, contact.id, manual=True):
        return contacts.get(workspace_id, contact.id), True
    contacts.mark_linked(workspace_id, segment_id, contact.id, True)
    return contacts.get(workspace_id, contact.id), False


def unlink(workspace_id: str, segment_id: str, contact_id: str) -> None:
    """Drop the hand link; a contact that also matches the rules stays a member by the rules."""
    segment = _load(workspace_id, segment_id)
    contact = contacts.find(workspace_id, contact_id)
    if contact is None or segment_id not in (contact.get("segments") or []):
        raise NotFound("segment member", contact_id)
    if segment_id not in (contact.get("manual_segments") or []):
        raise Conflict(
            "This contact matches the segment's rules: change the rules or the contact to drop it",
            code="member_by_rules",
        )
    matcher = _matcher(segment)
    if matcher is not None and matcher(contact, now()):
        contacts.mark_linked(workspace_id, segment_id, contact["id"], False)
    else:
        contacts.exit_segment(workspace_id, segment_id, contact["id"])


def preview(workspace_id: str, body: Preview) -> PreviewOut:
    """How many contacts the rules match now, and a few of them (reads the whole workspace)."""
    if body.list_id:
        lists.get_list(workspace_id, body.list_id)
    matcher = _matcher({"rules": body.rules.model_dump(mode="json"), "list_id": body.list_id})
    moment = now()
    count, sample = 0, []
    for page_of_contacts in contacts.scan_pages(workspace_id):
        for contact in page_of_contacts:
            if matcher is not None and matcher(contact, moment):
                count += 1
                if len(sample) < PREVIEW_SAMPLE:
                    sample.append(ContactOut.from_item(contact))
    return PreviewOut(count=count, sample=sample)
