"""The local runtime stopped in the middle of a campaign, as a developer stops it: killed outright
(SIGKILL) or with Ctrl-C (SIGINT). After a restart on the same state, the campaign finishes by itself:
every subscriber is in the outbox exactly once, every recipient is settled, and SES's delivery feedback
reaches every one of them, those sent before the stop included."""

from __future__ import annotations

import secrets
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.e2e.conftest import LocalStack, eventually

pytestmark = pytest.mark.e2e
SUBSCRIBERS = 40
RATE = "8"  # messages a second: the campaign takes about 5 s, the stop lands in the middle


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[LocalStack]:
    local = LocalStack(tmp_path / "state", environment={"SES_MAX_SEND_RATE": RATE})
    yield local
    if local.process and local.process.poll() is None:
        local.stop()


def _call(stack: LocalStack) -> Callable[..., requests.Response]:
    return lambda *a, **k: stack.call(*a, **k)


def _campaign(stack: LocalStack, daily_limit: int | None = None) -> tuple[str, str, set[str]]:
    """A list of SUBSCRIBERS and a campaign to it (not started); returns campaign id, sender id, addresses."""
    call = _call(stack)
    tag = secrets.token_hex(3)
    domain = f"crash-{tag}.example"
    assert call("POST", "/v1/domains", json={"domain": domain}).status_code == 201
    sender_body: dict[str, Any] = {"name": "s", "from_name": "Shop", "from_email": f"news@{domain}"}
    if daily_limit:
        sender_body["daily_limit"] = daily_limit
    sender = call("POST", "/v1/senders", json=sender_body).json()["data"]["id"]
    list_id = call(
        "POST", "/v1/lists", json={"name": "All", "from_name": "Shop", "from_email": f"news@{domain}"}
    ).json()["data"]["id"]
    addresses = {f"r{i:03d}-{tag}@example.com" for i in range(SUBSCRIBERS)}
    batch = {"contacts": [{"email": email, "lists": [list_id]} for email in sorted(addresses)]}
    subscribed = call("POST", "/v1/contacts/batch", json=batch)
    assert subscribed.status_code == 200 and subscribed.json()["data"]["created"] == SUBSCRIBERS
    campaign = call(
        "POST",
        "/v1/campaigns",
        json={
            "title": f"Crash {tag}",
            "subject": f"Crash {tag}",
            "html": "<p>Hello</p><a href='{{ unsubscribe_url }}'>Unsubscribe</a>",
            "list_id": list_id,
            "sender_id": sender,
        },
    ).json()["data"]["id"]
    return campaign, sender, addresses


def _sent_to(stack: LocalStack, subject: str) -> Counter[str]:
    outbox = stack.call("GET", "/_local/outbox", key=False).json()["data"]
    return Counter(m["to"][0] for m in outbox if m["subject"] == subject)


def _recipients(stack: LocalStack, campaign: str) -> dict[str, str]:
    found: dict[str, str] = {}
    cursor = None
    while True:
        params = {"limit": 100, **({"cursor": cursor} if cursor else {})}
        page = stack.call("GET", f"/v1/campaigns/{campaign}/recipients", params=params).json()
        found.update({r["email"]: r["state"] for r in page["data"]})
        cursor = page.get("next_cursor")
        if not cursor:
            return found


def _finishes_exactly_once(stack: LocalStack, campaign: str, addresses: set[str]) -> None:
    r = stack.call("GET", f"/v1/campaigns/{campaign}")
    assert r.status_code == 200, (r.status_code, r.text, "".join(stack.output)[-3000:])
    subject = stack.call("GET", f"/v1/campaigns/{campaign}").json()["data"]["subject"]
    status = lambda: stack.call("GET", f"/v1/campaigns/{campaign}").json()["data"]["status"]  # noqa: E731
    eventually(lambda: status() == "sent", 120, 0.5)
    sent = _sent_to(stack, subject)
    assert set(sent) == addresses  # everyone, and nobody else
    assert [a for a, n in sent.items() if n > 1] == []  # nobody twice
    states = _recipients(stack, campaign)
    assert set(states) == addresses
    stats = stack.call("GET", f"/v1/campaigns/{campaign}/stats").json()["data"]
    assert (stats["recipients"], stats["sent"], stats["failed"], stats["skipped"]) == (
        len(addresses),
        len(addresses),
        0,
        0,
    )
    # Feedback for every message, including those sent before the stop.
    delivered = lambda: stack.call("GET", f"/v1/campaigns/{campaign}/stats").json()["data"]["delivered"]  # noqa: E731
    eventually(lambda: delivered() == len(addresses), 60, 0.5)
    assert set(_recipients(stack, campaign).values()) == {"delivered"}


def _stop_midway(stack: LocalStack, subject: str, how: str) -> None:
    eventually(lambda: sum(_sent_to(stack, subject).values()) >= SUBSCRIBERS // 4, 60, 0.1)
    if how == "kill":
        stack.kill()
    else:
        stack.process.send_signal(signal.SIGINT)  # type: ignore[union-attr]
        assert stack.process.wait(timeout=60) == 0  # type: ignore[union-attr]


@pytest.mark.parametrize("how", ["kill", "interrupt"])
def test_a_campaign_stopped_midway_finishes_after_a_restart_each_subscriber_once(
    stack: LocalStack, how: str
) -> None:
    if how == "kill":  # checkpoints every few seconds too: the restart reads one and the journal after it
        stack.environment["LETTERCAST_CHECKPOINT_BYTES"] = "20000"
    stack.start()
    campaign, _, addresses = _campaign(stack)
    subject = stack.call("GET", f"/v1/campaigns/{campaign}").json()["data"]["subject"]
    assert stack.call("POST", f"/v1/campaigns/{campaign}/send", json={}).status_code == 202
    _stop_midway(stack, subject, how)
    stack.start()
    _finishes_exactly_once(stack, campaign, addresses)


def test_a_paused_campaign_killed_right_after_its_resume_finishes_each_subscriber_once(
    stack: LocalStack,
) -> None:
    stack.start()
    campaign, sender, addresses = _campaign(stack, daily_limit=SUBSCRIBERS // 2)
    call = _call(stack)
    assert call("POST", f"/v1/campaigns/{campaign}/send", json={}).status_code == 202
    paused = lambda: call("GET", f"/v1/campaigns/{campaign}").json()["data"]  # noqa: E731
    eventually(lambda: paused()["status"] == "paused", 60, 0.2)
    assert paused()["paused_reason"] == "sender_daily_limit"
    assert call("PATCH", f"/v1/senders/{sender}", json={"daily_limit": 10_000}).status_code == 200
    assert call("POST", f"/v1/campaigns/{campaign}/resume").status_code == 202
    time.sleep(1.0)  # the resume's dispatch is under way
    stack.kill()
    stack.start()
    _finishes_exactly_once(stack, campaign, addresses)
