"""Walking every page of GET /v1/contacts over more than 1,000 contacts while others are being added."""

from __future__ import annotations

from collections import Counter

import pytest

from functions.contacts import service
from functions.contacts.handler import handler
from functions.contacts.models import ContactUpsert
from functions.core.auth import Caller
from functions.lists import service as lists
from tests.integration.conftest import Client

EXISTING = 1_100
ADDED_PER_PAGE = 7


@pytest.fixture
def api(workspace: Caller) -> Client:
    return Client(handler, workspace)


def add_contacts(workspace_id: str, prefix: str, count: int) -> set[str]:
    return {
        service.upsert(workspace_id, ContactUpsert(email=f"{prefix}{i}@example.com"))[0].id
        for i in range(count)
    }


def add_many(workspace_id: str, prefix: str, count: int) -> set[str]:
    """The contacts there before the listing starts, written as POST /v1/contacts/batch writes them."""
    emails = [f"{prefix}{i}@example.com" for i in range(count)]
    for start in range(0, count, 1000):
        outcome = lists.upsert_many(workspace_id, [{"email": e} for e in emails[start : start + 1000]])
        assert outcome.errors == []
    return {service.find(workspace_id, e)["id"] for e in emails}


@pytest.mark.parametrize("sort", ["created_at:desc", "created_at:asc"])
def test_every_contact_is_seen_exactly_once_while_others_are_added(api: Client, sort: str) -> None:
    workspace_id = api.caller.workspace_id
    existing = add_many(workspace_id, "existing", EXISTING)
    added: set[str] = set()
    seen: Counter[str] = Counter()
    cursor = None
    pages = 0

    while True:
        url = f"/v1/contacts?limit=100&sort={sort}" + (f"&cursor={cursor}" if cursor else "")
        reply = api.get(url)
        assert reply.status == 200, reply.body
        assert len(reply.data) <= 100
        seen.update(c["id"] for c in reply.data)
        pages += 1
        cursor = reply.body["next_cursor"]
        if cursor is None:
            break
        added |= add_contacts(workspace_id, f"added{pages}-", ADDED_PER_PAGE)

    assert [contact for contact, times in seen.items() if times > 1] == []
    assert existing <= set(seen)
    assert set(seen) <= existing | added
    assert pages >= EXISTING // 100
