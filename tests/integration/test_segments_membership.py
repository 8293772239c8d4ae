"""Segment membership follows contacts in real time, through the contacts stream and the jobs queue."""

from __future__ import annotations

from datetime import date

import pytest

from functions.contacts.handler import handler as contacts_handler
from functions.core import events
from functions.core.auth import Caller
from functions.segments.handler import handler as segments_handler
from tests.integration.conftest import Background, Client

PRO = {
    "match": "all",
    "groups": [
        {"match": "all", "conditions": [{"field": "attributes.plan", "operator": "eq", "value": "pro"}]}
    ],
}


@pytest.fixture
def contacts(workspace: Caller) -> Client:
    return Client(contacts_handler, workspace)


@pytest.fixture
def segments(workspace: Caller) -> Client:
    return Client(segments_handler, workspace)


def member_emails(segments: Client, segment_id: str) -> set[str]:
    reply = segments.get(f"/v1/segments/{segment_id}/contacts?limit=100")
    assert reply.status == 200, reply.body
    return {c["email"] for c in reply.data}


def test_a_new_segment_is_built_from_existing_contacts_then_ready(
    contacts: Client, segments: Client, background: Background
) -> None:
    contacts.post("/v1/contacts", {"email": "pro@example.com", "attributes": {"plan": "pro"}})
    contacts.post("/v1/contacts", {"email": "free@example.com", "attributes": {"plan": "free"}})
    background.settle()

    created = segments.post("/v1/segments", {"name": "Pro", "rules": PRO})
    assert created.status == 201, created.body
    assert created.data["status"] == "building"
    background.settle()

    segment = segments.get(f"/v1/segments/{created.data['id']}").data
    assert segment["status"] == "ready"
    assert segment["contacts_count"] == 1
    assert member_emails(segments, segment["id"]) == {"pro@example.com"}


def test_membership_follows_a_contact_change_and_emits_entered_and_exited(
    contacts: Client, segments: Client, background: Background
) -> None:
    segment_id = segments.post("/v1/segments", {"name": "Pro", "rules": PRO}).data["id"]
    background.settle()
    contact = contacts.post("/v1/contacts", {"email": "ann@example.com", "attributes": {"plan": "free"}}).data
    background.settle()
    assert member_emails(segments, segment_id) == set()

    contacts.patch(f"/v1/contacts/{contact['id']}", {"attributes": {"plan": "pro"}})
    background.settle()
    assert member_emails(segments, segment_id) == {"ann@example.com"}
    assert segments.get(f"/v1/segments/{segment_id}").data["contacts_count"] == 1

    contacts.patch(f"/v1/contacts/{contact['id']}", {"attributes": {"plan": "free"}})
    background.settle()
    assert member_emails(segments, segment_id) == set()
    assert segments.get(f"/v1/segments/{segment_id}").data["contacts_count"] == 0

    kinds = [e["type"] for e in events.recent(contacts.caller.workspace_id, date.today().isoformat())]
    assert kinds.count("segment.entered") == 1
    assert kinds.count("segment.exited") == 1
