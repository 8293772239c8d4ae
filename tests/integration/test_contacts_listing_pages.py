"""GET /v1/contacts over a few hundred contacts: exact pages, every contact once, and what a page reads."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest

from functions.contacts.handler import handler
from functions.core.auth import Caller
from functions.core.sharding import SHARDS
from tests.integration.conftest import Client

CONTACTS = 300
PRO_EVERY = 7  # every 7th contact is on the pro plan: a filter that matches few


@dataclass
class Crowd:
    caller: Caller
    ids: list[str]  # in creation order, oldest first
    pro: list[str]  # the ids on the pro plan, oldest first


@pytest.fixture(scope="module")
def crowd(aws: dict[str, str]) -> Crowd:
    """One workspace of CONTACTS contacts, created once for the module: its tests only read it."""
    from functions.account import service as accounts
    from functions.account.models import WorkspaceCreate
    from functions.contacts import service
    from functions.contacts.models import ContactUpsert

    created = accounts.create_workspace(WorkspaceCreate(name="Crowd", email="crowd@example.com"))
    caller = accounts.authenticate(created.key.key)
    assert caller is not None
    ids, pro = [], []
    for i in range(CONTACTS):
        plan = "pro" if i % PRO_EVERY == 0 else "free"
        body = ContactUpsert(email=f"c{i}@example.com", attributes={"plan": plan})
        contact, _ = service.upsert(caller.workspace_id, body)
        ids.append(contact.id)
        if plan == "pro":
            pro.append(contact.id)
    return Crowd(caller, ids, pro)


@pytest.fixture
def api(crowd: Crowd) -> Client:
    return Client(handler, crowd.caller)


@pytest.fixture
def scanned() -> Iterator[list[int]]:
    """The ScannedCount of every DynamoDB Query the functions make meanwhile: the items read (and paid)."""
    from functions.core import aws as core_aws

    counts: list[int] = []

    def count(parsed: dict[str, Any], **_: Any) -> None:
        counts.append(int(parsed.get("ScannedCount", 0)))  # list.append: safe from the shard threads

    events = core_aws.dynamodb_client().meta.events
    events.register("after-call.dynamodb.Query", count, unique_id="test-scanned")
    yield counts
    events.unregister("after-call.dynamodb.Query", unique_id="test-scanned")


def page(api: Client, **params: Any) -> tuple[list[str], str | None]:
    reply = api.get("/v1/contacts?" + urlencode(params))
    assert reply.status == 200, reply.body
    return [c["id"] for c in reply.data], reply.body["next_cursor"]


def walk(api: Client, **params: Any) -> list[str]:
    """Every page of the listing, cursor after cursor, as one list of ids."""
    seen, cursor = [], None
    while True:
        ids, cursor = page(api, **params, **({"cursor": cursor} if cursor else {}))
        assert len(ids) <= params["limit"]
        seen += ids
        if cursor is None:
            return seen


def page_cursor(api: Client, skip: int) -> str:
    """The cursor after the first `skip` contacts, oldest first."""
    cursor = None
    while skip:
        step = min(skip, 100)
        _, cursor = page(api, limit=step, sort="created_at:asc", **({"cursor": cursor} if cursor else {}))
        skip -= step
    assert cursor is not None
    return cursor


def test_a_page_of_ten_is_exactly_the_newest_ten(api: Client, crowd: Crowd) -> None:
    ids, cursor = page(api, limit=10)

    assert ids == crowd.ids[::-1][:10]
    assert cursor is not None


def test_the_next_page_starts_right_after_the_last_one(api: Client, crowd: Crowd) -> None:
    _, cursor = page(api, limit=10)

    ids, _ = page(api, limit=10, cursor=cursor)

    assert ids == crowd.ids[::-1][10:20]


def test_ascending_pages_start_with_the_oldest(api: Client, crowd: Crowd) -> None:
    first, cursor = page(api, limit=10, sort="created_at:asc")
    second, _ = page(api, limit=10, sort="created_at:asc", cursor=cursor)

    assert first + second == crowd.ids[:20]


@pytest.mark.parametrize(("sort", "order"), [("created_at:desc", -1), ("created_at:asc", 1)])
def test_pages_walk_every_contact_once_in_order(api: Client, crowd: Crowd, sort: str, order: int) -> None:
    assert walk(api, limit=45, sort=sort) == crowd.ids[::order]


@pytest.mark.parametrize(("sort", "order"), [("created_at:desc", -1), ("created_at:asc", 1)])
def test_filtered_pages_walk_every_match_once_in_order(
    api: Client, crowd: Crowd, sort: str, order: int
) -> None:
    assert walk(api, limit=10, sort=sort, filter="attributes.plan=eq:pro") == crowd.pro[::order]


def test_a_filter_that_matches_nothing_is_one_empty_page(api: Client, crowd: Crowd) -> None:
    assert page(api, limit=10, filter="attributes.plan=eq:gold") == ([], None)


def test_the_last_page_has_no_cursor_even_when_it_is_full(api: Client, crowd: Crowd) -> None:
    ids, cursor = page(api, limit=100, sort="created_at:asc", cursor=page_cursor(api, CONTACTS - 100))

    assert ids == crowd.ids[-100:]
    assert cursor is None


@pytest.mark.parametrize("limit", [10, 50])
def test_a_page_reads_about_what_it_returns(
    api: Client, crowd: Crowd, scanned: list[int], limit: int
) -> None:
    # Reading every shard for limit+1 items read SHARDS x (limit+1) here: 176 items for 10, all 300 for 50.
    # Now a page reads what it returns, plus at most one small read per shard left partly unused.
    most = 2 * limit + 3 * SHARDS
    _, cursor = page(api, limit=limit)
    first_page_reads = sum(scanned)
    scanned.clear()
    page(api, limit=limit, cursor=cursor)

    assert first_page_reads <= most
    assert sum(scanned) <= most


def test_list_members_page_through_every_member_once_by_status(workspace: Caller) -> None:
    from functions.lists.handler import handler as lists_handler

    lists = Client(lists_handler, workspace)
    news = lists.post("/v1/lists", {"name": "News", "from_name": "Acme", "from_email": "news@acme.example"})
    members = f"/v1/lists/{news.data['id']}"
    emails = [f"s{i}@example.com" for i in range(40)]
    for email in emails:
        assert lists.post(f"{members}/subscribers", {"email": email}).status == 201
    for email in emails[::4]:
        assert lists.delete(f"{members}/subscribers/{email}").status in (200, 204)

    def walk_members(status: str) -> list[str]:
        seen, cursor = [], None
        while True:
            reply = lists.get(f"{members}/{status}?limit=7" + (f"&cursor={cursor}" if cursor else ""))
            assert reply.status == 200, reply.body
            seen += [c["email"] for c in reply.data]
            cursor = reply.body["next_cursor"]
            if cursor is None:
                return seen

    assert walk_members("subscribers") == [e for i, e in enumerate(emails) if i % 4][::-1]
    assert walk_members("unsubscribed") == emails[::4][::-1]
