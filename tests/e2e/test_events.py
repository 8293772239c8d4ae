"""Events over the local runtime: accepted by the API, recorded by the event-apply worker from the inbox's
stream, and followed by a rule segment, as on AWS."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import LocalStack, eventually

pytestmark = pytest.mark.e2e


def test_events_reach_the_contact_its_activity_and_a_rule_segment_once_each(
    local_stack: LocalStack, new_workspace: str
) -> None:
    call = lambda *a, **k: local_stack.call(*a, key=new_workspace, **k)  # noqa: E731
    rules = {
        "match": "all",
        "groups": [{"conditions": [{"field": "events.paid", "operator": "gte", "value": 2}]}],
    }
    segment = call("POST", "/v1/segments", json={"name": "Repeat buyers", "rules": rules})
    assert segment.status_code == 201, segment.text
    segment_id = segment.json()["data"]["id"]

    one = call("POST", "/v1/events", json={"email": "buyer@example.com", "name": "paid", "id": "inv-1"})
    batch = call(
        "POST",
        "/v1/events/batch",
        json={
            "events": [
                {"email": "buyer@example.com", "name": "paid", "id": "inv-2", "properties": {"total": 9.5}},
                {"email": "buyer@example.com", "name": "paid", "id": "inv-1"},  # a retry: counted once
            ]
        },
    )
    assert one.status_code == 202, one.text
    assert (batch.status_code, batch.json()["data"]) == (202, {"accepted": 2, "rejected": []})

    def members() -> list[str]:
        reply = call("GET", f"/v1/segments/{segment_id}/contacts")
        return [c["email"] for c in reply.json()["data"]]

    assert eventually(lambda: members() == ["buyer@example.com"], timeout_s=15)
    contact = call("GET", "/v1/contacts/buyer@example.com").json()["data"]
    assert contact["events"]["paid"]["count"] == 2
    activity = call("GET", f"/v1/contacts/{contact['id']}/activity").json()["data"]
    assert sorted(a["id"] for a in activity if a["type"] == "event") == ["inv-1", "inv-2"]
    retried = call("POST", "/v1/events", json={"email": "buyer@example.com", "name": "paid", "id": "inv-2"})
    assert retried.json()["data"]["contact_id"] == contact["id"]  # the event as recorded
    assert retried.json()["data"]["properties"] == {"total": 9.5}
