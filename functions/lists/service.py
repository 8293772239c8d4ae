"""Lists, fields and subscribers: the rules of API.md. Members are kept by the contacts group."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from functions.contacts import bulk
from functions.contacts import service as contacts
from functions.contacts.models import BatchError, ContactBatchOut, ContactOut, ContactUpsert
from functions.core import queues
from functions.core.clock import iso, now
from functions.core.emails import normalize_email
from functions.core.errors import Conflict, Invalid, NotFound, Unavailable
from functions.core.ids import is_id, new_id
from functions.core.models import ItemError
from functions.core.sharding import SHARDS
from functions.lists import store
from functions.lists.models import (
    MAX_FIELDS_PER_LIST,
    FieldCreate,
    FieldOut,
    FieldPatch,
    ListCreate,
    ListOut,
    ListPatch,
)
from functions.senders import service as senders
from functions.templates import service as templates


def _out(item: dict[str, Any]) -> ListOut:
    counts = contacts.list_counts(item["workspace_id"], item["id"])
    return ListOut(
        **{k: v for k, v in item.items() if k in ListOut.model_fields},
        subscribers_count=max(counts.get("subscribed", 0), 0),
        unsubscribed_count=max(counts.get("unsubscribed", 0), 0),
        pending_count=max(counts.get("pending", 0), 0),
    )


def load_list(workspace_id: str, list_id: str) -> dict[str, Any]:
    item = store.get_list(workspace_id, list_id) if is_id(list_id) else None
    if item is None:
        raise NotFound("list", list_id)
    return item


_load = load_list


def _dumped(body: ListCreate | ListPatch) -> dict[str, Any]:
    values = body.model_dump(exclude_unset=True, mode="json")
    return values


# --- lists -----------------------------------------------------------------------------------


def _check_references(workspace_id: str, values: dict[str, Any]) -> None:
    """The sender and template a list names must be the workspace's own (404 otherwise)."""
    if values.get("sender_id"):
        senders.load_sender(workspace_id, values["sender_id"])
    if values.get("confirmation_template_id"):
        templates.load(workspace_id, values["confirmation_template_id"])


def create_list(workspace_id: str, body: ListCreate) -> ListOut:
    _check_references(workspace_id, _dumped(body))
    at = iso(now())
    item = {
        "workspace_id": workspace_id,
        "id": new_id(),
        "double_opt_in": False,
        **{k: v for k, v in _dumped(body).items() if v is not None},
        "created_at": at,
        "updated_at": at,
    }
    store.put_list(item)
    return _out(item)


def public_lists(workspace_id: str) -> list[dict[str, Any]]:
    """The lists a contact may join or leave in the preference center."""
    return store.public_lists(workspace_id)


def list_name(workspace_id: str, list_id: str) -> str | None:
    item = store.get_list(workspace_id, list_id) if is_id(list_id) else None
    return item["name"] if item else None


def get_list(workspace_id: str, list_id: str) -> ListOut:
    return _out(_load(workspace_id, list_id))


def list_lists(workspace_id: str, limit: int, cursor: str | None) -> tuple[list[ListOut], str | None]:
    items, next_cursor = store.list_lists(workspace_id, limit, cursor)
    return [_out(i) for i in items], next_cursor


def update_list(workspace_id: str, list_id: str, patch: ListPatch) -> ListOut:
    current = _load(workspace_id, list_id)
    changes = _dumped(patch)
    _check_references(workspace_id, changes)
    for required in ("name", "from_name", "from_email"):
        if changes.get(required, "") is None:
            raise Invalid(
                f"{required} cannot be removed", fields=[{"field": required, "message": "required"}]
            )
    updated = {**current, **changes, "updated_at": iso(now())}
    updated = {k: v for k, v in updated.items() if v is not None}
    if not store.replace_list(updated):
        raise NotFound("list", list_id)
    return _out(updated)


def delete_list(workspace_id: str, list_id: str) -> None:
    """The list goes at once; its memberships are erased in the background, shard by shard."""
    if not is_id(list_id) or not store.delete_list(workspace_id, list_id):
        raise NotFound("list", list_id)
    contacts.drop_counts(workspace_id, list_id=list_id)
    queues.send_all(
        "jobs",
        [
            {"job": "drop_list", "workspace_id": workspace_id, "list_id": list_id, "shard": s}
            for s in range(SHARDS)
        ],
    )


def drop_list_shard(workspace_id: str, list_id: str, shard: int) -> int:
    return contacts.drop_list_shard(workspace_id, list_id, shard)


# --- fields ----------------------------------------------------------------------------------


def _field(workspace_id: str, list_id: str, field_id: str) -> dict[str, Any]:
    found = next((f for f in store.fields_of(workspace_id, list_id) if f["id"] == field_id), None)
    if found is None:
        raise NotFound("field", field_id)
    return found


