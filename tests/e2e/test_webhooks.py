"""Webhooks over the local runtime: contact changes reach a loopback receiver signed, a failing receiver
gets the same delivery again, and the deliveries log shows each attempt."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import LocalStack, eventually
from tests.receiver import Receiver

pytestmark = pytest.mark.e2e


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    # /flaky answers 500 the first time it sees a delivery, then 200.
    receiver = Receiver(answer=lambda request, nth: 500 if request.path == "/flaky" and nth == 1 else 200)
    yield receiver
    receiver.close()


def test_contact_changes_reach_the_receiver_signed_and_a_failure_is_sent_again(
    local_stack: LocalStack, new_workspace: str, receiver: Receiver
) -> None:
    call = lambda *a, **k: local_stack.call(*a, key=new_workspace, **k)  # noqa: E731
    steady = call(
        "POST",
        "/v1/webhooks",
        json={"url": receiver.url("/hook"), "topics": ["contact.created", "contact.updated"]},
    )
    flaky = call("POST", "/v1/webhooks", json={"url": receiver.url("/flaky"), "topics": ["contact.created"]})
    assert steady.status_code == flaky.status_code == 201, (steady.text, flaky.text)
    receiver.secrets["/hook"] = steady.json()["data"]["secret"]
    receiver.secrets["/flaky"] = flaky.json()["data"]["secret"]
    assert "secret" not in call("GET", f"/v1/webhooks/{steady.json()['data']['id']}").json()["data"]

    emails = [f"hooked{i}@example.com" for i in range(10)]
    for email in emails:
        assert call("POST", "/v1/contacts", json={"email": email}).status_code == 201
    assert call("PATCH", f"/v1/contacts/{emails[0]}", json={"first_name": "Ann"}).status_code == 200

    def steady_arrivals() -> dict[str, dict]:
        return {a.webhook_id: a.payload for a in receiver.seen("/hook")}

    got = eventually(lambda: (found := steady_arrivals()) and len(found) >= 11 and found, timeout_s=20)
    assert all(payload is not None for payload in got.values()), "every request verifies"
    assert Counter(p["type"] for p in got.values()) == {"contact.created": 10, "contact.updated": 1}
    created = {p["data"]["contact"]["email"] for p in got.values() if p["type"] == "contact.created"}
    assert created == set(emails)
    updated = next(p for p in got.values() if p["type"] == "contact.updated")
    assert updated["data"]["contact"]["first_name"] == "Ann"  # the contact as it is after the change
    assert all(webhook_id == p["id"] for webhook_id, p in got.items())

    # The flaky receiver saw each delivery fail once, then the same webhook-id again (first retry: 5 s).
    def flaky_ids() -> Counter[str]:
        return Counter(a.webhook_id for a in receiver.seen("/flaky"))

    eventually(lambda: len(flaky_ids()) == 10 and set(flaky_ids().values()) == {2}, timeout_s=40, every_s=0.5)
    log = call("GET", f"/v1/webhooks/{flaky.json()['data']['id']}/deliveries").json()["data"]
    assert len(log) == 10 and {d["status"] for d in log} == {"succeeded"}
    assert [a["status_code"] for a in log[0]["attempts"]] == [500, 200]


def test_another_workspace_cannot_see_a_webhook(local_stack: LocalStack, new_workspace: str) -> None:
    made = local_stack.call(
        "POST",
        "/v1/webhooks",
        key=new_workspace,
        json={"url": "http://127.0.0.1:9/hook", "topics": ["*"]},
    )
    assert made.status_code == 201, made.text
    other = local_stack.call(
        "POST", "/v1/workspaces", json={"name": "Other", "email": "other-webhooks@example.com"}
    ).json()["data"]["key"]["key"]
    assert local_stack.call("GET", f"/v1/webhooks/{made.json()['data']['id']}", key=other).status_code == 404
