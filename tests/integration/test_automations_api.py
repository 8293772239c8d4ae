"""Automations over the API: creating drafts, the definitions refused, what they may name, changing them only
while draft or paused, activating and pausing, deleting, the limit per workspace, another workspace's
automations. Runs and steps: test_automations_runs.py and test_automations_steps.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from functions.automations.handler import handler
from functions.automations.models import MAX_AUTOMATIONS, MAX_STEPS
from functions.core.auth import Caller
from functions.core.ids import new_id
from functions.segments.handler import handler as segments_handler
from functions.templates.handler import handler as templates_handler
from tests.integration.conftest import Client, sender_and_list

ZEROS = {"reached": 0, "sent": 0, "failed": 0, "opened": 0, "clicked": 0}
VIPS = {"groups": [{"conditions": [{"field": "tags", "operator": "contains", "value": "vip"}]}]}


@pytest.fixture
def api(workspace: Caller) -> Client:
    return Client(handler, workspace)


@pytest.fixture
def own(workspace: Caller) -> tuple[str, str]:
    """The workspace's sender id and list id."""
    sender, list_id = sender_and_list(workspace)
    return sender["id"], list_id


def welcome(sender_id: str, list_id: str, **changes: Any) -> dict[str, Any]:
    """Who subscribes to the list gets a welcome, and two days later a tag."""
    return {
        "name": "Welcome series",
        "trigger": {"type": "list_subscribed", "list_id": list_id},
        "steps": [
            {"type": "send", "sender_id": sender_id, "subject": "Welcome", "html": "<p>Hi</p>"},
            {"type": "wait", "duration": "P2D"},
            {"type": "tag", "add": ["welcomed"]},
        ],
        **changes,
    }


def create(api: Client, body: dict[str, Any]) -> dict[str, Any]:
    reply = api.post("/v1/automations", body)
    assert reply.status == 201, reply.body
    return reply.data


def fields(reply: Any) -> list[str]:
    return [f["field"] for f in reply.error["fields"]]


# --- creating, listing, reading -----------------------------------------------------------------


def test_a_new_automation_is_a_draft_echoing_its_definition_with_empty_stats(
    api: Client, own: tuple[str, str]
) -> None:
    sender_id, list_id = own

    made = api.post("/v1/automations", welcome(sender_id, list_id))

    assert made.status == 201, made.body
    data = made.data
    assert data["status"] == "draft" and data["activated_at"] is None
    assert data["name"] == "Welcome series" and data["reentry"] == "never"
    assert data["trigger"] == {"type": "list_subscribed", "list_id": list_id}
    assert data["steps"] == [
        {
            "type": "send",
            "sender_id": sender_id,
            "subject": "Welcome",
            "html": "<p>Hi</p>",
            "track_opens": True,
            "track_clicks": True,
        },
        {"type": "wait", "duration": "P2D"},
        {"type": "tag", "add": ["welcomed"], "remove": []},
    ]
    assert data["stats"] == {
        "entered": 0,
        "active": 0,
        "completed": 0,
        "exited": 0,
        "steps": [{"index": i, "type": t, **ZEROS} for i, t in enumerate(["send", "wait", "tag"])],
    }
    got = api.get(f"/v1/automations/{data['id']}")
    assert got.status == 200 and got.data == data


def test_an_event_trigger_keeps_its_where_on_the_events_properties(api: Client) -> None:
    where = {"groups": [{"conditions": [{"field": "properties.plan", "operator": "eq", "value": "pro"}]}]}

    made = create(
        api,
        {
            "name": "Pro sign-ups",
            "trigger": {"type": "event", "event": "signed_up", "where": where},
            "steps": [{"type": "tag", "add": ["pro"]}],
            "reentry": "always",
        },
    )

    condition = made["trigger"]["where"]["groups"][0]["conditions"][0]
    assert condition == {"field": "properties.plan", "operator": "eq", "value": "pro"}
    assert made["reentry"] == "always"