def add_field(workspace_id: str, list_id: str, body: FieldCreate) -> FieldOut:
    _load(workspace_id, list_id)
    if len(store.fields_of(workspace_id, list_id)) >= MAX_FIELDS_PER_LIST:
        raise Invalid(f"a list has at most {MAX_FIELDS_PER_LIST} fields", code="too_many_fields")
    at = iso(now())
    field = {
        "workspace_id": workspace_id,
        "list_id": list_id,
        "id": new_id(),
        **body.model_dump(exclude_none=True),
        "created_at": at,
        "updated_at": at,
    }
    try:
        store.add_field(field)
    except store.FieldTagTaken:
        raise Conflict(
            f"This list already has a field with tag {body.tag!r}", code="field_tag_taken"
        ) from None
    return FieldOut.from_item(field)


def list_fields(workspace_id: str, list_id: str) -> list[FieldOut]:
    _load(workspace_id, list_id)
    fields = sorted(store.fields_of(workspace_id, list_id), key=lambda f: f["id"])
    return [FieldOut.from_item(f) for f in fields]


def get_field(workspace_id: str, list_id: str, field_id: str) -> FieldOut:
    _load(workspace_id, list_id)
    return FieldOut.from_item(_field(workspace_id, list_id, field_id))


def update_field(workspace_id: str, list_id: str, field_id: str, patch: FieldPatch) -> FieldOut:
    _load(workspace_id, list_id)
    current = _field(workspace_id, list_id, field_id)
    updated = {**current, **patch.model_dump(exclude_unset=True), "updated_at": iso(now())}
    try:
        FieldCreate(**{k: updated.get(k) for k in FieldCreate.model_fields if updated.get(k) is not None})
    except ValidationError as exc:  # named as a 400 of the route names it, not pydantic's last line
        error = ItemError.invalid(exc)
        raise Invalid(error.message, fields=error.fields) from None
    updated = {k: v for k, v in updated.items() if v is not None}
    try:
        store.replace_field(updated, current["tag"])
    except store.FieldGone:
        raise NotFound("field", field_id) from None
    except store.FieldTagTaken:
        raise Conflict(
            f"This list already has a field with tag {updated['tag']!r}", code="field_tag_taken"
        ) from None
    return FieldOut.from_item(updated)


def delete_field(workspace_id: str, list_id: str, field_id: str) -> None:
    _load(workspace_id, list_id)
    store.delete_field(_field(workspace_id, list_id, field_id))


def _check_value(field: dict[str, Any], value: Any) -> str | None:
    """Why `value` does not fit the field, or None when it does."""
    kind = field["type"]
    if kind == "text":
        return None if isinstance(value, str) else "must be text"
    if kind == "number":
        return None if isinstance(value, int | float) and not isinstance(value, bool) else "must be a number"
    if kind == "boolean":
        return None if isinstance(value, bool) else "must be true or false"
    if kind == "select":
        return None if value in (field.get("options") or []) else f"must be one of {field.get('options')}"
    if kind == "email":
        try:
            normalize_email(str(value))
        except ValueError:
            return "must be an email address"
        return None if isinstance(value, str) else "must be an email address"
    if kind == "date":
        try:
            (date if len(str(value)) == 10 else datetime).fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return "must be a date (YYYY-MM-DD)"
        return None if isinstance(value, str) else "must be a date (YYYY-MM-DD)"
    return None


