"""GET /v1/contacts: order, search, filters and cursors."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

import pytest

from functions.contacts.handler import handler
from functions.core.auth import Caller
from functions.core.ids import new_id
from tests.integration.conftest import Client

PEOPLE = [
    {"email": "ann@example.com", "first_name": "Ann", "attributes": {"plan": "pro", "seats": 3}},
    {"email": "bob@example.org", "first_name": "Bob", "attributes": {"plan": "free", "trial": True}},
    {"email": "cyd@example.com", "name": "Cyd Annesley", "attributes": {"seats": 12, "trial": False}},
    {"email": "dee@example.net", "last_name": "Brown", "tags": ["vip"], "attributes": {"plan": "10"}},
    {"email": "eve@sample.com", "first_name": "Eve", "tags": ["vip", "beta"], "attributes": {"seats": 10}},
]


@pytest.fixture
def api(workspace: Caller) -> Client:
    return Client(handler, workspace)


@pytest.fixture
def people(api: Client) -> dict[str, dict[str, Any]]:
    """The five PEOPLE, created in order (so the last is the newest), by email."""
    return {p["email"]: api.post("/v1/contacts", p).data for p in PEOPLE}


def emails(api: Client, **params: Any) -> list[str]:
    reply = api.get("/v1/contacts?" + urlencode(params))
    assert reply.status == 200, reply.body
    return [c["email"] for c in reply.data]


def test_contacts_are_listed_newest_first(api: Client, people: dict[str, Any]) -> None:
    reply = api.get("/v1/contacts")

    assert [c["email"] for c in reply.data] == [p["email"] for p in reversed(PEOPLE)]
    assert reply.data[0] == people["eve@sample.com"]
    assert reply.body["next_cursor"] is None


def test_sort_ascending_lists_oldest_first(api: Client, people: dict[str, Any]) -> None:
    assert emails(api, sort="created_at:asc") == [p["email"] for p in PEOPLE]


def test_an_empty_workspace_lists_nothing(api: Client) -> None:
    reply = api.get("/v1/contacts")

    assert reply.status == 200
    assert reply.body == {"data": [], "next_cursor": None}


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("ann", ["cyd@example.com", "ann@example.com"]),  # first name and a name
        ("ANN", ["cyd@example.com", "ann@example.com"]),  # case-insensitive
        ("example.org", ["bob@example.org"]),  # email
        ("brown", ["dee@example.net"]),  # last name
        ("nobody", []),
    ],
)
def test_q_searches_email_and_names(api: Client, people: dict[str, Any], q: str, found: list[str]) -> None:
    assert emails(api, q=q) == found


@pytest.mark.parametrize(
    ("filter_", "found"),
    [
        ("attributes.plan=eq:pro", ["ann@example.com"]),
        ("attributes.plan=eq:10", ["dee@example.net"]),  # the string "10"
        ("attributes.seats=eq:10", ["eve@sample.com"]),  # the number 10
        ("attributes.seats=gt:3", ["eve@sample.com", "cyd@example.com"]),
        ("attributes.seats=lt:10", ["ann@example.com"]),
        ("attributes.seats=gte:10", ["eve@sample.com", "cyd@example.com"]),
        ("attributes.trial=eq:true", ["bob@example.org"]),
        ("attributes.trial=eq:false", ["cyd@example.com"]),
        ("attributes.trial=exists", ["cyd@example.com", "bob@example.org"]),
        ("attributes.plan=not_exists", ["eve@sample.com", "cyd@example.com"]),
        (
            "attributes.plan=neq:pro",
            ["eve@sample.com", "dee@example.net", "cyd@example.com", "bob@example.org"],
        ),
        ("email=sw:ann", ["ann@example.com"]),
        ("email=contains:example.com", ["cyd@example.com", "ann@example.com"]),
        ("email=not_contains:example", ["eve@sample.com"]),
        ("first_name=eq:Bob", ["bob@example.org"]),
        ("first_name=neq:Bob", ["eve@sample.com", "dee@example.net", "cyd@example.com", "ann@example.com"]),
        ("last_name=exists", ["dee@example.net"]),
        ("tags=contains:beta", ["eve@sample.com"]),
        ("status=eq:active,attributes.plan=eq:free", ["bob@example.org"]),
        ("attributes.seats=gt:3,tags=contains:vip", ["eve@sample.com"]),
    ],
)
def test_filter_narrows_the_listing(
    api: Client, people: dict[str, Any], filter_: str, found: list[str]
) -> None:
    assert emails(api, filter=filter_) == found


def test_filter_on_created_at_compares_times(api: Client, people: dict[str, Any]) -> None:
    first = people["ann@example.com"]["created_at"]

    assert len(emails(api, filter=f"created_at=gte:{first}")) == 5
    assert emails(api, filter="created_at=lt:2000-01-01T00:00:00Z") == []


@pytest.mark.parametrize(
    "filter_",
    ["plan=eq:pro", "attributes.plan", "attributes.plan=like:pro", "attributes.plan=eq:", "tags=eq:vip", ","],
)
def test_a_bad_filter_is_400_invalid_filter(api: Client, people: dict[str, Any], filter_: str) -> None:
    reply = api.get("/v1/contacts?" + urlencode({"filter": filter_}))

    assert reply.status == 400
    assert reply.error["code"] == "invalid_filter"
    assert reply.error["message"]


def test_status_narrows_the_listing(api: Client, people: dict[str, Any]) -> None:
    api.patch(f"/v1/contacts/{people['bob@example.org']['id']}", {"status": "unsubscribed"})

    assert emails(api, status="unsubscribed") == ["bob@example.org"]
    assert "bob@example.org" not in emails(api, status="active")
    assert emails(api, status="bounced") == []


def test_an_unknown_status_is_400(api: Client, people: dict[str, Any]) -> None:
    reply = api.get("/v1/contacts?status=gone")

    assert reply.status == 400
    assert reply.error["fields"][0]["field"] == "status"


def test_tag_narrows_the_listing(api: Client, people: dict[str, Any]) -> None:
    assert emails(api, tag="vip") == ["eve@sample.com", "dee@example.net"]
    assert emails(api, tag="vip", q="eve") == ["eve@sample.com"]
    assert emails(api, tag="nobody-has-this") == []


@pytest.mark.parametrize("param", ["list_id", "segment_id"])
def test_a_list_or_segment_without_members_lists_nothing(
    api: Client, people: dict[str, Any], param: str
) -> None:
    reply = api.get(f"/v1/contacts?{param}={new_id()}")

    assert reply.status == 200
    assert reply.body == {"data": [], "next_cursor": None}


@pytest.mark.parametrize("param", ["list_id", "segment_id"])
def test_a_malformed_list_or_segment_id_is_400(api: Client, param: str) -> None:
    reply = api.get(f"/v1/contacts?{param}=nope")

    assert reply.status == 400
    assert reply.error["fields"][0]["field"] == param


@pytest.mark.parametrize("limit", ["0", "101", "-1", "ten", ""])
def test_an_invalid_limit_is_400(api: Client, limit: str) -> None:
    reply = api.get(f"/v1/contacts?limit={limit}")

    assert reply.status == 400
    assert reply.error["fields"][0]["field"] == "limit"


@pytest.mark.parametrize("sort", ["created_at", "email:asc", "created_at:up"])
def test_an_unknown_sort_is_400(api: Client, sort: str) -> None:
    reply = api.get(f"/v1/contacts?sort={sort}")

    assert reply.status == 400
    assert reply.error["fields"][0]["field"] == "sort"


def test_pages_follow_the_cursor_to_the_end(api: Client, people: dict[str, Any]) -> None:
    first = api.get("/v1/contacts?limit=2")
    second = api.get(f"/v1/contacts?limit=2&cursor={first.body['next_cursor']}")
    third = api.get(f"/v1/contacts?limit=2&cursor={second.body['next_cursor']}")

    seen = [c["email"] for page in (first, second, third) for c in page.data]
    assert seen == [p["email"] for p in reversed(PEOPLE)]
    assert third.body["next_cursor"] is None


def test_a_filtered_listing_pages_with_its_own_cursor(api: Client, people: dict[str, Any]) -> None:
    query = {"filter": "email=contains:example", "limit": 2}
    first = api.get("/v1/contacts?" + urlencode(query))
    second = api.get("/v1/contacts?" + urlencode({**query, "cursor": first.body["next_cursor"]}))

    assert [c["email"] for c in first.data + second.data] == [
        "dee@example.net",
        "cyd@example.com",
        "bob@example.org",
        "ann@example.com",
    ]
    assert second.body["next_cursor"] is None


def tampered(cursor: str) -> list[str]:
    body, signature = cursor.split(".", 1)
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    return [f"{body}.{flipped}", f"x{cursor}", "garbage", "a.b", cursor.split(".")[0]]


def test_a_tampered_cursor_is_400_invalid_cursor(api: Client, people: dict[str, Any]) -> None:
    cursor = api.get("/v1/contacts?limit=2").body["next_cursor"]

    for bad in tampered(cursor):
        reply = api.get(f"/v1/contacts?limit=2&cursor={quote(bad)}")
        assert reply.status == 400, bad
        assert reply.error["code"] == "invalid_cursor"


def test_a_cursor_from_another_listing_is_400(api: Client, people: dict[str, Any]) -> None:
    cursor = api.get("/v1/contacts?limit=2").body["next_cursor"]

    for other in ("q=ann", "tag=vip", "sort=created_at:asc", "filter=attributes.seats=gt:3", "status=active"):
        reply = api.get(f"/v1/contacts?limit=2&{other}&cursor={cursor}")
        assert reply.status == 400, other
        assert reply.error["code"] == "invalid_cursor"


def test_a_cursor_works_with_another_page_size(api: Client, people: dict[str, Any]) -> None:
    cursor = api.get("/v1/contacts?limit=2").body["next_cursor"]

    reply = api.get(f"/v1/contacts?limit=100&cursor={cursor}")

    assert [c["email"] for c in reply.data] == ["cyd@example.com", "bob@example.org", "ann@example.com"]
