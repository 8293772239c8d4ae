"""Contacts, lists and segments over the local runtime, as a user drives them with curl."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import LocalStack, eventually

pytestmark = pytest.mark.e2e
PRO = {"groups": [{"conditions": [{"field": "attributes.plan", "operator": "eq", "value": "pro"}]}]}


def test_contacts_round_trip(local_stack: LocalStack, new_workspace: str) -> None:
    call = lambda *a, **k: local_stack.call(*a, key=new_workspace, **k)  # noqa: E731
    created = call(
        "POST", "/v1/contacts", json={"email": "Ann@Example.com", "first_name": "Ann", "tags": ["a"]}
    )
    assert created.status_code == 201
    assert (
        call("POST", "/v1/contacts", json={"email": "ann@example.com", "first_name": "Ann"}).status_code
        == 200
    )
    contact = call("GET", "/v1/contacts/ann%40example.com").json()["data"]
    assert call("GET", "/v1/contacts?q=ann").json()["data"][0]["id"] == contact["id"]
    patched = call("PATCH", f"/v1/contacts/{contact['id']}", json={"last_name": "Lee"}).json()["data"]
    assert patched["last_name"] == "Lee"
    assert call("POST", f"/v1/contacts/{contact['id']}/tags", json={"tags": ["b"]}).json()["data"][
        "tags"
    ] == ["a", "b"]
    stats = call("GET", "/v1/contacts/stats").json()["data"]
    assert stats[-1]["added"] == 1 and stats[-1]["sum"] == 1
    assert call("DELETE", f"/v1/contacts/{contact['id']}").json() == {"ok": True}
    assert call("GET", f"/v1/contacts/{contact['id']}").status_code == 404
    assert call("GET", "/v1/contacts/stats").json()["data"][-1]["deleted"] == 1


def test_a_contact_change_moves_segment_membership_with_no_other_call(
    local_stack: LocalStack, new_workspace: str
) -> None:
    call = lambda *a, **k: local_stack.call(*a, key=new_workspace, **k)  # noqa: E731
    news = call("POST", "/v1/lists", json={"name": "News", "from_name": "A", "from_email": "a@example.com"})
    list_id = news.json()["data"]["id"]
    ann = call("POST", f"/v1/lists/{list_id}/subscribers", json={"email": "ann@example.com"}).json()["data"]
    assert call("GET", f"/v1/lists/{list_id}").json()["data"]["subscribers_count"] == 1
    segment = call("POST", "/v1/segments", json={"name": "Pro", "list_id": list_id, "rules": PRO}).json()[
        "data"
    ]
    eventually(lambda: call("GET", f"/v1/segments/{segment['id']}").json()["data"]["status"] == "ready")

    call("PATCH", f"/v1/contacts/{ann['id']}", json={"attributes": {"plan": "pro"}})

    def members():
        return [c["email"] for c in call("GET", f"/v1/segments/{segment['id']}/contacts").json()["data"]]

    eventually(lambda: members() == ["ann@example.com"])

    call("DELETE", f"/v1/lists/{list_id}/subscribers/ann@example.com")  # out of the list: out of the segment
    eventually(lambda: members() == [])
    assert call("GET", f"/v1/lists/{list_id}").json()["data"]["unsubscribed_count"] == 1