def list_and_fields(workspace_id: str, list_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A list and its field definitions, read once (404 for an unknown list): a signup needs both."""
    the_list = _load(workspace_id, list_id)
    fields = sorted(store.fields_of(workspace_id, list_id), key=lambda f: f["id"])
    return the_list, [FieldOut.from_item(f).model_dump() for f in fields]


def validate_fields(
    workspace_id: str, list_id: str, attributes: dict[str, Any], fields: list[dict[str, Any]] | None = None
) -> None:
    """The list's fields (`fields`, when read already) against the attributes the contact will have: 400
    naming each wrong field."""
    if fields is None:
        fields = store.fields_of(workspace_id, list_id)
    problems = field_problems(fields, attributes)
    if problems:
        first = problems[0]
        raise Invalid(f"{first['field']}: {first['message']}", fields=problems)


def field_problems(fields: list[dict[str, Any]], attributes: dict[str, Any]) -> list[dict[str, str]]:
    """What is wrong with these attributes for a list with these fields (empty: nothing)."""
    problems = []
    for field in fields:
        value = attributes.get(field["tag"])
        if value is None or value == "":
            if field.get("required"):
                problems.append(
                    {"field": f"attributes.{field['tag']}", "message": f"{field['label']} is required"}
                )
            continue
        reason = _check_value(field, value)
        if reason:
            problems.append({"field": f"attributes.{field['tag']}", "message": f"{field['label']} {reason}"})
    return problems


def list_check(workspace_id: str, list_ids: list[str]) -> bulk.ListCheck:
    """A check of merged attributes against these lists' fields (read once), for bulk writes; each list
    must exist (404)."""
    fields = {}
    for list_id in dict.fromkeys(list_ids):
        _load(workspace_id, list_id)
        fields[list_id] = store.fields_of(workspace_id, list_id)

    def check(list_id: str, attributes: dict[str, Any]) -> str | None:
        problems = field_problems(fields[list_id], attributes)
        return f"{problems[0]['field']}: {problems[0]['message']}" if problems else None

    return check


# --- subscribers -----------------------------------------------------------------------------


def subscribe(workspace_id: str, body: ContactUpsert, list_ids: list[str]) -> tuple[ContactOut, bool]:
    """Create or update the contact, then subscribe it to each list. Returns (contact, anything new).

    Every list and its fields are checked before anything is written.
    """
    existing = contacts.find(workspace_id, body.email)
    attributes = {**((existing or {}).get("attributes") or {}), **(body.attributes or {})}
    attributes = {k: v for k, v in attributes.items() if v is not None}
    for list_id in list_ids:
        _load(workspace_id, list_id)
        validate_fields(workspace_id, list_id, attributes)
    contact, created = contacts.upsert(workspace_id, body)
    newly = created
    for list_id in dict.fromkeys(list_ids):
        before = next((m for m in contact.lists if m.list_id == list_id), None)
        newly = newly or before is None or before.status != "subscribed"
        contact = contacts.set_list_status(workspace_id, contact.id, list_id, "subscribed")
    return contact, newly


def upsert_many(workspace_id: str, items: list[Any]) -> ContactBatchOut:
    """POST /v1/contacts/batch: each item checked as POST /v1/contacts would check it, a bad one reported by
    its index and never failing the others; the rest written together (functions/contacts/bulk.py)."""
    errors: dict[int, ItemError] = {}
    rows = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            errors[index] = ItemError(code="validation_failed", message="a contact is a JSON object")
            continue
        try:
            rows.append(bulk.Row(index, ContactUpsert.model_validate(item)))
        except ValidationError as exc:
            errors[index] = ItemError.invalid(exc)
    named = list(dict.fromkeys(list_id for row in rows for list_id in row.body.lists or []))
    known = {list_id for list_id in named if is_id(list_id) and store.get_list(workspace_id, list_id)}
    for row in list(rows):
        unknown = next((x for x in row.body.lists or [] if x not in known), None)
        if unknown:
            errors[row.index] = ItemError.model_validate(NotFound("list", unknown).envelope()["error"])
            rows.remove(row)
    folded, repeats = bulk.fold(rows)
    try:
        tally = bulk.upsert_many(workspace_id, folded, check_list=list_check(workspace_id, list(known)))
    except bulk.WriteRefused:
        # Throttled by DynamoDB (or refused): what was written stays, the same body again finishes it.
        raise Unavailable("Too many writes at once; send the same batch again in a moment") from None
    for index, (code, message) in tally.errors.items():
        errors[index] = ItemError(code=code, message=message)
    return ContactBatchOut(
        created=tally.created,
        updated=tally.updated,
        unchanged=tally.unchanged + len(repeats),
        errors=[BatchError(index=i, error=errors[i]) for i in sorted(errors)],
    )


def _member(workspace_id: str, list_id: str, email: str) -> ContactOut:
    _load(workspace_id, list_id)
    contact = contacts.find(workspace_id, email)
    if contact is None or list_id not in (contact.get("lists") or {}):
        raise NotFound("subscriber", email)
    return ContactOut.from_item(contact)


def get_subscriber(workspace_id: str, list_id: str, email: str) -> ContactOut:
    return _member(workspace_id, list_id, email)


def unsubscribe(workspace_id: str, list_id: str, email: str) -> ContactOut:
    """A subscriber is unsubscribed; a pending signup is withdrawn (as if it had lapsed: it was never a
    subscription)."""
    member = _member(workspace_id, list_id, email)
    was = next(m.status for m in member.lists if m.list_id == list_id)
    if was == "pending":
        contacts.end_pending(workspace_id, member.id, list_id)
        return member
    return unsubscribe_contact(workspace_id, member.id, list_id, was)


def unsubscribe_contact(
    workspace_id: str, contact_id: str, list_id: str, was: str | None, **context: str
) -> ContactOut:
    """Unsubscribe a contact from a list (API, or a link in a message); its activity shows it when the
    status changes (`was`: the status read before). `context`: what the entry also says (the campaign)."""
    after = contacts.set_list_status(workspace_id, contact_id, list_id, "unsubscribed")
    if was != "unsubscribed":
        # One write, only for a change. Two requests racing on one contact may both write it: rare, and
        # an entry too many is all it costs.
        contacts.record_activity(workspace_id, contact_id, "unsubscribed", {"list_id": list_id, **context})
    return after


def members(
    workspace_id: str, list_id: str, status: str, limit: int, cursor: str | None
) -> tuple[list[ContactOut], str | None]:
    _load(workspace_id, list_id)
    return contacts.list_members_page(workspace_id, list_id, status, limit, cursor)
