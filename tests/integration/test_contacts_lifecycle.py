"""Contacts under concurrency, erased, tagged, with activity and daily stats, and kept apart per workspace."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from boto3.dynamodb.conditions import Key

from functions.contacts import service, store
from functions.contacts.handler import handler
from functions.contacts.models import ContactUpsert
from functions.core import aws
from functions.core.auth import Caller
from tests.integration.conftest import Client

TODAY = lambda: datetime.now(UTC).date().isoformat()  # noqa: E731


@pytest.fixture
def api(workspace: Caller) -> Client:
    return Client(handler, workspace)


def day(stats: list[dict], date: str) -> dict:
    return next(d for d in stats if d["date"] == date)


def test_twenty_simultaneous_upserts_of_one_email_leave_one_contact(api: Client) -> None:
    # Twenty Lambda instances at once: each thread runs the service, as each instance would.
    barrier = threading.Barrier(20)

    def upsert(i: int) -> bool:
        barrier.wait()
        return service.upsert(
            api.caller.workspace_id, ContactUpsert(email="race@example.com", attributes={f"k{i}": i})
        )[1]

    with ThreadPoolExecutor(20) as pool:
        created = list(pool.map(upsert, range(20)))

    assert sorted(created) == [False] * 19 + [True]
    listed = api.get("/v1/contacts?limit=100").data
    assert [c["email"] for c in listed] == ["race@example.com"]
    assert day(api.get("/v1/contacts/stats").data, TODAY())["sum"] == 1
    assert len(api.get("/v1/contacts/race@example.com").data["attributes"]) == 20  # no update was lost


def test_delete_erases_the_contact_its_email_tags_memberships_and_activity(api: Client) -> None:
    contact = api.post("/v1/contacts", {"email": "gone@example.com", "tags": ["vip"]}).data
    ws = api.caller.workspace_id
    list_id = "01a20000-0000-7000-8000-000000000001"
    service.set_list_status(ws, contact["id"], list_id, "subscribed")  # as a list subscription does
    service.record_activity(ws, contact["id"], "sent", {"subject": "Hello"})

    assert api.delete(f"/v1/contacts/{contact['id']}").body == {"ok": True}

    assert api.get(f"/v1/contacts/{contact['id']}").status == 404
    assert api.get("/v1/contacts/gone@example.com").status == 404
    table = aws.table("contacts")
    for key in (store.membership_key(ws, list_id, contact["id"]), store.contact_key(ws, contact["id"])):
        assert "Item" not in table.get_item(Key=key)
    activity = table.query(KeyConditionExpression=Key("pk").eq(f"WS#{ws}#ACT#{contact['id']}"))["Items"]
    assert activity == []
    assert store.counts(store.list_prefix(ws, list_id)).get("subscribed") == 0
    assert api.delete(f"/v1/contacts/{contact['id']}").status == 404

    again = api.post("/v1/contacts", {"email": "gone@example.com"})
    assert again.status == 201
    assert again.data["id"] != contact["id"]
    assert again.data["tags"] == []


def test_tags_are_added_and_removed(api: Client) -> None:
    contact = api.post("/v1/contacts", {"email": "tags@example.com", "tags": ["a"]}).data
    added = api.post(f"/v1/contacts/{contact['id']}/tags", {"tags": ["b", " c "]})
    assert added.status == 200
    assert added.data["tags"] == ["a", "b", "c"]
    removed = api.delete(f"/v1/contacts/{contact['id']}/tags/a")
    assert removed.data["tags"] == ["b", "c"]
    assert api.post(f"/v1/contacts/{contact['id']}/tags", {"tags": []}).status == 400
    unknown = "01a20000-0000-7000-8000-00000000dead"
    assert api.post(f"/v1/contacts/{unknown}/tags", {"tags": ["x"]}).status == 404
    assert api.delete(f"/v1/contacts/{unknown}/tags/x").status == 404


def test_too_many_tags_in_total_is_refused(api: Client) -> None:
    contact = api.post(
        "/v1/contacts", {"email": "many@example.com", "tags": [f"t{i}" for i in range(95)]}
    ).data
    refused = api.post(f"/v1/contacts/{contact['id']}/tags", {"tags": [f"n{i}" for i in range(10)]})
    assert refused.status == 400
    assert len(api.get(f"/v1/contacts/{contact['id']}").data["tags"]) == 95


def test_activity_lists_what_happened_newest_first_page_by_page(api: Client) -> None:
    contact = api.post("/v1/contacts", {"email": "busy@example.com"}).data
    for i in range(5):
        service.record_activity(
            api.caller.workspace_id, contact["id"], "opened", {"n": i}, occurred_at=f"2026-11-2{i}T10:00:00Z"
        )
    first = api.get(f"/v1/contacts/{contact['id']}/activity?limit=3")
    assert [a["data"]["n"] for a in first.data] == [4, 3, 2]
    rest = api.get(f"/v1/contacts/{contact['id']}/activity?limit=3&cursor={first.body['next_cursor']}")
    assert [a["data"]["n"] for a in rest.data] == [1, 0]
    assert rest.body["next_cursor"] is None
    assert api.get("/v1/contacts/01a20000-0000-7000-8000-00000000dead/activity").status == 404


def test_stats_count_added_unsubscribed_bounced_deleted_and_the_running_sum(api: Client) -> None:
    ws = api.caller.workspace_id
    ids = [api.post("/v1/contacts", {"email": f"s{i}@example.com"}).data["id"] for i in range(4)]
    api.patch(f"/v1/contacts/{ids[0]}", {"status": "unsubscribed"})
    service.set_status(ws, ids[1], "bounced")
    api.delete(f"/v1/contacts/{ids[2]}")
    yesterday = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()

    stats = api.get(f"/v1/contacts/stats?start_date={yesterday}")
    assert stats.status == 200
    assert stats.data[0] == {
        "date": yesterday,
        "added": 0,
        "unsubscribed": 0,
        "bounced": 0,
        "deleted": 0,
        "sum": 0,
    }
    assert day(stats.data, TODAY()) == {
        "date": TODAY(),
        "added": 4,
        "unsubscribed": 1,
        "bounced": 1,
        "deleted": 1,
        "sum": 3,
    }


@pytest.mark.parametrize("start", ["2999-01-01", "yesterday", "2020-01-01", "2026-13-01"])
def test_a_bad_start_date_is_400(api: Client, start: str) -> None:
    reply = api.get(f"/v1/contacts/stats?start_date={start}")
    assert reply.status == 400
    assert reply.error["code"] == "validation_failed"


def test_another_workspace_cannot_see_or_touch_a_contact(api: Client, other_workspace: Caller) -> None:
    contact = api.post("/v1/contacts", {"email": "mine@example.com"}).data
    other = api.as_(other_workspace)
    assert other.get(f"/v1/contacts/{contact['id']}").status == 404
    assert other.get("/v1/contacts/mine@example.com").status == 404
    assert other.patch(f"/v1/contacts/{contact['id']}", {"first_name": "X"}).status == 404
    assert other.delete(f"/v1/contacts/{contact['id']}").status == 404
    assert other.post(f"/v1/contacts/{contact['id']}/tags", {"tags": ["x"]}).status == 404
    assert other.get("/v1/contacts").data == []
    created = other.post("/v1/contacts", {"email": "mine@example.com"})
    assert created.status == 201  # the same email is a different contact there
    assert created.data["id"] != contact["id"]
    assert api.get(f"/v1/contacts/{contact['id']}").data["first_name"] is None