def test_an_update_step_keeps_a_fractional_attribute(api: Client) -> None:
    # DynamoDB has no float: one stored as it came in was a 500.
    step = {"type": "update", "attributes": {"score": 4.5, "big": -9.99e125}}
    made = create(
        api,
        {
            "name": "Score",
            "trigger": {"type": "event", "event": "scored"},
            "steps": [step],
            "reentry": "always",
        },
    )

    assert made["steps"][0]["attributes"] == {"score": 4.5, "big": -9.99e125}
    changed = api.patch(f"/v1/automations/{made['id']}", {"steps": [{**step, "attributes": {"score": 0.25}}]})
    assert changed.status == 200, changed.body


def test_automations_are_listed_newest_first_a_page_at_a_time(api: Client, own: tuple[str, str]) -> None:
    made = [create(api, welcome(*own, name=f"Series {i}"))["id"] for i in range(3)]

    first = api.get("/v1/automations?limit=2")
    second = api.get(f"/v1/automations?limit=2&cursor={first.body['next_cursor']}")

    assert [a["id"] for a in first.data] == made[::-1][:2]
    assert [a["id"] for a in second.data] == made[::-1][2:]
    assert second.body["next_cursor"] is None
    assert api.get("/v1/automations?cursor=forged").error["code"] == "invalid_cursor"


def test_a_new_automation_has_no_runs(api: Client, own: tuple[str, str]) -> None:
    made = create(api, welcome(*own))

    runs = api.get(f"/v1/automations/{made['id']}/runs")
    of_contact = api.get(f"/v1/automations/{made['id']}/runs?contact_id={new_id()}&status=active")
    bogus = api.get(f"/v1/automations/{made['id']}/runs?status=bogus")

    assert runs.status == 200 and runs.body == {"data": [], "next_cursor": None}
    assert of_contact.status == 200 and of_contact.data == []
    assert bogus.status == 400 and "status" in fields(bogus)


# --- definitions refused ---------------------------------------------------------------------------

Definition = Callable[[str], dict[str, Any]]  # the sender id -> a body


def _steps(*steps: dict[str, Any]) -> Definition:
    return lambda sender_id: {"name": "N", "trigger": {"type": "contact_created"}, "steps": list(steps)}


def _trigger(trigger: dict[str, Any]) -> Definition:
    return lambda sender_id: {"name": "N", "trigger": trigger, "steps": [{"type": "tag", "add": ["x"]}]}


def _send(from_sender: bool = True, **content: Any) -> Definition:
    """A send step with this content, from the workspace's sender (or from no sender at all)."""

    def body(sender_id: str) -> dict[str, Any]:
        step = {"type": "send", **({"sender_id": sender_id} if from_sender else {}), **content}
        return _steps(step)(sender_id)

    return body


def _condition_skipping(at: int, to: int) -> Definition:
    steps = [{"type": "tag", "add": ["x"]}] * 3
    steps[at] = {"type": "condition", "rules": VIPS, "else": f"skip_to:{to}"}
    return _steps(*steps)


def _where(field: str) -> Definition:
    where = {"groups": [{"conditions": [{"field": field, "operator": "eq", "value": "x"}]}]}
    return _trigger({"type": "event", "event": "signed_up", "where": where})


