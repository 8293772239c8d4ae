"""A campaign as a marketer runs it over the local runtime: 100 contacts, 10 unsubscribed, a segment,
scheduled a few seconds ahead; the outbox, the links and the stats must agree."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import requests

from tests.e2e.conftest import LocalStack, eventually

pytestmark = pytest.mark.e2e
HTML = (
    "<p>Hi {{ first_name }}</p><a href='https://shop.example/new'>New</a>"
    "<a href='{{ unsubscribe_url }}'>Unsubscribe</a>"
)


def test_a_scheduled_segment_campaign_reaches_exactly_its_audience(
    local_stack: LocalStack, new_workspace: str
) -> None:
    call = lambda *a, **k: local_stack.call(*a, key=new_workspace, **k)  # noqa: E731
    assert call("POST", "/v1/domains", json={"domain": "shop.example"}).status_code == 201
    sender = call(
        "POST", "/v1/senders", json={"name": "s", "from_name": "Shop", "from_email": "news@shop.example"}
    )
    list_id = call(
        "POST", "/v1/lists", json={"name": "All", "from_name": "Shop", "from_email": "news@shop.example"}
    )
    list_id = list_id.json()["data"]["id"]
    rule = {"groups": [{"conditions": [{"field": "attributes.group", "operator": "eq", "value": "a"}]}]}
    segment = call(
        "POST", "/v1/segments", json={"name": "Group A", "list_id": list_id, "rules": rule}
    ).json()["data"]
    audience = [
        {
            "email": f"c{i:03d}@example.com",
            "first_name": f"C{i}",
            "attributes": {"group": "a" if i % 2 else "b"},
        }
        for i in range(100)
    ]
    subscribed = call(
        "POST", "/v1/contacts/batch", json={"contacts": [dict(c, lists=[list_id]) for c in audience]}
    )
    assert subscribed.status_code == 200 and subscribed.json()["data"]["created"] == 100
    # 10 unsubscribe: 7 of group b and 3 of group a.
    for i in [*range(0, 14, 2), *range(1, 7, 2)]:
        assert call("DELETE", f"/v1/lists/{list_id}/subscribers/c{i:03d}@example.com").status_code == 200
    expected = {f"c{i:03d}@example.com" for i in range(7, 100, 2)}  # group a, still subscribed: 47
    eventually(
        lambda: call("GET", f"/v1/segments/{segment['id']}").json()["data"]["contacts_count"] == 47, 30
    )

    campaign = call(
        "POST",
        "/v1/campaigns",
        json={
            "title": "New arrivals",
            "subject": "New for {{ first_name }}",
            "html": HTML,
            "list_id": list_id,
            "segment_ids": [segment["id"]],
            "sender_id": sender.json()["data"]["id"],
        },
    ).json()["data"]
    send_at = (datetime.now(UTC) + timedelta(seconds=3)).isoformat()
    scheduled = call("POST", f"/v1/campaigns/{campaign['id']}/send", json={"send_at": send_at})
    assert scheduled.status_code == 202 and scheduled.json()["data"]["status"] == "scheduled"

    eventually(lambda: call("GET", f"/v1/campaigns/{campaign['id']}").json()["data"]["status"] == "sent", 60)
    outbox = local_stack.call("GET", "/_local/outbox", key=False).json()["data"]
    mine = [
        m for m in outbox if m["from"] == "Shop <news@shop.example>" and m["subject"].startswith("New for")
    ]
    assert sorted(m["to"][0] for m in mine) == sorted(expected)  # each once, nobody else

    stats = call("GET", f"/v1/campaigns/{campaign['id']}/stats").json()["data"]
    assert (stats["recipients"], stats["sent"], stats["failed"], stats["skipped"]) == (47, 47, 0, 0)
    eventually(
        lambda: call("GET", f"/v1/campaigns/{campaign['id']}/stats").json()["data"]["delivered"] == 47, 30
    )

    message = mine[0]
    click = re.search(r"href='(http://127\.0\.0\.1:\d+/t/c/[^']+)'", message["html"]).group(1)
    redirect = requests.get(click, allow_redirects=False, timeout=10)
    assert redirect.status_code == 302 and redirect.headers["Location"] == "https://shop.example/new"
    unsubscribe = message["headers"]["List-Unsubscribe"].strip("<>")
    assert requests.post(unsubscribe, data="List-Unsubscribe=One-Click", timeout=10).status_code == 200
    member = call("GET", f"/v1/lists/{list_id}/subscribers/{message['to'][0]}").json()["data"]
    assert member["lists"][0]["status"] == "unsubscribed"
    final = call("GET", f"/v1/campaigns/{campaign['id']}/stats").json()["data"]
    assert (final["unique_clicks"], final["unsubscribed"]) == (1, 1)
