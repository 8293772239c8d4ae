"""A contact's activity: its own entries merged with the campaign messages it was sent.

A campaign message is not written to the contact's activity when it is sent, delivered, opened or
clicked: its recipient record already says when (`sent_at`, `delivered_at`, and the first `opened_at` and
`clicked_at`, each written by the write that moves or counts it anyway), so the activity reads it from
there. A recipient then costs no write of its own (one is about a sixth of what sending a campaign costs
on AWS besides SES, and each open or click would be one more), and reading a contact's activity, which is
rare, reads the index of the workspace's started campaigns (a small item each) and the contact's records
in them (BatchGetItem) instead. Bounces and complaints are in the contact's own entries (feedback.py
writes them), so they are not read from the record twice.

Entries are newest first; a cursor holds the position of the last one returned. A position never
changes (each time is written once) and no two are equal, so paging neither repeats nor skips an entry.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from functions.campaigns import recipients, store
from functions.contacts import service as contacts
from functions.core import pagination, rendering
from functions.core.clock import iso, now
from functions.core.errors import Invalid, NotFound


def activity(
    workspace_id: str, id_or_email: str, limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    """A page of the contact's activity, newest first, and the cursor of the next page (None at the end)."""
    contact = contacts.find(workspace_id, id_or_email)
    if contact is None:
        raise NotFound("contact", id_or_email)
    scope = f"activity:{workspace_id}:{contact['id']}"
    before = (pagination.decode(scope, cursor) or {}).get("before")
    own = contacts.activity_before(workspace_id, contact["id"], before, limit + 1)
    read = from_campaigns(workspace_id, contact)
    theirs = [m for m in read if before is None or m["position"] < before]
    merged = sorted(own + theirs, key=lambda e: e["position"], reverse=True)
    page, more = merged[:limit], len(merged) > limit
    return page, pagination.encode(scope, {"before": page[-1]["position"]}) if more else None


# What a campaign message's record tells after it was sent, in the order it happens: the rank orders
# entries of the same second (times are to the second) as they happened.
FOLLOWING = (("delivered", "delivered_at"), ("opened", "opened_at"), ("clicked", "clicked_at"))


def _position(at: str, campaign_id: str, rank: int = 0) -> str:
    """Where a campaign entry sorts. Within one second it sorts before the contact's own entries (`-` before
    the digit an id starts with, its position being `<time>#<id>`): a bounce or an unsubscribe answering a
    message shows as newer than the message."""
    return f"{at}#-campaign-{campaign_id}" + (f"#{rank}" if rank else "")


def from_campaigns(workspace_id: str, contact: dict[str, Any]) -> list[dict[str, Any]]:
    """The contact's campaign messages within the activity's retention, as activity entries: each one
    sent, and its delivery, first open and first click."""
    oldest = iso(now() - timedelta(days=contacts.ACTIVITY_RETENTION_DAYS))
    campaigns = {c["id"]: c for c in store.started_since(workspace_id, oldest)}
    records = recipients.of_contact(workspace_id, list(campaigns), contact["id"])
    entries = []
    for campaign_id, record in records.items():
        if record.get("state") not in recipients.SENT_STATES or not record.get("sent_at"):
            continue
        subject = _subject(str(campaigns[campaign_id].get("subject") or ""), contact)
        data = {"campaign_id": campaign_id, "subject": subject}
        sent = _position(record["sent_at"], campaign_id)
        entries.append(_entry(f"campaign-{campaign_id}", "sent", record["sent_at"], data, sent))
        for rank, (kind, field) in enumerate(FOLLOWING, start=1):
            at = record.get(field)
            if not at:
                continue  # not yet; or delivered before deliveries had their time (none is shown)
            extra = {"url": record["clicked_url"]} if kind == "clicked" and record.get("clicked_url") else {}
            position = _position(at, campaign_id, rank)
            entries.append(_entry(f"campaign-{campaign_id}-{kind}", kind, at, {**data, **extra}, position))
    return entries


def _entry(entry_id: str, kind: str, at: str, data: dict[str, Any], position: str) -> dict[str, Any]:
    return {"id": entry_id, "type": kind, "occurred_at": at, "data": data, "position": position}


def _subject(source: str, contact: dict[str, Any]) -> str:
    """The campaign's subject as rendered for the contact (with its values now; a missing one empty)."""
    try:
        parsed = rendering.parse(source, html=False, part="subject")
        return rendering.render(
            parsed, {**dict.fromkeys(parsed.names, ""), **rendering.contact_variables(contact)}
        )
    except Invalid:
        return source