WAIT = {"type": "wait", "duration": "PT1H"}
REFUSED: dict[str, tuple[Definition, str, str]] = {
    # what is wrong: (the body, where the field named is, its last part)
    "a list trigger without its list": (_trigger({"type": "list_subscribed"}), "trigger", "list_id"),
    "a segment trigger without its segment": (_trigger({"type": "segment_entered"}), "trigger", "segment_id"),
    "an unknown trigger": (_trigger({"type": "moon_phase"}), "trigger", "trigger"),
    "an unknown step": (_steps({"type": "dance"}), "steps.0", "0"),
    "a wait under a minute": (_steps({"type": "wait", "duration": "PT30S"}), "steps.0", "duration"),
    "a wait over a year": (_steps({"type": "wait", "duration": "P400D"}), "steps.0", "duration"),
    "a wait that is not ISO 8601": (_steps({"type": "wait", "duration": "2 hours"}), "steps.0", "duration"),
    "a wait of nothing": (_steps({"type": "wait", "duration": "P"}), "steps.0", "duration"),
    "a send without content": (_send(), "steps.0", "send"),
    "a send with a subject and no html": (_send(subject="Hi"), "steps.0", "send"),
    "a send without a sender": (
        _send(from_sender=False, subject="Hi", html="<p>Hi</p>"),
        "steps.0",
        "sender_id",
    ),
    "a send with a template and html": (
        _send(template_id=new_id(), html="<p>Hi</p>"),
        "steps.0",
        "send",
    ),
    "a skip backwards": (_condition_skipping(1, 0), "steps", "steps"),
    "a skip to itself": (_condition_skipping(1, 1), "steps", "steps"),
    "a skip past the last step": (_condition_skipping(0, 3), "steps", "steps"),
    "an else that is neither exit nor a skip": (
        _steps({"type": "condition", "rules": VIPS, "else": "jump"}, WAIT),
        "steps.0",
        "else",
    ),
    "a where on the contact's email": (_where("email"), "trigger", "where"),
    "a where on the contact's attributes": (_where("attributes.plan"), "trigger", "where"),
    "a wait_until without weekday or time": (_steps({"type": "wait_until"}), "steps.0", "wait_until"),
    "a wait_until at 25 o'clock": (_steps({"type": "wait_until", "time": "25:00"}), "steps.0", "time"),
    "no steps": (_steps(), "steps", "steps"),
    "more steps than allowed": (_steps(*[WAIT] * (MAX_STEPS + 1)), "steps", "steps"),
}


@pytest.mark.parametrize("case", REFUSED.values(), ids=list(REFUSED))
def test_a_definition_that_cannot_run_is_refused_naming_the_field(
    api: Client, own: tuple[str, str], case: tuple[Definition, str, str]
) -> None:
    body, where, leaf = case
    sender_id, _ = own

    reply = api.post("/v1/automations", body(sender_id))

    assert reply.status == 400, reply.body
    assert reply.error["code"] == "validation_failed"
    named = fields(reply)
    assert any(f.startswith(where) and f.endswith(leaf) for f in named), named
    assert api.get("/v1/automations").data == []


@pytest.mark.parametrize("duration", ["PT1M", "P365D", "P1W", "P1DT12H"])
def test_a_wait_from_a_minute_to_a_year_is_accepted(api: Client, duration: str) -> None:
    made = create(api, _steps({"type": "wait", "duration": duration})(""))
    assert made["steps"] == [{"type": "wait", "duration": duration}]


def test_as_many_steps_as_allowed_are_accepted(api: Client) -> None:
    made = create(api, _steps(*[WAIT] * MAX_STEPS)(""))
    assert len(made["steps"]) == len(made["stats"]["steps"]) == MAX_STEPS


def test_a_change_that_cannot_run_is_refused_and_changes_nothing(api: Client, own: tuple[str, str]) -> None:
    made = create(api, welcome(*own))

    reply = api.patch(f"/v1/automations/{made['id']}", {"steps": [{"type": "wait", "duration": "PT30S"}]})

    assert reply.status == 400 and any(f.endswith("duration") for f in fields(reply))
    assert api.get(f"/v1/automations/{made['id']}").data == made


# --- what a definition names belongs to the workspace ------------------------------------------------


def _theirs(other: Caller) -> dict[str, str]:
    """A sender, list, segment and template of another workspace."""
    sender, list_id = sender_and_list(other)
    segment = Client(segments_handler, other).post("/v1/segments", {"name": "VIP", "list_id": list_id})
    template = Client(templates_handler, other).post(
        "/v1/templates", {"name": "T", "subject": "Hi", "html": "<p>Hi</p>"}
    )
    assert segment.status == template.status == 201
    return {
        "sender": sender["id"],
        "list": list_id,
        "segment": segment.data["id"],
        "template": template.data["id"],
    }


