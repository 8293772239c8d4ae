"""Each trigger starts its automation and each kind of step does what it says, once; re-entry, pause,
unsubscribing and tracking as a user of the API sees them (moto, the background driven by hand)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest

from functions.automations.handler import handler as automations_handler
from functions.contacts.handler import handler as contacts_handler
from functions.core import clock
from functions.core.auth import Caller
from functions.events.handler import handler as events_handler
from functions.lists.handler import handler as lists_handler
from functions.public.handler import handler as public_handler
from functions.segments.handler import handler as segments_handler
from infra.local.events import LambdaContext
from tests.builders import rest_event
from tests.integration.conftest import Background, Client, sender_and_list
from tests.integration.test_automations_runs import activated, outbox, subjects, sweep


@pytest.fixture(autouse=True)
def _clock_back() -> Any:
    yield
    clock.set_offset(0)


@pytest.fixture
def api(workspace: Caller) -> Client:
    return Client(automations_handler, workspace)


@pytest.fixture
def made(workspace: Caller) -> tuple[dict[str, Any], str]:
    return sender_and_list(workspace)


def contact(workspace: Caller, email: str, **fields: Any) -> dict[str, Any]:
    reply = Client(contacts_handler, workspace).post("/v1/contacts", {"email": email, **fields})
    assert reply.status in (200, 201), reply.body
    return reply.data


def contact_now(workspace: Caller, contact_id: str) -> dict[str, Any]:
    return Client(contacts_handler, workspace).get(f"/v1/contacts/{contact_id}").data


def send(sender_id: str, subject: str, html: str = "<p>Hi</p>") -> dict[str, Any]:
    return {"type": "send", "sender_id": sender_id, "subject": subject, "html": html}


def test_subscribing_to_a_list_runs_tag_update_subscribe_and_a_condition_that_skips(
    api: Client, workspace: Caller, made: tuple[dict[str, Any], str], background: Background
) -> None:
    sender, list_id = made
    other = Client(lists_handler, workspace).post(
        "/v1/lists", {"name": "VIP", "from_name": "A", "from_email": sender["from_email"]}
    )
    vip = {"groups": [{"conditions": [{"field": "attributes.plan", "operator": "eq", "value": "pro"}]}]}
    automation = activated(
        api,
        {
            "name": "Onboarding",
            "trigger": {"type": "list_subscribed", "list_id": list_id},
            "steps": [
                {"type": "tag", "add": ["onboarding"]},
                {"type": "update", "attributes": {"onboarded": True}},
                {"type": "condition", "rules": vip, "else": "skip_to:4"},
                {"type": "subscribe", "list_id": other.data["id"]},
                send(sender["id"], "Hello"),
            ],
        },
    )
    pro = contact(workspace, "pro@example.com", attributes={"plan": "pro"})
    free = contact(workspace, "free@example.com", attributes={"plan": "free"})
    for person in (pro, free):
        subscribed = Client(lists_handler, workspace).post(
            f"/v1/lists/{list_id}/subscribers", {"email": person["email"]}
        )
        assert subscribed.status in (200, 201)
    background.settle()

    for person, vip_list in ((pro, True), (free, False)):
        now = contact_now(workspace, person["id"])
        assert "onboarding" in now["tags"] and now["attributes"]["onboarded"] is True
        statuses = {m["list_id"]: m["status"] for m in now["lists"]}
        assert (statuses.get(other.data["id"]) == "subscribed") is vip_list
        assert subjects(person["email"]) == ["Hello"]
    stats = api.get(f"/v1/automations/{automation['id']}").data["stats"]
    assert [s["reached"] for s in stats["steps"]] == [2, 2, 2, 1, 2]
    assert stats["completed"] == 2


def test_a_condition_that_does_not_match_exits_and_an_exit_step_ends_the_run(
    api: Client, workspace: Caller, made: tuple[dict[str, Any], str], background: Background
) -> None:
    sender, _ = made
    never = {"groups": [{"conditions": [{"field": "attributes.plan", "operator": "eq", "value": "gold"}]}]}
    first = activated(
        api,
        {
            "name": "Gold only",
            "trigger": {"type": "contact_created"},
            "steps": [{"type": "condition", "rules": never}, send(sender["id"], "Gold")],
        },
    )
    second = activated(
        api,
        {
            "name": "Stops",
            "trigger": {"type": "contact_created"},
            "steps": [{"type": "exit"}, send(sender["id"], "Never")],
        },
    )
    person = contact(workspace, "plain@example.com")
    background.settle()

    assert subjects("plain@example.com") == []
    for automation, reason in ((first, "condition"), (second, "exit_step")):
        (run,) = api.get(f"/v1/automations/{automation['id']}/runs?contact_id={person['id']}").data
        assert (run["status"], run["exit_reason"]) == ("exited", reason)


def test_entering_a_segment_starts_the_automation(
    api: Client, workspace: Caller, made: tuple[dict[str, Any], str], background: Background
) -> None:
    sender, list_id = made
    rules = {"groups": [{"conditions": [{"field": "attributes.score", "operator": "gte", "value": 10}]}]}
    segment = Client(segments_handler, workspace).post(
        "/v1/segments", {"name": "Engaged", "list_id": list_id, "rules": rules}
    )
    activated(
        api,
        {
            "name": "Engaged",
            "trigger": {"type": "segment_entered", "segment_id": segment.data["id"]},
            "steps": [send(sender["id"], "You are engaged")],
        },
    )
    Client(lists_handler, workspace).post(
        f"/v1/lists/{list_id}/subscribers", {"email": "seg@example.com", "attributes": {"score": 12}}
    )
    Client(lists_handler, workspace).post(
        f"/v1/lists/{list_id}/subscribers", {"email": "low@example.com", "attributes": {"score": 1}}
    )
    background.settle()

    assert subjects("seg@example.com") == ["You are engaged"]
    assert subjects("low@example.com") == []


@pytest.mark.parametrize(("reentry", "expected"), [("after_exit", 2), ("always", 2), ("never", 1)])
def test_reentry_decides_whether_a_contact_runs_it_again(
    api: Client,
    workspace: Caller,
    made: tuple[dict[str, Any], str],
    background: Background,
    reentry: str,
    expected: int,
) -> None:
    sender, _ = made
    activated(
        api,
        {
            "name": "Nudge",
            "trigger": {"type": "event", "event": "viewed"},
            "steps": [send(sender["id"], f"Nudge {reentry}")],
            "reentry": reentry,
        },
    )
    events = Client(events_handler, workspace)
    for _ in range(2):
        assert (
            events.post("/v1/events", {"email": f"re-{reentry}@example.com", "name": "viewed"}).status == 202
        )
        background.settle()

    assert subjects(f"re-{reentry}@example.com") == [f"Nudge {reentry}"] * expected


def test_where_rules_on_the_events_properties_pick_who_enters(
    api: Client, workspace: Caller, made: tuple[dict[str, Any], str], background: Background
) -> None:
    sender, _ = made
    where = {"groups": [{"conditions": [{"field": "properties.plan", "operator": "eq", "value": "pro"}]}]}
    activated(
        api,
        {
            "name": "Pro upgrade",
            "trigger": {"type": "event", "event": "upgraded", "where": where},
            "steps": [send(sender["id"], "Thanks for going pro")],
        },
    )
    events = Client(events_handler, workspace)
    events.post("/v1/events", {"email": "p1@example.com", "name": "upgraded", "properties": {"plan": "pro"}})
    events.post("/v1/events", {"email": "p2@example.com", "name": "upgraded", "properties": {"plan": "team"}})
    background.settle()

    assert subjects("p1@example.com") == ["Thanks for going pro"]
    assert subjects("p2@example.com") == []


def test_a_paused_automation_lets_nobody_in_and_its_waiting_runs_hold(
    api: Client, workspace: Caller, made: tuple[dict[str, Any], str], background: Background
) -> None:
    sender, _ = made
    automation = activated(
        api,
        {
            "name": "Two parts",
            "trigger": {"type": "event", "event": "joined"},
            "steps": [{"type": "wait", "duration": "PT1H"}, send(sender["id"], "Part two")],
        },
    )
    events = Client(events_handler, workspace)
    events.post("/v1/events", {"email": "early@example.com", "name": "joined"})
    background.settle()
    assert api.post(f"/v1/automations/{automation['id']}/pause").data["status"] == "paused"
    events.post("/v1/events", {"email": "late@example.com", "name": "joined"})
    clock.advance(2 * 3600)
    sweep(background)
    assert subjects("early@example.com") == [] and subjects("late@example.com") == []

    api.post(f"/v1/automations/{automation['id']}/activate")
    clock.advance(16 * 60)  # the held run's lease (15 minutes) runs out: the sweep takes it again
    sweep(background)
    assert subjects("early@example.com") == ["Part two"]
    assert subjects("late@example.com") == []  # it arrived while paused: it never entered


def test_the_unsubscribe_link_of_an_automation_message_unsubscribes_and_ends_every_run(
    api: Client, workspace: Caller, made: tuple[dict[str, Any], str], background: Background
) -> None:
    sender, _ = made
    html = "<p>Hi</p><a href='{{ unsubscribe_url }}'>Unsubscribe</a>"
    automation = activated(
        api,
        {
            "name": "Drip",
            "trigger": {"type": "event", "event": "trial"},
            "steps": [
                send(sender["id"], "Day one", html),
                {"type": "wait", "duration": "P1D"},
                send(sender["id"], "Day two"),
            ],
        },
    )
    Client(events_handler, workspace).post("/v1/events", {"email": "bye@example.com", "name": "trial"})
    background.settle()
    (message,) = outbox("bye@example.com")
    link = next(v for k, v in _headers(message) if k == "List-Unsubscribe").strip("<>")

    one_click = public_handler(
        rest_event(
            "POST",
            urlsplit(link).path,
            raw_body="List-Unsubscribe=One-Click",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        LambdaContext("public"),
    )
    assert one_click["statusCode"] == 200
    background.settle()

    (run,) = api.get(f"/v1/automations/{automation['id']}/runs").data
    assert (run["status"], run["exit_reason"]) == ("exited", "unsubscribed")
    assert contact_now(workspace, run["contact_id"])["status"] == "unsubscribed"
    clock.advance(2 * 86400)
    sweep(background)
    assert subjects("bye@example.com") == ["Day one"]


def _headers(message: Any) -> list[tuple[str, str]]:
    from email import message_from_string, policy

    return list(message_from_string(message.raw_data, policy=policy.default).items())


def _links(to: str, index: int) -> tuple[str, str]:
    """The open pixel and the click link of the `index`-th message sent to `to`, as paths."""
    import re
    from email import message_from_string, policy

    body = (
        message_from_string(outbox(to)[index].raw_data, policy=policy.default)
        .get_body(("html",))
        .get_content()
    )
    pixel = re.search(r'src="(http[^"]+/t/o/[^"]+)"', body).group(1)
    click = re.search(r"href='(http[^']+/t/c/[^']+)'", body).group(1)
    return urlsplit(pixel).path, urlsplit(click).path


def test_opens_and_clicks_of_each_step_are_counted_once_per_contact(
    api: Client, workspace: Caller, made: tuple[dict[str, Any], str], background: Background
) -> None:
    sender, _ = made
    html = "<html><body><a href='https://shop.example/new'>New</a></body></html>"
    automation = activated(
        api,
        {
            "name": "Tracked",
            "trigger": {"type": "event", "event": "browsed"},
            "steps": [
                send(sender["id"], "See", html),
                {"type": "wait", "duration": "PT1H"},
                send(sender["id"], "More", html),
            ],
        },
    )
    Client(events_handler, workspace).post("/v1/events", {"email": "reader@example.com", "name": "browsed"})
    background.settle()
    pixel, click = _links("reader@example.com", 0)
    for path in (pixel, pixel, click, click):
        assert public_handler(rest_event("GET", path), LambdaContext("public"))["statusCode"] in (200, 302)
    redirect = public_handler(rest_event("GET", click), LambdaContext("public"))
    assert redirect["multiValueHeaders"]["Location"][0] == "https://shop.example/new"

    clock.advance(3600 + 60)
    sweep(background)  # the run moves on after its first open and click
    pixel, click = _links("reader@example.com", 1)
    for path in (pixel, click, click):
        assert public_handler(rest_event("GET", path), LambdaContext("public"))["statusCode"] in (200, 302)

    steps = api.get(f"/v1/automations/{automation['id']}").data["stats"]["steps"]
    assert [(s["sent"], s["opened"], s["clicked"]) for s in steps] == [(1, 1, 1), (0, 0, 0), (1, 1, 1)]


def test_a_date_trigger_enters_contacts_on_their_day_at_its_time(
    api: Client, workspace: Caller, made: tuple[dict[str, Any], str], background: Background
) -> None:
    sender, _ = made
    tomorrow = (clock.now() + timedelta(days=1)).date()
    born = tomorrow.replace(year=1990).isoformat()
    contact(workspace, "birthday@example.com", attributes={"birthday": born})
    contact(
        workspace,
        "other-day@example.com",
        attributes={"birthday": "1990-01-01" if born[5:] != "01-01" else "1990-06-15"},
    )
    activated(
        api,
        {
            "name": "Birthday",
            "trigger": {"type": "date", "attribute": "birthday", "time": "00:00"},
            "steps": [send(sender["id"], "Happy birthday")],
        },
    )
    sweep(background)
    assert subjects("birthday@example.com") == []  # not its day yet

    clock.advance(86400)
    sweep(background)
    sweep(background)  # the day fires once
    assert subjects("birthday@example.com") == ["Happy birthday"]
    assert subjects("other-day@example.com") == []
