"""POST /v1/contacts/batch: up to 1,000 upserts in one call, written many to a transaction; per-item errors;
the same body twice changes nothing; email uniqueness and counters stay exact when writers race."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from functions.contacts import bulk
from functions.contacts.handler import handler
from functions.contacts.models import ContactUpsert
from functions.core.auth import Caller
from functions.lists.handler import handler as lists_handler
from tests.integration.conftest import Client
from tests.integration.test_contacts_upsert import table_items
from tests.integration.test_lists import LIST


@pytest.fixture
def api(workspace: Caller) -> Client:
    return Client(handler, workspace)


@pytest.fixture
def lists(workspace: Caller) -> Client:
    return Client(lists_handler, workspace)


def today_stats(api: Client) -> dict[str, Any]:
    return api.get("/v1/contacts/stats").data[-1]


def email_items(workspace_id: str) -> list[str]:
    prefix = f"WS#{workspace_id}#E#"
    return sorted(i["pk"].removeprefix(prefix) for i in table_items() if i["pk"].startswith(prefix))


def test_a_batch_creates_updates_and_reports_bad_items_by_index(api: Client) -> None:
    api.post("/v1/contacts", {"email": "old@example.com", "first_name": "Old"})

    reply = api.post(
        "/v1/contacts/batch",
        {
            "contacts": [
                {
                    "email": "Ann@Example.com",
                    "first_name": "Ann",
                    "attributes": {"plan": "pro"},
                    "tags": ["a"],
                },
                {"email": "old@example.com", "last_name": "Timer"},
                {"email": "not an email"},
                "not a contact",
                {"email": "bo@example.com", "lists": ["01a20000-0000-7000-8000-00000000dead"]},
                {"email": "ann@example.com", "tags": ["b"]},  # the same email again: applied onto the first
            ]
        },
    )

    assert reply.status == 200, reply.body
    assert (reply.data["created"], reply.data["updated"], reply.data["unchanged"]) == (1, 1, 1)
    errors = {e["index"]: e["error"] for e in reply.data["errors"]}
    assert sorted(errors) == [2, 3, 4]
    assert errors[2]["code"] == "validation_failed"
    assert errors[2]["fields"][0]["field"] == "email"
    assert errors[4]["code"] == "list_not_found"
    ann = api.get("/v1/contacts/ann@example.com").data
    assert (ann["first_name"], ann["attributes"], ann["tags"]) == ("Ann", {"plan": "pro"}, ["a", "b"])
    old = api.get("/v1/contacts/old@example.com").data
    assert (old["first_name"], old["last_name"]) == ("Old", "Timer")
    assert api.get("/v1/contacts/bo@example.com").status == 404  # refused, so not written
    assert api.get("/v1/contacts?limit=100").data.__len__() == 2


def test_the_same_body_twice_changes_nothing_the_second_time(api: Client) -> None:
    body = {"contacts": [{"email": f"c{i}@example.com", "first_name": f"C{i}"} for i in range(250)]}

    first = api.post("/v1/contacts/batch", body)
    before = {c["email"]: c for c in api.get("/v1/contacts?limit=100").data}
    second = api.post("/v1/contacts/batch", body)

    assert (first.data["created"], first.data["updated"], first.data["unchanged"]) == (250, 0, 0)
    assert (second.data["created"], second.data["updated"], second.data["unchanged"]) == (0, 0, 250)
    after = {c["email"]: c for c in api.get("/v1/contacts?limit=100").data}
    assert after == before  # not even updated_at moved
    assert (today_stats(api)["added"], today_stats(api)["sum"]) == (250, 250)
    assert len(email_items(api.caller.workspace_id)) == 250


def test_a_batch_subscribes_to_lists_checks_their_fields_and_counts_members(
    api: Client, lists: Client
) -> None:
    list_id = lists.post("/v1/lists", LIST).data["id"]
    field = {"tag": "city", "label": "City", "type": "text", "required": True}
    assert lists.post(f"/v1/lists/{list_id}/fields", field).status == 201
    gone = api.post("/v1/contacts", {"email": "gone@example.com", "attributes": {"city": "Oslo"}}).data
    lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "gone@example.com"})
    lists.delete(f"/v1/lists/{list_id}/subscribers/gone@example.com")  # unsubscribed from the list

    reply = api.post(
        "/v1/contacts/batch",
        {
            "contacts": [
                {"email": "a@example.com", "attributes": {"city": "Oslo"}, "lists": [list_id]},
                {"email": "b@example.com", "lists": [list_id]},  # misses the required field
                {"email": "gone@example.com", "lists": [list_id]},  # not subscribed again
            ]
        },
    )

    assert reply.status == 200, reply.body
    assert [e["index"] for e in reply.data["errors"]] == [1]
    assert "City is required" in reply.data["errors"][0]["error"]["message"]
    counted = lists.get(f"/v1/lists/{list_id}").data
    assert (counted["subscribers_count"], counted["unsubscribed_count"]) == (1, 1)
    members = lists.get(f"/v1/lists/{list_id}/subscribers").data
    assert {m["email"] for m in members if any(x["status"] == "subscribed" for x in m["lists"])} == {
        "a@example.com"
    }
    assert api.get(f"/v1/contacts/{gone['id']}").data["lists"][0]["status"] == "unsubscribed"


@pytest.mark.parametrize(
    "body",
    [{"contacts": []}, {"contacts": [{"email": "a@example.com"}] * 1001}, {"contacts": {}}, {}],
    ids=["empty", "1001 contacts", "not a list", "no contacts"],
)
def test_a_body_that_is_not_1_to_1000_contacts_is_refused(api: Client, body: dict[str, Any]) -> None:
    reply = api.post("/v1/contacts/batch", body)

    assert reply.status == 400
    assert reply.error["fields"][0]["field"] == "contacts"


def test_racing_batches_and_single_upserts_keep_one_contact_per_email_and_exact_counts(api: Client) -> None:
    """Three writers at once over the same 60 emails: two bulk writers and the single-contact API."""
    ws = api.caller.workspace_id
    emails = [f"r{i:02d}@example.com" for i in range(60)]
    barrier = threading.Barrier(3)

    def bulk_writer(name: str) -> bulk.Tally:
        rows = [bulk.Row(i, ContactUpsert(email=e, first_name=name)) for i, e in enumerate(emails)]
        barrier.wait()
        return bulk.upsert_many(ws, rows)

    def single_writer() -> int:
        barrier.wait()
        return sum(
            api.post("/v1/contacts", {"email": e, "last_name": "S"}).status == 201 for e in emails[::3]
        )

    with ThreadPoolExecutor(3) as pool:
        one, two = pool.submit(bulk_writer, "One"), pool.submit(bulk_writer, "Two")
        singles = pool.submit(single_writer)
        tallies, created_by_api = [one.result(), two.result()], singles.result()

    assert all(not t.errors for t in tallies)
    assert sum(t.created for t in tallies) + created_by_api == 60  # each email created exactly once
    assert email_items(ws) == emails
    contacts = [i for i in table_items() if i["pk"].startswith(f"WS#{ws}#S#")]
    assert sorted(c["email"] for c in contacts) == emails
    assert (today_stats(api)["added"], today_stats(api)["sum"]) == (60, 60)


def test_a_contact_subscribed_to_more_lists_than_one_transaction_holds_is_refused_alone(
    api: Client, lists: Client
) -> None:
    list_ids = [lists.post("/v1/lists", LIST).data["id"] for _ in range(49)]

    reply = api.post(
        "/v1/contacts/batch",
        {
            "contacts": [
                {"email": "many@example.com", "lists": list_ids},
                {"email": "few@example.com", "lists": list_ids[:48]},
            ]
        },
    )

    assert reply.status == 200, reply.body
    assert [(e["index"], e["error"]["code"]) for e in reply.data["errors"]] == [(0, "too_many_lists")]
    assert reply.data["created"] == 1
    assert len(api.get("/v1/contacts/few@example.com").data["lists"]) == 48
