"""POST /v1/events and /v1/events/batch: an event is accepted with one write into the event inbox; once the
inbox's stream is delivered (`background.settle()`), it is in the contact's activity and its events summary,
counted once per id (and once however often the stream delivers it), its contact created as an upsert would,
and segment membership follows through the contacts stream."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from boto3.dynamodb.conditions import Key

from functions.contacts.handler import handler as contacts_handler
from functions.core import aws, events
from functions.core.auth import Caller
from functions.core.dynamo import plain
from functions.events import service
from functions.events.handler import handler as events_handler
from functions.events.models import EventIn
from functions.segments.handler import handler as segments_handler
from tests.integration.conftest import Background, Client


@pytest.fixture
def api(workspace: Caller) -> Client:
    return Client(events_handler, workspace)


@pytest.fixture
def contacts(workspace: Caller) -> Client:
    return Client(contacts_handler, workspace)


@pytest.fixture
def settle(background: Background) -> Any:
    """Deliver the streams: what the event-apply worker (and those after it) would do within a second."""
    return background.settle


def ago(**delta: float) -> str:
    return (datetime.now(UTC) - timedelta(**delta)).strftime("%Y-%m-%dT%H:%M:%SZ")


def activity(contacts: Client, contact: str) -> list[dict[str, Any]]:
    reply = contacts.get(f"/v1/contacts/{contact}/activity?limit=100")
    assert reply.status == 200, reply.body
    return reply.data


def summary(contacts: Client, contact: str, name: str) -> dict[str, Any] | None:
    return contacts.get(f"/v1/contacts/{contact}").data["events"].get(name)


def test_an_event_for_a_new_email_creates_the_contact_and_shows_in_its_activity(
    api: Client, contacts: Client, settle: Any
) -> None:
    reply = api.post(
        "/v1/events",
        {"email": "Ann@Example.com", "name": "signed_up", "properties": {"plan": "pro", "seats": 3}},
    )

    assert reply.status == 202, reply.body
    event = reply.data
    assert (event["email"], event["contact_id"]) == ("ann@example.com", None)  # not resolved yet
    assert contacts.get("/v1/contacts/ann@example.com").status == 404  # nor created: the worker does it
    settle()
    contact = contacts.get("/v1/contacts/ann@example.com").data
    assert (event["name"], event["properties"]) == ("signed_up", {"plan": "pro", "seats": 3})
    assert event["occurred_at"] == event["received_at"]
    assert [(a["id"], a["type"], a["occurred_at"]) for a in activity(contacts, contact["id"])] == [
        (event["id"], "event", event["occurred_at"])
    ]
    assert activity(contacts, contact["id"])[0]["data"]["properties"] == {"plan": "pro", "seats": 3}
    today = datetime.now(UTC).date().isoformat()
    kinds = [e["type"] for e in events.recent(api.caller.workspace_id, today)]
    assert kinds.count("contact.created") == 1  # made as an upsert makes it
    assert kinds.count("event.created") == 1  # what automations will follow


def test_the_summary_counts_and_keeps_the_first_and_last_time_whatever_the_arrival_order(
    api: Client, contacts: Client, settle: Any
) -> None:
    contact = contacts.post("/v1/contacts", {"email": "bo@example.com", "first_name": "Bo"}).data
    times = [ago(days=2), ago(days=5), ago(days=1), ago(days=3)]
    for at in times:
        reply = api.post("/v1/events", {"contact_id": contact["id"], "name": "viewed", "occurred_at": at})
        assert reply.status == 202, reply.body
        assert reply.data["contact_id"] == contact["id"]
    settle()

    after = contacts.get(f"/v1/contacts/{contact['id']}").data
    assert after["events"]["viewed"] == {"count": 4, "first_at": min(times), "last_at": max(times)}
    assert after["updated_at"] == contact["updated_at"]  # an event is not a change of the contact's fields
    # Newest first by when they happened, not by when they arrived.
    assert [a["occurred_at"] for a in activity(contacts, contact["id"])] == sorted(times, reverse=True)


def test_a_later_change_of_the_contact_keeps_its_events(api: Client, contacts: Client, settle: Any) -> None:
    api.post("/v1/events", {"email": "cy@example.com", "name": "paid"})
    settle()
    contacts.post("/v1/contacts", {"email": "cy@example.com", "first_name": "Cy"})
    api.post("/v1/events", {"email": "cy@example.com", "name": "paid"})
    settle()

    contact = contacts.get("/v1/contacts/cy@example.com").data
    assert contact["first_name"] == "Cy"
    assert contact["events"]["paid"]["count"] == 2


def test_a_retry_with_the_same_id_counts_once_and_returns_the_first_event(
    api: Client, contacts: Client, settle: Any
) -> None:
    body = {"email": "di@example.com", "name": "ordered", "id": "order-1001", "properties": {"total": 9.5}}
    first = api.post("/v1/events", body)
    again = api.post("/v1/events", {**body, "properties": {"total": 1}, "occurred_at": ago(hours=1)})
    settle()
    later = api.post("/v1/events", {**body, "properties": {"total": 2}})  # after it was recorded
    settle()

    assert (first.status, again.status, later.status) == (202, 202, 202)
    assert first.data["id"] == "order-1001"
    assert again.data == first.data
    contact = contacts.get("/v1/contacts/di@example.com").data
    assert later.data == {**first.data, "email": None, "contact_id": contact["id"]}
    assert summary(contacts, "di@example.com", "ordered")["count"] == 1
    assert len(activity(contacts, "di@example.com")) == 1


def test_a_batch_stores_the_good_events_and_rejects_the_bad_ones_by_index(
    api: Client, contacts: Client, settle: Any
) -> None:
    reply = api.post(
        "/v1/events/batch",
        {
            "events": [
                {"email": "eve@example.com", "name": "opened_app"},
                {"email": "bad@example.com", "name": "has space"},
                {"email": "eve@example.com", "name": "opened_app", "occurred_at": ago(days=1)},
                "not an event",
                {"email": "toolarge@example.com", "name": "x", "properties": {"blob": "x" * 9000}},
                {"contact_id": "01a20000-0000-7000-8000-00000000dead", "name": "x"},
            ]
        },
    )

    assert reply.status == 202, reply.body
    assert reply.data["accepted"] == 2
    rejected = {r["index"]: r["error"] for r in reply.data["rejected"]}
    assert sorted(rejected) == [1, 3, 4, 5]
    assert rejected[1]["code"] == "validation_failed"
    assert rejected[1]["fields"][0]["field"] == "name"
    assert rejected[4]["code"] == "properties_too_large"
    assert rejected[5]["code"] == "contact_not_found"
    settle()
    assert summary(contacts, "eve@example.com", "opened_app")["count"] == 2
    for email in ("bad@example.com", "toolarge@example.com"):  # a refused event made no contact either
        assert contacts.get(f"/v1/contacts/{email}").status == 404


def test_the_same_id_twice_in_a_batch_counts_once(api: Client, contacts: Client, settle: Any) -> None:
    event = {"email": "lee@example.com", "name": "paid", "id": "invoice-7"}
    reply = api.post("/v1/events/batch", {"events": [event, event]})
    again = api.post("/v1/events/batch", {"events": [event, {**event, "id": "invoice-8"}]})
    settle()

    assert reply.status == 202
    assert (reply.data["accepted"], reply.data["rejected"]) == (2, [])
    assert (again.data["accepted"], again.data["rejected"]) == (2, [])  # one accepted before, one new
    assert summary(contacts, "lee@example.com", "paid")["count"] == 2


def test_a_contact_counts_at_most_100_event_names_and_keeps_the_rest_in_its_activity(
    api: Client, contacts: Client, settle: Any
) -> None:
    names = [{"email": "max@example.com", "name": f"n{i:03d}"} for i in range(100)]
    assert api.post("/v1/events/batch", {"events": names}).data["accepted"] == 100
    settle()

    one_more = api.post("/v1/events", {"email": "max@example.com", "name": "n100"})
    known = api.post("/v1/events", {"email": "max@example.com", "name": "n000"})
    settle()

    assert (one_more.status, known.status) == (202, 202)
    summaries = contacts.get("/v1/contacts/max@example.com").data["events"]
    assert len(summaries) == 100
    assert "n100" not in summaries
    assert summaries["n000"]["count"] == 2
    assert [a["data"]["name"] for a in activity(contacts, "max@example.com")].count("n100") == 1


@pytest.mark.parametrize(
    "body",
    [{"events": []}, {"events": [{"email": "a@example.com", "name": "x"}] * 101}, {"events": {"a": 1}}, {}],
    ids=["empty", "101 events", "not a list", "no events"],
)
def test_a_batch_body_that_is_not_1_to_100_events_is_refused(api: Client, body: dict[str, Any]) -> None:
    reply = api.post("/v1/events/batch", body)

    assert reply.status == 400
    assert reply.error["fields"][0]["field"] == "events"


def test_create_contact_false_leaves_an_unknown_email_unknown(api: Client, contacts: Client) -> None:
    single = api.post("/v1/events", {"email": "nobody@example.com", "name": "x", "create_contact": False})
    batch = api.post(
        "/v1/events/batch",
        {"events": [{"email": "nobody@example.com", "name": "x", "create_contact": False}]},
    )

    assert single.status == 404
    assert single.error["code"] == "contact_not_found"
    assert batch.status == 202
    assert batch.data["accepted"] == 0
    assert batch.data["rejected"][0]["error"]["code"] == "contact_not_found"
    assert contacts.get("/v1/contacts/nobody@example.com").status == 404


@pytest.mark.parametrize(
    ("properties", "code"),
    [
        ({f"k{i}": i for i in range(51)}, "too_many_properties"),
        ({"blob": "é" * 4100}, "properties_too_large"),  # 4,100 characters, 8,200 bytes
    ],
    ids=["51 keys", "over 8 KB"],
)
def test_properties_over_the_limits_are_refused_naming_the_field(
    api: Client, contacts: Client, properties: dict[str, Any], code: str
) -> None:
    reply = api.post("/v1/events", {"email": "fay@example.com", "name": "x", "properties": properties})

    assert reply.status == 400
    assert reply.error["code"] == code
    assert [f["field"] for f in reply.error["fields"]] == ["properties"]
    assert contacts.get("/v1/contacts/fay@example.com").status == 404  # nothing stored


def test_properties_at_the_limits_are_accepted(api: Client) -> None:
    at_most = {f"k{i:02d}": "x" * 140 for i in range(50)}  # 50 keys, 7,451 bytes as JSON
    reply = api.post("/v1/events", {"email": "gus@example.com", "name": "x", "properties": at_most})

    assert reply.status == 202, reply.body
    assert reply.data["properties"] == at_most


def test_an_event_ten_minutes_ahead_is_refused_and_four_minutes_ahead_is_not(api: Client) -> None:
    ahead = api.post("/v1/events", {"email": "hal@example.com", "name": "x", "occurred_at": ago(minutes=-10)})
    near = api.post("/v1/events", {"email": "hal@example.com", "name": "x", "occurred_at": ago(minutes=-4)})

    assert ahead.status == 400
    assert ahead.error["code"] == "occurred_at_in_future"
    assert ahead.error["fields"][0]["field"] == "occurred_at"
    assert near.status == 202


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x"}, "email"),
        (
            {"email": "a@example.com", "contact_id": "01a20000-0000-7000-8000-00000000dead", "name": "x"},
            "email",
        ),
        ({"email": "a@example.com", "name": ""}, "name"),
        ({"email": "a@example.com", "name": "n" * 65}, "name"),
        ({"email": "a@example.com", "name": "x", "occurred_at": "yesterday"}, "occurred_at"),
        ({"email": "a@example.com", "name": "x", "occurred_at": "9999-12-31T23:59:59-05:00"}, "occurred_at"),
        ({"email": "a@example.com", "name": "x", "properties": [1, 2]}, "properties"),
        ({"email": "a@example.com", "name": "x", "id": ""}, "id"),
        ({"email": "a@example.com", "name": "x", "id": "i" * 101}, "id"),
        ({"email": "not an email", "name": "x"}, "email"),
    ],
    ids=[
        "no contact",
        "both email and contact_id",
        "empty name",
        "long name",
        "not a time",
        "past the year 9999 in UTC",
        "properties not an object",
        "empty id",
        "long id",
        "bad email",
    ],
)
def test_bad_input_is_a_400_naming_the_field(
    api: Client, contacts: Client, body: dict[str, Any], field: str
) -> None:
    reply = api.post("/v1/events", body)

    assert reply.status == 400, reply.body
    assert field in [f["field"] for f in reply.error["fields"]]
    assert contacts.get("/v1/contacts/a@example.com").status == 404


def test_another_workspaces_contact_is_not_found(
    api: Client, contacts: Client, other_workspace: Caller
) -> None:
    theirs = contacts.as_(other_workspace).post("/v1/contacts", {"email": "ivy@example.com"}).data

    reply = api.post("/v1/events", {"contact_id": theirs["id"], "name": "x"})

    assert reply.status == 404
    assert reply.error["code"] == "contact_not_found"
    assert contacts.as_(other_workspace).get(f"/v1/contacts/{theirs['id']}").data["events"] == {}


def test_an_events_rule_segment_gains_the_contact_once_the_stream_is_delivered(
    api: Client, contacts: Client, background: Background
) -> None:
    segments = Client(segments_handler, api.caller)
    rules = {
        "match": "all",
        "groups": [{"conditions": [{"field": "events.purchased", "operator": "gte", "value": 2}]}],
    }
    segment_id = segments.post("/v1/segments", {"name": "Repeat buyers", "rules": rules}).data["id"]
    contact = contacts.post("/v1/contacts", {"email": "jo@example.com"}).data
    background.settle()

    def members() -> set[str]:
        return {c["email"] for c in segments.get(f"/v1/segments/{segment_id}/contacts").data}

    api.post("/v1/events", {"contact_id": contact["id"], "name": "purchased"})
    background.settle()
    assert members() == set()

    api.post("/v1/events", {"contact_id": contact["id"], "name": "purchased"})
    assert members() == set()  # not before the streams deliver the event, then the change
    background.settle()
    assert members() == {"jo@example.com"}


def inbox_items(workspace_id: str, event_ids: list[str]) -> list[dict[str, Any]]:
    table = aws.table("event_inbox")
    return [
        plain(
            table.get_item(Key={"pk": f"WS#{workspace_id}#EV#{i}", "sk": "EVENT"}, ConsistentRead=True)[
                "Item"
            ]
        )
        for i in event_ids
    ]


def test_simultaneous_deliveries_for_one_contact_are_all_counted_once(api: Client, contacts: Client) -> None:
    contact = contacts.post("/v1/contacts", {"email": "kim@example.com"}).data
    ws = api.caller.workspace_id
    times = [ago(minutes=m) for m in range(12)]
    accepted = [
        service.accept(ws, EventIn(contact_id=contact["id"], name="clicked", occurred_at=at)) for at in times
    ]
    items = inbox_items(ws, [e.id for e in accepted])
    # The inbox's items are spread over stream shards, so several worker instances may apply one contact's
    # events at the same moment, and a shard may deliver a record again: each item here twice, 24 at once.
    barrier = threading.Barrier(24)

    def deliver(item: dict[str, Any]) -> None:
        barrier.wait()
        service.apply(item)

    with ThreadPoolExecutor(24) as pool:
        list(pool.map(deliver, items + items))

    assert summary(contacts, contact["id"], "clicked") == {
        "count": 12,
        "first_at": min(times),
        "last_at": max(times),
    }
    stored = aws.table("contacts").query(KeyConditionExpression=Key("pk").eq(f"WS#{ws}#ACT#{contact['id']}"))
    assert len(stored["Items"]) == 12
    # Without a client id, an applied item leaves the inbox.
    assert aws.table("event_inbox").get_item(Key={"pk": items[0]["pk"], "sk": "EVENT"}).get("Item") is None


def test_an_event_for_a_contact_erased_before_it_is_recorded_is_dropped(
    api: Client, contacts: Client, settle: Any
) -> None:
    contact = contacts.post("/v1/contacts", {"email": "lou@example.com"}).data
    reply = api.post("/v1/events", {"contact_id": contact["id"], "name": "x", "id": "late-1"})
    assert contacts.delete(f"/v1/contacts/{contact['id']}").status == 200

    settle()

    assert reply.status == 202
    assert contacts.get("/v1/contacts/lou@example.com").status == 404  # not made again by its event
    ws = api.caller.workspace_id
    key = {"pk": f"WS#{ws}#EV#late-1", "sk": "EVENT"}
    assert aws.table("event_inbox").get_item(Key=key).get("Item") is None


@pytest.mark.parametrize("client_id", ["again-1", None], ids=["with an id", "without"])
def test_a_record_delivered_again_after_its_contact_was_erased_does_not_bring_it_back(
    api: Client, contacts: Client, settle: Any, client_id: str | None
) -> None:
    body = {"email": "max@example.com", "name": "x", **({"id": client_id} if client_id else {})}
    event = api.post("/v1/events", body).data
    item = inbox_items(api.caller.workspace_id, [event["id"]])[0]
    settle()
    assert contacts.delete("/v1/contacts/max@example.com").status == 200

    service.apply(item)  # the stream delivers the record once more (Lambda retries a whole batch)

    assert contacts.get("/v1/contacts/max@example.com").status == 404
