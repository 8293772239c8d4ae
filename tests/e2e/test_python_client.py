"""The Python client (clients/python), as committed, against the local runtime over real HTTP."""

from __future__ import annotations

import secrets
import sys
import uuid
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "clients" / "python"))

from lettercast import RetryPolicy, connect  # noqa: E402
from lettercast.generated import AuthenticatedClient  # noqa: E402
from lettercast.generated.api.contacts import get_contact, list_contacts, upsert_contact  # noqa: E402
from lettercast.generated.api.lists import create_list, list_lists  # noqa: E402
from lettercast.generated.models import (  # noqa: E402
    ContactUpsert,
    EnvelopeContactOut,
    EnvelopeListOut,
    Error,
    ListCreate,
    PageContactOut,
    PageListOut,
)

pytestmark = pytest.mark.e2e

NO_WAIT = RetryPolicy(backoff_base_s=0.01, max_wait_s=0.05)


@pytest.fixture
def client(local_stack, new_workspace: str) -> AuthenticatedClient:
    """A client of a workspace of its own, so listings see only what the test made."""
    return connect(local_stack.url, new_workspace, policy=NO_WAIT)


def _email() -> str:
    return f"py-client-{secrets.token_hex(6)}@example.com"


def test_a_contact_created_with_the_client_reads_back(client: AuthenticatedClient) -> None:
    email = _email()

    created = upsert_contact.sync_detailed(client=client, body=ContactUpsert(email=email, first_name="Ann"))
    read = get_contact.sync(created.parsed.data.id, client=client)

    assert created.status_code == 201
    assert isinstance(created.parsed, EnvelopeContactOut)
    assert isinstance(read, EnvelopeContactOut)
    assert (read.data.email, read.data.first_name, read.data.status) == (email, "Ann", "active")


def test_listing_contacts_pages_through_every_one(client: AuthenticatedClient) -> None:
    emails = {_email() for _ in range(3)}
    for email in emails:
        assert upsert_contact.sync_detailed(client=client, body=ContactUpsert(email=email)).status_code == 201

    seen, cursor, pages = [], None, 0
    while True:
        page = list_contacts.sync(client=client, limit=2, **({"cursor": cursor} if cursor else {}))
        assert isinstance(page, PageContactOut)
        seen += [contact.email for contact in page.data]
        pages += 1
        if not page.next_cursor:
            break
        cursor = page.next_cursor

    assert sorted(seen) == sorted(emails)
    assert pages == 2


def test_an_unknown_contact_is_a_typed_not_found_error(client: AuthenticatedClient) -> None:
    answer = get_contact.sync_detailed(str(uuid.uuid4()), client=client)

    assert answer.status_code == 404
    assert isinstance(answer.parsed, Error)
    assert answer.parsed.error.code == "contact_not_found"


class LoseFirstAnswer(httpx.BaseTransport):
    """The network below the client's retries: every try reaches the server, but the answer to the first
    POST is replaced by a 503, as when a gateway fails after the work was done."""

    def __init__(self) -> None:
        self.network = httpx.HTTPTransport()
        self.keys: list[str | None] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        answer = self.network.handle_request(request)
        if request.method != "POST":
            return answer
        self.keys.append(request.headers.get("Idempotency-Key"))
        if len(self.keys) > 1:
            return answer
        answer.read()
        answer.close()
        return httpx.Response(503, json={"error": {"code": "unavailable", "message": "try again"}})


def test_a_post_retried_after_a_503_creates_once(local_stack, new_workspace: str) -> None:
    network = LoseFirstAnswer()
    client = connect(local_stack.url, new_workspace, policy=NO_WAIT, transport=network)
    body = ListCreate(name=f"News {secrets.token_hex(3)}", from_name="Shop", from_email="news@example.com")

    created = create_list.sync_detailed(client=client, body=body)
    lists = list_lists.sync(client=client)

    assert created.status_code == 201 and isinstance(created.parsed, EnvelopeListOut)
    assert len(network.keys) == 2 and network.keys[0] and network.keys[0] == network.keys[1]
    assert isinstance(lists, PageListOut)
    assert [item.id for item in lists.data] == [created.parsed.data.id]