NAMING: dict[str, tuple[str, Callable[[str, str, str], dict[str, Any]]]] = {
    # what names the other workspace's object: (its kind, the body from (own sender, own list, their id))
    "a list trigger": (
        "list",
        lambda s, ls, x: welcome(s, ls, trigger={"type": "list_subscribed", "list_id": x}),
    ),
    "a segment trigger": (
        "segment",
        lambda s, ls, x: welcome(s, ls, trigger={"type": "segment_entered", "segment_id": x}),
    ),
    "a send step's sender": (
        "sender",
        lambda s, ls, x: welcome(
            s, ls, steps=[{"type": "send", "sender_id": x, "subject": "S", "html": "<p>x</p>"}]
        ),
    ),
    "a send step's template": (
        "template",
        lambda s, ls, x: welcome(s, ls, steps=[{"type": "send", "sender_id": s, "template_id": x}]),
    ),
    "a subscribe step": (
        "list",
        lambda s, ls, x: welcome(s, ls, steps=[{"type": "subscribe", "list_id": x}]),
    ),
}


@pytest.mark.parametrize("case", NAMING.values(), ids=list(NAMING))
def test_another_workspaces_object_is_not_found_and_nothing_is_stored(
    api: Client, own: tuple[str, str], other_workspace: Caller, case: tuple[str, Callable[..., Any]]
) -> None:
    kind, body = case
    theirs = _theirs(other_workspace)
    draft = create(api, welcome(*own))

    made = api.post("/v1/automations", body(*own, theirs[kind]))
    changed = api.patch(f"/v1/automations/{draft['id']}", body(*own, theirs[kind]))
    never = api.post("/v1/automations", body(*own, new_id()))

    for reply in (made, changed, never):
        assert (reply.status, reply.error["code"]) == (404, f"{kind}_not_found"), reply.body
    assert [a["id"] for a in api.get("/v1/automations").data] == [draft["id"]]
    assert api.get(f"/v1/automations/{draft['id']}").data == draft


def test_a_send_step_may_name_a_template_of_the_workspace(
    api: Client, own: tuple[str, str], workspace: Caller
) -> None:
    sender_id, list_id = own
    template = Client(templates_handler, workspace).post(
        "/v1/templates", {"name": "T", "subject": "Hi", "html": "<p>Hi</p>"}
    )

    made = create(
        api,
        welcome(
            sender_id,
            list_id,
            steps=[{"type": "send", "sender_id": sender_id, "template_id": template.data["id"]}],
        ),
    )

    assert made["steps"][0]["template_id"] == template.data["id"]


# --- changing, activating, pausing ---------------------------------------------------------------------


def test_a_draft_changes_what_it_names(api: Client, own: tuple[str, str], workspace: Caller) -> None:
    sender_id, list_id = own
    made = create(api, welcome(sender_id, list_id))
    segment = (
        Client(segments_handler, workspace).post("/v1/segments", {"name": "VIP", "list_id": list_id}).data
    )

    changed = api.patch(
        f"/v1/automations/{made['id']}",
        {
            "name": "Re-engage",
            "trigger": {"type": "segment_exited", "segment_id": segment["id"]},
            "reentry": "after_exit",
        },
    )

    assert changed.status == 200, changed.body
    assert changed.data["name"] == "Re-engage" and changed.data["reentry"] == "after_exit"
    assert changed.data["trigger"] == {"type": "segment_exited", "segment_id": segment["id"]}
    assert changed.data["steps"] == made["steps"]  # not named: as it was
    assert api.get(f"/v1/automations/{made['id']}").data == changed.data


def test_new_steps_bring_their_own_stats(api: Client, own: tuple[str, str]) -> None:
    made = create(api, welcome(*own))

    changed = api.patch(f"/v1/automations/{made['id']}", {"steps": [WAIT, {"type": "exit"}]})

    assert changed.data["steps"] == [WAIT, {"type": "exit"}]
    assert changed.data["stats"]["steps"] == [
        {"index": 0, "type": "wait", **ZEROS},
        {"index": 1, "type": "exit", **ZEROS},
    ]


