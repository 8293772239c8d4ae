"""A one-off send over the local runtime: delivered, bounced by the SES simulator, then skipped."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import LocalStack, eventually

pytestmark = pytest.mark.e2e


def test_compose_bounce_then_skip(local_stack: LocalStack, new_workspace: str) -> None:
    call = lambda *a, **k: local_stack.call(*a, key=new_workspace, **k)  # noqa: E731
    assert call("POST", "/v1/domains", json={"domain": "e2e.example"}).status_code == 201
    sender = call(
        "POST", "/v1/senders", json={"name": "n", "from_name": "E2E", "from_email": "hi@e2e.example"}
    ).json()
    key = sender["data"]["account_key"]
    call("POST", "/v1/contacts", json={"email": "bounce@simulator.amazonses.com", "first_name": "Bo"})
    call("POST", "/v1/contacts", json={"email": "ok@example.com", "first_name": "Ok"})
    body = {"account_key": key, "subject": "Hello {{ first_name }}", "body": "<p>Hi {{ first_name }}</p>"}
    recipients = {"emails": ["ok@example.com", "bounce@simulator.amazonses.com"]}

    sent = call("POST", "/v1/compose", json={**body, "recipients": recipients})
    assert sent.status_code == 200 and sent.json()["sent"] == 2

    outbox = local_stack.call("GET", "/_local/outbox", key=False).json()["data"]
    mine = [m for m in outbox if m["from"].endswith("<hi@e2e.example>")]
    assert {m["subject"] for m in mine} == {"Hello Ok", "Hello Bo"}
    assert all("<p>Hi" in m["html"] and m["text"] for m in mine)

    status = lambda: call("GET", "/v1/contacts/bounce@simulator.amazonses.com").json()["data"]["status"]  # noqa: E731
    eventually(lambda: status() == "bounced")
    again = call("POST", "/v1/compose", json={**body, "recipients": recipients}).json()
    assert again["sent"] == 1
    assert again["failed"] == [{"email": "bounce@simulator.amazonses.com", "error": "bounced"}]
    assert "Outbox" in local_stack.call("GET", "/_local/mail", key=False).text
