"""Lists, their fields and subscribers, with live counts."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from functions.contacts.handler import handler as contacts_handler
from functions.core.auth import Caller
from functions.lists import service as lists_service
from functions.lists.handler import handler
from tests.integration.conftest import Background, Client

LIST = {"name": "News", "from_name": "Acme", "from_email": "news@acme.example"}


@pytest.fixture
def api(workspace: Caller) -> Client:
    return Client(handler, workspace)


@pytest.fixture
def contacts(workspace: Caller) -> Client:
    return Client(contacts_handler, workspace)


@pytest.fixture
def news(api: Client) -> str:
    return api.post("/v1/lists", LIST).data["id"]


def counts(api: Client, list_id: str) -> tuple[int, int]:
    data = api.get(f"/v1/lists/{list_id}").data
    return data["subscribers_count"], data["unsubscribed_count"]


def test_a_list_is_created_read_changed_listed_and_deleted(api: Client) -> None:
    full = {
        **LIST,
        "description": "Monthly",
        "company": "Acme",
        "address": "1 Main St",
        "city": "Paris",
        "zip": "75001",
        "country": "FR",
        "website": "https://acme.example",
        "phone": "+33 1 23",
        "double_opt_in": True,
    }
    created = api.post("/v1/lists", full)
    assert created.status == 201
    list_id = created.data["id"]
    assert created.data["subscribers_count"] == 0 and created.data["double_opt_in"] is True
    assert api.get(f"/v1/lists/{list_id}").data["city"] == "Paris"
    assert api.patch(f"/v1/lists/{list_id}", {"name": "Weekly"}).data["name"] == "Weekly"
    assert api.patch(f"/v1/lists/{list_id}", {"name": None}).status == 400
    assert list_id in {item["id"] for item in api.get("/v1/lists").data}
    assert api.delete(f"/v1/lists/{list_id}").body == {"ok": True}
    assert api.get(f"/v1/lists/{list_id}").status == 404
    assert api.delete(f"/v1/lists/{list_id}").status == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"from_name": "A", "from_email": "a@b.com"}, "name"),
        ({**LIST, "from_email": "nope"}, "from_email"),
        ({**LIST, "website": "not a url"}, "website"),
        ({**LIST, "extra": 1}, "extra"),
    ],
)
def test_a_bad_list_is_400_naming_the_field(api: Client, body: dict, field: str) -> None:
    reply = api.post("/v1/lists", body)
    assert reply.status == 400
    assert reply.error["fields"][0]["field"] == field
    assert api.get("/v1/lists").data == []


def test_subscribe_creates_the_contact_then_answers_200_when_already_subscribed(
    api: Client, news: str
) -> None:
    first = api.post(f"/v1/lists/{news}/subscribers", {"email": "ann@example.com", "first_name": "Ann"})
    assert first.status == 201
    assert first.data["lists"][0]["list_id"] == news and first.data["lists"][0]["status"] == "subscribed"
    assert api.post(f"/v1/lists/{news}/subscribers", {"email": "ann@example.com"}).status == 200
    assert counts(api, news) == (1, 0)
    assert api.get(f"/v1/lists/{news}/subscribers/ANN@example.com").data["first_name"] == "Ann"


def test_unsubscribe_keeps_the_contact_and_counts(api: Client, contacts: Client, news: str) -> None:
    api.post(f"/v1/lists/{news}/subscribers", {"email": "bob@example.com"})
    assert api.delete(f"/v1/lists/{news}/subscribers/bob@example.com").body == {"ok": True}
    contact = contacts.get("/v1/contacts/bob@example.com").data
    membership = contact["lists"][0]
    assert membership["status"] == "unsubscribed" and membership["status_changed_at"]
    assert counts(api, news) == (0, 1)
    assert [c["email"] for c in api.get(f"/v1/lists/{news}/unsubscribed").data] == ["bob@example.com"]
    assert api.get(f"/v1/lists/{news}/subscribers").data == []
    today = datetime.now(UTC).date().isoformat()
    stats = contacts.get("/v1/contacts/stats").data
    assert next(d for d in stats if d["date"] == today)["unsubscribed"] == 1
    assert api.delete(f"/v1/lists/{news}/subscribers/nobody@example.com").status == 404


def test_counts_stay_exact_under_concurrent_subscribes_and_unsubscribes(
    workspace: Caller, api: Client, news: str
) -> None:
    from functions.contacts.models import ContactUpsert

    emails = [f"c{i}@example.com" for i in range(12)]
    for email in emails[:6]:
        lists_service.subscribe(workspace.workspace_id, ContactUpsert(email=email), [news])
    barrier = threading.Barrier(12)

    def act(i: int) -> None:
        barrier.wait()
        if i < 6:
            lists_service.unsubscribe(workspace.workspace_id, news, emails[i])
        else:
            lists_service.subscribe(workspace.workspace_id, ContactUpsert(email=emails[i]), [news])

    with ThreadPoolExecutor(12) as pool:
        list(pool.map(act, range(12)))
    assert counts(api, news) == (6, 6)


def test_members_page_with_cursors(api: Client, news: str) -> None:
    for i in range(7):
        api.post(f"/v1/lists/{news}/subscribers", {"email": f"p{i}@example.com"})
    first = api.get(f"/v1/lists/{news}/subscribers?limit=4")
    rest = api.get(f"/v1/lists/{news}/subscribers?limit=4&cursor={first.body['next_cursor']}")
    emails = [c["email"] for c in first.data + rest.data]
    assert sorted(emails) == sorted(f"p{i}@example.com" for i in range(7))
    assert rest.body["next_cursor"] is None


def test_fields_are_managed_and_checked_when_subscribing(api: Client, news: str) -> None:
    plan = api.post(
        f"/v1/lists/{news}/fields",
        {"label": "Plan", "tag": "plan", "type": "select", "options": ["free", "pro"], "required": True},
    )
    assert plan.status == 201
    for body in (
        {"label": "Seats", "tag": "seats", "type": "number"},
        {"label": "Born", "tag": "born", "type": "date"},
        {"label": "Opt", "tag": "opt", "type": "boolean"},
        {"label": "Work", "tag": "work", "type": "email"},
        {"label": "Note", "tag": "note", "type": "text", "visible": False},
    ):
        assert api.post(f"/v1/lists/{news}/fields", body).status == 201
    assert api.post(f"/v1/lists/{news}/fields", {"label": "X", "tag": "plan"}).status == 409
    assert api.post(f"/v1/lists/{news}/fields", {"label": "S", "tag": "s", "type": "select"}).status == 400
    assert len(api.get(f"/v1/lists/{news}/fields").data) == 6

    missing = api.post(f"/v1/lists/{news}/subscribers", {"email": "f@example.com"})
    assert missing.status == 400 and missing.error["fields"][0]["field"] == "attributes.plan"
    wrong = api.post(
        f"/v1/lists/{news}/subscribers",
        {
            "email": "f@example.com",
            "attributes": {"plan": "gold", "seats": "many", "born": "soon", "work": "x"},
        },
    )
    assert wrong.status == 400
    assert {f["field"] for f in wrong.error["fields"]} == {
        "attributes.plan",
        "attributes.seats",
        "attributes.born",
        "attributes.work",
    }
    assert api.get(f"/v1/lists/{news}/subscribers").data == []  # nothing written
    ok = api.post(
        f"/v1/lists/{news}/subscribers",
        {
            "email": "f@example.com",
            "attributes": {"plan": "pro", "seats": 3, "born": "1990-01-02", "opt": True},
        },
    )
    assert ok.status == 201

    field_id = plan.data["id"]
    assert api.patch(f"/v1/lists/{news}/fields/{field_id}", {"label": "Tier"}).data["label"] == "Tier"
    assert api.get(f"/v1/lists/{news}/fields/{field_id}").data["tag"] == "plan"
    assert api.delete(f"/v1/lists/{news}/fields/{field_id}").body == {"ok": True}
    assert api.get(f"/v1/lists/{news}/fields/{field_id}").status == 404


def test_an_upsert_naming_lists_subscribes_and_an_unknown_list_is_404(
    contacts: Client, api: Client, news: str
) -> None:
    reply = contacts.post("/v1/contacts", {"email": "up@example.com", "lists": [news]})
    assert reply.status == 201
    assert counts(api, news) == (1, 0)
    unknown = contacts.post(
        "/v1/contacts", {"email": "x@example.com", "lists": ["01a20000-0000-7000-8000-00000000dead"]}
    )
    assert unknown.status == 404
    assert contacts.get("/v1/contacts/x@example.com").status == 404


def test_deleting_a_list_keeps_its_contacts_and_drops_the_memberships(
    api: Client, contacts: Client, news: str, background: Background
) -> None:
    api.post(f"/v1/lists/{news}/subscribers", {"email": "stay@example.com"})
    api.delete(f"/v1/lists/{news}")
    background.settle()
    contact = contacts.get("/v1/contacts/stay@example.com")
    assert contact.status == 200
    assert contact.data["lists"] == []
    assert contacts.get(f"/v1/contacts?list_id={news}").data == []


def test_another_workspace_cannot_reach_a_list(api: Client, news: str, other_workspace: Caller) -> None:
    other = api.as_(other_workspace)
    assert other.get(f"/v1/lists/{news}").status == 404
    assert other.post(f"/v1/lists/{news}/subscribers", {"email": "a@example.com"}).status == 404
    assert other.get(f"/v1/lists/{news}/fields").status == 404
    assert other.delete(f"/v1/lists/{news}").status == 404
    assert other.get("/v1/lists").data == []
