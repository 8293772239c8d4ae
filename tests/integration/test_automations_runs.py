"""Automation runs on moto, the background driven by hand: a trigger starts a run, steps happen once each,
waits fall due through the sweep, and a contact that leaves stops at once."""

from __future__ import annotations

from email import message_from_string, policy
from typing import Any

import pytest
from botocore.exceptions import ClientError

from functions.automations import runs, service
from functions.automations.handler import handler as automations_handler
from functions.automations.jobs import RunJob
from functions.automations.workers import clock_handler
from functions.contacts.handler import handler as contacts_handler
from functions.core import clock, events
from functions.core.auth import Caller
from functions.events.handler import handler as events_handler
from infra.local.events import LambdaContext
from tests.integration.conftest import Background, Client, sender_and_list, ses_answers

WELCOME = "<p>Welcome {{ first_name | default('friend') }}</p><a href='https://shop.example/start'>Start</a>"


@pytest.fixture(autouse=True)
def _clock_back() -> Any:
    yield
    clock.set_offset(0)


def outbox(to: str) -> list[Any]:
    from moto.ses.models import ses_backends

    return [m for m in ses_backends["123456789012"]["us-east-1"].sent_messages if m.destinations[0] == to]


def subjects(to: str) -> list[str]:
    return [message_from_string(m.raw_data, policy=policy.default)["Subject"] for m in outbox(to)]


def series(sender_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": "Welcome series",
        "trigger": {"type": "event", "event": "signed_up"},
        "steps": [
            {"type": "send", "sender_id": sender_id, "subject": "Welcome", "html": WELCOME},
            {"type": "wait", "duration": "P2D"},
            {"type": "send", "sender_id": sender_id, "subject": "Getting started", "html": "<p>Tips</p>"},
        ],
        **extra,
    }


def sweep(background: Background) -> None:
    """What the every-minute schedule does, then everything that follows from it."""
    clock_handler({"every": "automation-sweep"}, LambdaContext("automation-clock"))
    background.settle()


@pytest.fixture
def api(workspace: Caller) -> Client:
    return Client(automations_handler, workspace)


@pytest.fixture
def sender(workspace: Caller) -> dict[str, Any]:
    return sender_and_list(workspace)[0]


def activated(api: Client, body: dict[str, Any]) -> dict[str, Any]:
    created = api.post("/v1/automations", body)
    assert created.status == 201, created.body
    assert api.post(f"/v1/automations/{created.data['id']}/activate").status == 200
    return created.data


def signed_up(workspace: Caller, email: str) -> None:
    reply = Client(events_handler, workspace).post("/v1/events", {"email": email, "name": "signed_up"})
    assert reply.status == 202, reply.body


def test_an_event_starts_the_series_and_the_second_email_waits_two_days(
    api: Client, workspace: Caller, sender: dict[str, Any], background: Background
) -> None:
    automation = activated(api, series(sender["id"]))
    signed_up(workspace, "new@example.com")
    background.settle()

    assert subjects("new@example.com") == ["Welcome"]
    (run,) = api.get(f"/v1/automations/{automation['id']}/runs").data
    assert (run["status"], run["step"], run["email"]) == ("active", 1, "new@example.com")

    clock.advance(36 * 3600)
    sweep(background)
    assert subjects("new@example.com") == ["Welcome"]  # a day and a half: still waiting

    clock.advance(12 * 3600 + 60)
    sweep(background)
    assert subjects("new@example.com") == ["Welcome", "Getting started"]
    stats = api.get(f"/v1/automations/{automation['id']}").data["stats"]
    assert (stats["entered"], stats["active"], stats["completed"], stats["exited"]) == (1, 0, 1, 0)
    assert [(s["reached"], s["sent"]) for s in stats["steps"]] == [(1, 1), (1, 0), (1, 1)]
    told = [
        e for e in events.recent(workspace.workspace_id, clock.today()) if e["type"] == "automation.completed"
    ]
    assert [(e["data"]["automation_id"], e["data"]["email"]) for e in told] == [
        (automation["id"], "new@example.com")
    ]


def test_the_same_event_again_never_sends_the_series_twice(
    api: Client, workspace: Caller, sender: dict[str, Any], background: Background
) -> None:
    activated(api, series(sender["id"]))
    signed_up(workspace, "twice@example.com")
    background.settle()
    signed_up(workspace, "twice@example.com")
    background.settle()
    clock.advance(3 * 86400)
    sweep(background)
    signed_up(workspace, "twice@example.com")
    background.settle()

    assert subjects("twice@example.com") == ["Welcome", "Getting started"]


