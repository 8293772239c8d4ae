"""Segments: definitions, hand-linked members, preview, rebuilds, deletion, isolation."""

from __future__ import annotations

import pytest

from functions.contacts.handler import handler as contacts_handler
from functions.core.auth import Caller
from functions.lists.handler import handler as lists_handler
from functions.segments import worker
from functions.segments.handler import handler
from tests.builders import LambdaContext
from tests.integration.conftest import Background, Client


def rules(*conditions: dict, match: str = "all") -> dict:
    return {"match": match, "groups": [{"match": "all", "conditions": list(conditions)}]}


PRO = rules({"field": "attributes.plan", "operator": "eq", "value": "pro"})


@pytest.fixture
def api(workspace: Caller) -> Client:
    return Client(handler, workspace)


@pytest.fixture
def contacts(workspace: Caller) -> Client:
    return Client(contacts_handler, workspace)


def members(api: Client, segment_id: str) -> set[str]:
    return {c["email"] for c in api.get(f"/v1/segments/{segment_id}/contacts?limit=100").data}


def test_a_segment_is_created_read_changed_and_deleted(api: Client, background: Background) -> None:
    created = api.post("/v1/segments", {"name": "Pro", "description": "Paying", "rules": PRO})
    assert created.status == 201
    segment_id = created.data["id"]
    background.settle()
    assert api.get(f"/v1/segments/{segment_id}").data["status"] == "ready"
    assert api.patch(f"/v1/segments/{segment_id}", {"name": "Paying"}).data["name"] == "Paying"
    assert segment_id in {s["id"] for s in api.get("/v1/segments").data}
    assert api.delete(f"/v1/segments/{segment_id}").body == {"ok": True}
    assert api.get(f"/v1/segments/{segment_id}").status == 404


@pytest.mark.parametrize(
    ("condition", "where"),
    [
        (
            {"field": "attributes.plan", "operator": "shines", "value": 1},
            "rules.groups.0.conditions.0.operator",
        ),
        ({"field": "colour", "operator": "eq", "value": "red"}, "rules.groups.0.conditions.0"),
        ({"field": "email", "operator": "has_tag", "value": "x"}, "rules.groups.0.conditions.0"),
        (
            {"field": "created_at", "operator": "within_last_days", "value": "week"},
            "rules.groups.0.conditions.0",
        ),
    ],
)
def test_an_invalid_rule_is_400_naming_the_condition(api: Client, condition: dict, where: str) -> None:
    reply = api.post("/v1/segments", {"name": "Bad", "rules": rules(condition)})
    assert reply.status == 400
    assert reply.error["fields"][0]["field"] == where
    assert api.get("/v1/segments").data == []


def test_a_list_scoped_segment_only_holds_that_lists_subscribers(
    workspace: Caller, api: Client, contacts: Client, background: Background
) -> None:
    lists = Client(lists_handler, workspace)
    news = lists.post("/v1/lists", {"name": "N", "from_name": "A", "from_email": "a@example.com"}).data["id"]
    lists.post(f"/v1/lists/{news}/subscribers", {"email": "in@example.com", "attributes": {"plan": "pro"}})
    contacts.post("/v1/contacts", {"email": "out@example.com", "attributes": {"plan": "pro"}})
    segment_id = api.post("/v1/segments", {"name": "Pro news", "list_id": news, "rules": PRO}).data["id"]
    background.settle()
    assert members(api, segment_id) == {"in@example.com"}
    assert (
        api.post("/v1/segments", {"name": "x", "list_id": "01a20000-0000-7000-8000-00000000dead"}).status
        == 404
    )


def test_contacts_are_linked_by_hand_and_unlinked_without_being_deleted(
    api: Client, contacts: Client, background: Background
) -> None:
    segment_id = api.post("/v1/segments", {"name": "VIP"}).data["id"]
    ann = contacts.post("/v1/contacts", {"email": "ann@example.com"}).data
    first = api.post(f"/v1/segments/{segment_id}/contacts", {"contact_id": ann["id"]})
    assert first.status == 201
    assert api.post(f"/v1/segments/{segment_id}/contacts", {"contact_id": ann["id"]}).status == 200
    by_email = api.post(
        f"/v1/segments/{segment_id}/contacts", {"email": "new@example.com", "first_name": "New"}
    )
    assert by_email.status == 201
    assert contacts.get("/v1/contacts/new@example.com").data["first_name"] == "New"
    background.settle()
    assert members(api, segment_id) == {"ann@example.com", "new@example.com"}
    assert api.get(f"/v1/segments/{segment_id}").data["contacts_count"] == 2
    assert {c["email"] for c in contacts.get(f"/v1/contacts?segment_id={segment_id}").data} == members(
        api, segment_id
    )

    assert api.delete(f"/v1/segments/{segment_id}/contacts/{ann['id']}").body == {"ok": True}
    assert members(api, segment_id) == {"new@example.com"}
    assert contacts.get(f"/v1/contacts/{ann['id']}").status == 200
    assert api.delete(f"/v1/segments/{segment_id}/contacts/{ann['id']}").status == 404
    assert (
        api.post(f"/v1/segments/{segment_id}/contacts", {"contact_id": ann["id"], "email": "a@b.com"}).status
        == 400
    )


