"""A contact's activity: its own entries merged with the campaign messages it was sent.

A campaign message is not written to the contact's activity when it is sent: its recipient record
already says when (`sent_at`), so the activity reads it from there. A recipient then costs one write less
(about a sixth of what sending a campaign costs on AWS besides SES), and reading a contact's activity,
which is rare, reads the index of the workspace's started campaigns (a small item each) and the
contact's records in them (BatchGetItem) instead. Entries are newest first; a cursor holds the
position of the last one returned.
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
    sent = [m for m in sent_to(workspace_id, contact) if before is None or m["position"] < before]
    merged = sorted(own + sent, key=lambda e: e["position"], reverse=True)
    page, more = merged[:limit], len(merged) > limit
    return page, pagination.encode(scope, {"before": page[-1]["position"]}) if more else None


def sent_to(workspace_id: str, contact: dict[str, Any]) -> list[dict[str, Any]]:
    """The campaign messages sent to the contact within the activity's retention, as activity entries."""
    oldest = iso(now() - timedelta(days=contacts.ACTIVITY_RETENTION_DAYS))
    campaigns = {c["id"]: c for c in store.started_since(workspace_id, oldest)}
    records = recipients.of_contact(workspace_id, list(campaigns), contact["id"])
    entries = []
    for campaign_id, record in records.items():
        if record.get("state") not in recipients.SENT_STATES or not record.get("sent_at"):
            continue
        subject = _subject(str(campaigns[campaign_id].get("subject") or ""), contact)
        entries.append(
            {
                "id": f"campaign-{campaign_id}",
                "type": "sent",
                "occurred_at": record["sent_at"],
                "data": {"campaign_id": campaign_id, "subject": subject},
                "position": f"{record['sent_at']}#campaign-{campaign_id}",
            }
        )
    return entries


def _subject(source: str, contact: dict[str, Any]) -> str:
    """The campaign's subject as rendered for the contact (with its values now; a missing one empty)."""
    try:
        parsed = rendering.parse(source, html=False, part="subject")
        return rendering.render(
            parsed, {**dict.fromkeys(parsed.names, ""), **rendering.contact_variables(contact)}
        )
    except Invalid:
        return source