def test_an_erased_contact_leaves_its_run_and_gets_nothing_more(
    api: Client, workspace: Caller, sender: dict[str, Any], background: Background
) -> None:
    automation = activated(api, series(sender["id"]))
    signed_up(workspace, "gone@example.com")
    background.settle()
    (run,) = api.get(f"/v1/automations/{automation['id']}/runs").data

    assert Client(contacts_handler, workspace).delete(f"/v1/contacts/{run['contact_id']}").status == 200
    background.settle()

    (left,) = api.get(f"/v1/automations/{automation['id']}/runs").data
    assert (left["status"], left["exit_reason"]) == ("exited", "contact_deleted")
    clock.advance(3 * 86400)
    sweep(background)
    assert subjects("gone@example.com") == ["Welcome"]


class Crash(BaseException):
    """The worker dies here (not an error it could catch)."""


def test_a_worker_killed_between_the_step_and_its_send_does_not_send_twice(
    api: Client, workspace: Caller, sender: dict[str, Any], background: Background
) -> None:
    automation = activated(api, series(sender["id"]))
    contact = Client(contacts_handler, workspace).post("/v1/contacts", {"email": "crash@example.com"}).data
    job = RunJob(
        kind="enter",
        workspace_id=workspace.workspace_id,
        contact_id=contact["id"],
        automation_id=automation["id"],
    )

    def die(**_: Any) -> None:
        raise Crash

    def run(job: RunJob) -> None:  # what the runner does with one job: its run, then the sends it reached
        pending = service.run_job(runs.Definitions(), job)
        service.deliver_all([pending] if pending else [])

    with ses_answers(die), pytest.raises(Crash):
        run(job)
    run(job)  # the same job, delivered again after the crash
    background.settle()

    assert subjects("crash@example.com") == []  # at most once: the step is done, its message lost
    (run,) = api.get(f"/v1/automations/{automation['id']}/runs").data
    assert (run["status"], run["step"]) == ("active", 1)  # waiting for the second email, as planned


def test_a_last_send_that_ses_throttles_waits_at_its_step_and_goes_out_on_the_next_sweep(
    api: Client, workspace: Caller, sender: dict[str, Any], background: Background
) -> None:
    one = {"type": "send", "sender_id": sender["id"], "subject": "Only one", "html": "<p>Hi</p>"}
    automation = activated(
        api, {"name": "One", "trigger": {"type": "event", "event": "pinged"}, "steps": [one]}
    )

    def slow_down(**_: Any) -> None:
        raise ClientError({"Error": {"Code": "Throttling", "Message": "slow down"}}, "SendEmail")

    with ses_answers(slow_down):
        signed_up_as(workspace, "slow@example.com", "pinged")
        background.settle()
    (run,) = api.get(f"/v1/automations/{automation['id']}/runs").data
    assert (run["status"], run["step"], subjects("slow@example.com")) == ("active", 0, [])

    clock.advance(120)
    sweep(background)
    assert subjects("slow@example.com") == ["Only one"]
    stats = api.get(f"/v1/automations/{automation['id']}").data["stats"]
    assert (stats["completed"], stats["active"], stats["steps"][0]["sent"]) == (1, 0, 1)


def test_an_entry_delivered_twice_enters_once_even_when_reentry_is_allowed(
    api: Client, workspace: Caller, sender: dict[str, Any], background: Background
) -> None:
    one = {"type": "send", "sender_id": sender["id"], "subject": "Once", "html": "<p>Hi</p>"}
    automation = activated(
        api,
        {
            "name": "Again",
            "trigger": {"type": "event", "event": "dup"},
            "steps": [one],
            "reentry": "after_exit",
        },
    )
    contact = (
        Client(contacts_handler, workspace).post("/v1/contacts", {"email": "dup-entry@example.com"}).data
    )
    job = RunJob(
        kind="enter",
        workspace_id=workspace.workspace_id,
        contact_id=contact["id"],
        automation_id=automation["id"],
        cause="01a00000-0000-7000-8000-00000000cafe",
    )
    for _ in range(2):  # the same job, as SQS may deliver it twice
        pending = service.run_job(runs.Definitions(), job)
        service.deliver_all([pending] if pending else [])
    background.settle()

    assert subjects("dup-entry@example.com") == ["Once"]


def signed_up_as(workspace: Caller, email: str, name: str) -> None:
    reply = Client(events_handler, workspace).post("/v1/events", {"email": email, "name": name})
    assert reply.status == 202, reply.body