def test_a_member_by_rules_cannot_be_unlinked(api: Client, contacts: Client, background: Background) -> None:
    segment_id = api.post("/v1/segments", {"name": "Pro", "rules": PRO}).data["id"]
    pro = contacts.post("/v1/contacts", {"email": "pro@example.com", "attributes": {"plan": "pro"}}).data
    background.settle()
    reply = api.delete(f"/v1/segments/{segment_id}/contacts/{pro['id']}")
    assert reply.status == 409
    assert reply.error["code"] == "member_by_rules"


def test_new_rules_rebuild_the_membership(api: Client, contacts: Client, background: Background) -> None:
    contacts.post("/v1/contacts", {"email": "pro@example.com", "attributes": {"plan": "pro"}})
    contacts.post("/v1/contacts", {"email": "free@example.com", "attributes": {"plan": "free"}})
    segment_id = api.post("/v1/segments", {"name": "Plan", "rules": PRO}).data["id"]
    background.settle()
    assert members(api, segment_id) == {"pro@example.com"}
    free = rules({"field": "attributes.plan", "operator": "eq", "value": "free"})
    assert api.patch(f"/v1/segments/{segment_id}", {"rules": free}).data["status"] == "building"
    background.settle()
    assert members(api, segment_id) == {"free@example.com"}
    assert api.get(f"/v1/segments/{segment_id}").data["status"] == "ready"


def test_deleting_a_segment_drops_memberships_not_contacts(
    api: Client, contacts: Client, background: Background
) -> None:
    segment_id = api.post("/v1/segments", {"name": "Pro", "rules": PRO}).data["id"]
    contacts.post("/v1/contacts", {"email": "pro@example.com", "attributes": {"plan": "pro"}})
    background.settle()
    api.delete(f"/v1/segments/{segment_id}")
    background.settle()
    assert contacts.get("/v1/contacts/pro@example.com").status == 200
    assert contacts.get(f"/v1/contacts?segment_id={segment_id}").data == []


def test_preview_counts_and_samples_what_the_rules_match_now(api: Client, contacts: Client) -> None:
    for i in range(12):
        contacts.post(
            "/v1/contacts", {"email": f"p{i}@example.com", "attributes": {"plan": "pro" if i % 2 else "free"}}
        )
    reply = api.post("/v1/segments/preview", {"rules": PRO})
    assert reply.status == 200
    assert reply.data["count"] == 6
    assert {c["attributes"]["plan"] for c in reply.data["sample"]} == {"pro"}
    assert (
        api.post(
            "/v1/segments/preview", {"rules": rules({"field": "x", "operator": "eq", "value": 1})}
        ).status
        == 400
    )


def test_a_stream_batch_delivered_twice_changes_and_emits_once(
    api: Client, contacts: Client, background: Background
) -> None:
    from datetime import date

    from functions.core import events

    segment_id = api.post("/v1/segments", {"name": "Pro", "rules": PRO}).data["id"]
    background.settle()
    contacts.post("/v1/contacts", {"email": "twice@example.com", "attributes": {"plan": "pro"}})
    poller = background.streams["contacts"]
    delivered: list[dict] = []
    original = poller.handler
    poller.handler = lambda event, context: (delivered.append(event), original(event, context))[1]
    background.settle()
    for event in delivered:  # Lambda may deliver a batch again: nothing changes twice
        worker.handler(event, LambdaContext())
    assert api.get(f"/v1/segments/{segment_id}").data["contacts_count"] == 1
    kinds = [e["type"] for e in events.recent(api.caller.workspace_id, date.today().isoformat())]
    assert kinds.count("segment.entered") == 1


def test_another_workspace_cannot_reach_a_segment(api: Client, other_workspace: Caller) -> None:
    segment_id = api.post("/v1/segments", {"name": "Mine"}).data["id"]
    other = api.as_(other_workspace)
    assert other.get(f"/v1/segments/{segment_id}").status == 404
    assert other.get(f"/v1/segments/{segment_id}/contacts").status == 404
    assert other.post(f"/v1/segments/{segment_id}/contacts", {"email": "a@example.com"}).status == 404
    assert other.delete(f"/v1/segments/{segment_id}").status == 404
    assert other.get("/v1/segments").data == []
