"""The local runtime's one clock, moved forward over HTTP: a campaign scheduled a day ahead goes out once
the clock is advanced a day, not before; the clock says how far it was moved, refuses to go back, and
stays moved after a restart. This module's runtime is its own (module-scoped), so no other flow sees the
moved clock."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import pytest

from tests.e2e.conftest import LocalStack, eventually

pytestmark = pytest.mark.e2e


def _clock(stack: LocalStack) -> dict:
    reply = stack.call("GET", "/_local/clock", key=False)
    assert reply.status_code == 200, reply.text
    return reply.json()["data"]


def _advance(stack: LocalStack, seconds: float) -> dict:
    reply = stack.call("POST", "/_local/clock/advance", key=False, json={"seconds": seconds})
    assert reply.status_code == 200, reply.text
    return reply.json()["data"]


def _parse(moment: str) -> datetime:
    return datetime.fromisoformat(moment.replace("Z", "+00:00"))


def test_a_campaign_scheduled_a_day_ahead_is_sent_once_the_clock_is_advanced_a_day(
    local_stack: LocalStack, new_workspace: str
) -> None:
    call = lambda *a, **k: local_stack.call(*a, key=new_workspace, **k)  # noqa: E731
    domain = f"clock-{secrets.token_hex(3)}.example"
    assert call("POST", "/v1/domains", json={"domain": domain}).status_code == 201
    sender = call(
        "POST", "/v1/senders", json={"name": "s", "from_name": "Shop", "from_email": f"news@{domain}"}
    ).json()["data"]["id"]
    list_id = call(
        "POST", "/v1/lists", json={"name": "All", "from_name": "Shop", "from_email": f"news@{domain}"}
    ).json()["data"]["id"]
    audience = {f"r{i}@{domain}" for i in range(3)}
    batch = call(
        "POST", "/v1/contacts/batch", json={"contacts": [{"email": e, "lists": [list_id]} for e in audience]}
    )
    assert batch.status_code == 200 and batch.json()["data"]["created"] == 3
    subject = f"Tomorrow {domain}"
    campaign = call(
        "POST",
        "/v1/campaigns",
        json={
            "title": subject,
            "subject": subject,
            "html": "<p>Hi</p><a href='{{ unsubscribe_url }}'>Unsubscribe</a>",
            "list_id": list_id,
            "sender_id": sender,
        },
    ).json()["data"]["id"]
    start = _clock(local_stack)
    send_at = _parse(start["now"]) + timedelta(days=1)  # a day ahead on the runtime's clock
    scheduled = call("POST", f"/v1/campaigns/{campaign}/send", json={"send_at": send_at.isoformat()})
    assert scheduled.status_code == 202 and scheduled.json()["data"]["status"] == "scheduled"

    def sent_to() -> list[str]:
        outbox = local_stack.call("GET", "/_local/outbox", key=False).json()["data"]
        return sorted(m["to"][0] for m in outbox if m["subject"] == subject)

    # An hour on, what is due has fired before the answer: the campaign is not.
    _advance(local_stack, 3600)
    assert call("GET", f"/v1/campaigns/{campaign}").json()["data"]["status"] == "scheduled"
    assert sent_to() == []

    moved = _advance(local_stack, 86_400 - 3600)
    assert moved["offset_seconds"] == start["offset_seconds"] + 86_400
    eventually(lambda: call("GET", f"/v1/campaigns/{campaign}").json()["data"]["status"] == "sent", 30)
    assert eventually(sent_to, 30) == sorted(audience)  # each once


def test_the_clock_shows_how_far_it_moved_refuses_to_go_back_and_survives_a_restart(
    local_stack: LocalStack,
) -> None:
    before = _clock(local_stack)
    for bad in ({"seconds": -60}, {"seconds": "a day"}, {"minutes": 5}):
        reply = local_stack.call("POST", "/_local/clock/advance", key=False, json=bad)
        assert reply.status_code == 400, reply.text
        error = reply.json()["error"]
        assert error["code"] == "validation_failed"
        assert [f["field"] for f in error["fields"]] == ["seconds"]
    assert _clock(local_stack)["offset_seconds"] == before["offset_seconds"]

    moved = _advance(local_stack, 120)
    assert moved["offset_seconds"] == before["offset_seconds"] + 120
    ahead = _parse(moved["now"]) - datetime.now(UTC)
    assert abs(ahead.total_seconds() - moved["offset_seconds"]) < 5

    local_stack.stop()
    local_stack.start()
    after = _clock(local_stack)
    assert after["offset_seconds"] == moved["offset_seconds"]
    assert abs((_parse(after["now"]) - datetime.now(UTC)).total_seconds() - after["offset_seconds"]) < 5