def test_an_active_automation_cannot_be_changed_until_it_is_paused(api: Client, own: tuple[str, str]) -> None:
    made = create(api, welcome(*own))
    path = f"/v1/automations/{made['id']}"

    active = api.post(f"{path}/activate")
    refused = api.patch(path, {"name": "Changed", "steps": [WAIT]})

    assert active.status == 200 and active.data["status"] == "active" and active.data["activated_at"]
    assert (refused.status, refused.error["code"]) == (422, "automation_not_editable")
    assert api.get(path).data == active.data

    paused = api.post(f"{path}/pause")
    changed = api.patch(path, {"name": "Changed"})

    assert paused.status == 200 and paused.data["status"] == "paused"
    assert changed.status == 200 and changed.data["name"] == "Changed" and changed.data["status"] == "paused"


def test_a_draft_cannot_be_paused(api: Client, own: tuple[str, str]) -> None:
    made = create(api, welcome(*own))

    reply = api.post(f"/v1/automations/{made['id']}/pause")

    assert (reply.status, reply.error["code"]) == (422, "automation_not_active")
    assert api.get(f"/v1/automations/{made['id']}").data["status"] == "draft"


def test_activating_twice_is_harmless(api: Client, own: tuple[str, str]) -> None:
    made = create(api, welcome(*own))

    first = api.post(f"/v1/automations/{made['id']}/activate")
    again = api.post(f"/v1/automations/{made['id']}/activate")

    assert first.status == again.status == 200
    assert again.data == first.data and again.data["status"] == "active"


# --- deleting, other workspaces, the limit -------------------------------------------------------------


def _every_route(api: Client, automation_id: str) -> list[Any]:
    path = f"/v1/automations/{automation_id}"
    return [
        api.get(path),
        api.patch(path, {"name": "Mine now"}),
        api.post(f"{path}/activate"),
        api.post(f"{path}/pause"),
        api.get(f"{path}/runs"),
        api.delete(path),
    ]


def test_a_deleted_automation_is_gone(api: Client, own: tuple[str, str]) -> None:
    made = create(api, welcome(*own))

    assert api.delete(f"/v1/automations/{made['id']}").body == {"ok": True}

    for reply in _every_route(api, made["id"]):
        assert (reply.status, reply.error["code"]) == (404, "automation_not_found"), reply.body
    assert api.get("/v1/automations").data == []


def test_another_workspaces_automation_answers_404_and_stays_as_it_was(
    api: Client, other_workspace: Caller
) -> None:
    theirs = Client(handler, other_workspace)
    objects = _theirs(other_workspace)
    made = create(theirs, welcome(objects["sender"], objects["list"]))

    for reply in _every_route(api, made["id"]):
        assert (reply.status, reply.error["code"]) == (404, "automation_not_found"), reply.body
    assert api.get("/v1/automations").data == []
    assert theirs.get(f"/v1/automations/{made['id']}").data == made


@pytest.mark.parametrize("ident", ["nope", "../x", "01234567-89ab-cdef-0123-456789abcdef"])
def test_an_id_that_names_no_automation_answers_404(api: Client, ident: str) -> None:
    for reply in _every_route(api, ident):
        assert reply.status == 404, reply.body


def test_a_workspace_has_at_most_fifty_automations(api: Client) -> None:
    body = _steps(WAIT)("")  # names nothing: nothing to look up
    made = [create(api, body)["id"] for _ in range(MAX_AUTOMATIONS)]

    refused = api.post("/v1/automations", body)

    assert (refused.status, refused.error["code"]) == (409, "automation_limit_reached")
    assert len(api.get("/v1/automations?limit=100").data) == MAX_AUTOMATIONS
    api.delete(f"/v1/automations/{made[0]}")
    assert api.post("/v1/automations", body).status == 201
    assert api.post("/v1/automations", body).status == 409


def test_a_send_step_whose_content_cannot_render_is_refused_when_saved(
    api: Client, own: tuple[str, str]
) -> None:
    sender_id, _ = own

    reply = api.post("/v1/automations", _send(subject="Hi", html="<p>{{ first_name</p>")(sender_id))

    assert reply.status == 400, reply.body
    assert reply.error["code"].startswith("template"), reply.error
    assert api.get("/v1/automations").data == []
