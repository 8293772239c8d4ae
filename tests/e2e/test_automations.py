"""A welcome series on the local runtime, as a developer tries it: an event starts it, the first email goes
out at once, the second only once the local clock is advanced two days; the same event again never sends
the series twice; an erased contact leaves its run; an active automation cannot be edited. This module's
runtime is its own (module-scoped), so no other flow sees the moved clock."""

from __future__ import annotations

import secrets
from typing import Any

import pytest

from tests.e2e.conftest import LocalStack, eventually

pytestmark = pytest.mark.e2e


def _subjects(stack: LocalStack, to: str) -> list[str]:
    outbox = stack.call("GET", "/_local/outbox", key=False).json()["data"]
    return sorted(m["subject"] for m in outbox if m["to"] == [to])


def _advance(stack: LocalStack, seconds: int) -> None:
    reply = stack.call("POST", "/_local/clock/advance", key=False, json={"seconds": seconds})
    assert reply.status_code == 200, reply.text


def test_a_welcome_series_runs_on_the_local_clock_once_per_contact(
    local_stack: LocalStack, new_workspace: str
) -> None:
    call = lambda *a, **k: local_stack.call(*a, key=new_workspace, **k)  # noqa: E731
    domain = f"auto-{secrets.token_hex(3)}.example"
    assert call("POST", "/v1/domains", json={"domain": domain}).status_code == 201
    sender = call(
        "POST", "/v1/senders", json={"name": "s", "from_name": "Shop", "from_email": f"hello@{domain}"}
    ).json()["data"]["id"]
    body: dict[str, Any] = {
        "name": "Welcome",
        "trigger": {"type": "event", "event": "signed_up"},
        "steps": [
            {
                "type": "send",
                "sender_id": sender,
                "subject": "Welcome aboard",
                "html": "<p>Hi {{ first_name }}</p>",
            },
            {"type": "wait", "duration": "P2D"},
            {"type": "send", "sender_id": sender, "subject": "Your first week", "html": "<p>Tips</p>"},
        ],
    }
    created = call("POST", "/v1/automations", json=body)
    assert created.status_code == 201 and created.json()["data"]["status"] == "draft"
    automation = created.json()["data"]["id"]
    assert call("POST", f"/v1/automations/{automation}/activate").json()["data"]["status"] == "active"
    refused = call("PATCH", f"/v1/automations/{automation}", json={"name": "Renamed"})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "automation_not_editable"

    ada, bob = f"ada@{domain}", f"bob@{domain}"
    for email in (ada, bob):
        event = {"email": email, "name": "signed_up", "properties": {"plan": "free"}}
        assert call("POST", "/v1/events", json=event).status_code == 202
    eventually(lambda: _subjects(local_stack, ada) == ["Welcome aboard"], 30)
    eventually(lambda: _subjects(local_stack, bob) == ["Welcome aboard"], 30)

    # The same event again: the series never starts twice (reentry: never).
    assert call("POST", "/v1/events", json={"email": ada, "name": "signed_up"}).status_code == 202
    # Bob is erased while he waits: he leaves the run.
    bob_id = call("GET", f"/v1/contacts/{bob}").json()["data"]["id"]
    assert call("DELETE", f"/v1/contacts/{bob_id}").status_code == 200

    def run_of(contact_id: str) -> dict[str, Any]:
        runs = call("GET", f"/v1/automations/{automation}/runs?contact_id={contact_id}").json()["data"]
        return runs[0] if runs else {}

    eventually(lambda: run_of(bob_id).get("status") == "exited", 30)
    assert run_of(bob_id)["exit_reason"] == "contact_deleted"

    _advance(local_stack, 86400)
    ada_id = call("GET", f"/v1/contacts/{ada}").json()["data"]["id"]
    assert run_of(ada_id)["status"] == "active" and _subjects(local_stack, ada) == ["Welcome aboard"]

    _advance(local_stack, 86400 + 60)
    eventually(lambda: _subjects(local_stack, ada) == ["Welcome aboard", "Your first week"], 30)
    eventually(lambda: run_of(ada_id).get("status") == "completed", 30)
    assert _subjects(local_stack, bob) == ["Welcome aboard"]

    stats = call("GET", f"/v1/automations/{automation}").json()["data"]["stats"]
    assert (stats["entered"], stats["completed"], stats["exited"], stats["active"]) == (2, 1, 1, 0)
    assert [(s["reached"], s["sent"]) for s in stats["steps"]] == [(2, 2), (2, 0), (1, 1)]
