"""Runs: a contact entering an automation, and its run going step by step until a wait or the end.

Every move of a run is one conditional write on its version (store.put_run), with its stats and, at the
end, its `automation.completed` event in the same transaction. A send step moves the run past itself in
the engine's claim, just before the SES call: a worker that dies after the move and before the call
leaves the message unsent (at most once) and a retried job goes on from the next step, never sending it
twice. Steps that change the contact (tag, update, subscribe) are done before the move: a retry after a
crash does them again, which changes nothing the second time.

Before each step the contact is read again (strongly consistent): one that is gone, unsubscribed,
bounced or complained leaves the run there and then, whatever the fan-out's `leave` job has reached yet.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from functions.account import service as account
from functions.automations import store, timing
from functions.automations.models import (
    STEPS_ADAPTER,
    ConditionStep,
    ExitStep,
    ListStep,
    SendStep,
    TagStep,
    UpdateStep,
    WaitStep,
    WaitUntilStep,
)
from functions.campaigns import tracking
from functions.contacts import service as contacts
from functions.contacts.models import ContactPatch
from functions.core import clock, events, rendering
from functions.core.errors import Invalid, NotFound, RateLimited
from functions.core.ids import new_id
from functions.core.observability import logger
from functions.lists import service as lists
from functions.segments.rules import matches
from functions.senders import service as senders
from functions.sending import service as sending
from functions.sending.message import Message
from functions.sending.tags import SesTags
from functions.templates import service as templates

BLOCKED = ("unsubscribed", "bounced", "complained")
MAX_STEPS_A_JOB = 100  # a run never loops (skips go forward), this only bounds a job's work


class Definitions:
    """What the jobs of one invocation read, each once: automations (they change only while paused), their
    senders, the workspaces' timezones."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], dict[str, Any] | None] = {}
        self.timezones: dict[str, str | None] = {}
        self.senders: dict[tuple[str, str], dict[str, Any]] = {}

    def get(self, workspace_id: str, automation_id: str) -> dict[str, Any] | None:
        key = (workspace_id, automation_id)
        if key not in self.items:
            item = store.get(workspace_id, automation_id)
            if item is not None:
                item["parsed_steps"] = STEPS_ADAPTER.validate_python(item["steps"])
            self.items[key] = item
        return self.items[key]

    def sender(self, workspace_id: str, sender_id: str) -> dict[str, Any]:
        key = (workspace_id, sender_id)
        if key not in self.senders:
            self.senders[key] = senders.load_sender(workspace_id, sender_id)
        return self.senders[key]

    def timezone(self, workspace_id: str) -> str | None:
        if workspace_id not in self.timezones:
            try:
                self.timezones[workspace_id] = account.get_account(workspace_id).timezone
            except NotFound:
                self.timezones[workspace_id] = None
        return self.timezones[workspace_id]


def _step_arrival(definitions: Definitions, automation: dict[str, Any], index: int, moment: datetime) -> str:
    """When a run that arrives at step `index` at `moment` may run it: a wait's end, else at once."""
    steps = automation["parsed_steps"]
    step = steps[index] if index < len(steps) else None
    if isinstance(step, WaitStep | WaitUntilStep):
        timezone = definitions.timezone(automation["workspace_id"])
        return clock.iso(timing.wait_ends(step, moment, timezone))
    return clock.iso(moment)


def enter(
    definitions: Definitions, workspace_id: str, automation_id: str, contact_id: str, cause: str | None = None
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """Start the contact's run, as the automation's re-entry allows; the new run and the contact, or None.
    `cause`: what fired the trigger (a domain event's id, a date trigger's day): the same cause again (a job
    delivered twice) never enters twice."""
    automation = definitions.get(workspace_id, automation_id)
    if automation is None or automation["status"] != "active":
        return None
    contact = contacts.find(workspace_id, contact_id)
    if contact is None or contact.get("status") in BLOCKED:
        return None
    for _ in range(3):  # another entry of the same contact may race this one
        existing = store.get_run(workspace_id, automation_id, contact_id)
        policy = automation.get("reentry", "never")
        if automation["trigger"].get("type") == "date" and policy == "never":
            policy = "after_exit"  # yearly: last year's run, ended, starts again
        if existing is not None and (
            policy == "never"
            or (policy == "after_exit" and existing["status"] == "active")
            or (cause is not None and existing.get("entered_by") == cause)
        ):
            return None
        moment = clock.now()
        run = {
            "workspace_id": workspace_id,
            "automation_id": automation_id,
            "contact_id": contact_id,
            "email": contact["email"],
            "status": "active",
            "step": 0,
            "version": int(existing["version"]) + 1 if existing else 1,
            "entries": int(existing.get("entries", 1)) + 1 if existing else 1,
            "entered_at": clock.iso(moment),
            "entered_by": cause,
            "next_at": _step_arrival(definitions, automation, 0, moment),
        }
        counts = {"entered": 1, "active": 1, "s0_reached": 1}
        if existing is not None and existing["status"] == "active":  # always: it starts over
            counts.update(active=0, exited=1)
        counts = {k: v for k, v in counts.items() if v}
        try:
            store.put_run(
                run,
                int(existing["version"]) if existing else None,
                [store.count_item(workspace_id, automation_id, counts)],
            )
        except store.RunMoved:
            continue
        return run, contact
    return None


def advance(
    definitions: Definitions,
    workspace_id: str,
    automation_id: str,
    contact_id: str,
    run: dict[str, Any] | None = None,
    contact: dict[str, Any] | None = None,
) -> PendingSend | None:
    """Run the contact's run from where it is, while it is due: until a wait, the end, or a send step,
    which is returned to be sent with the other sends of the invocation (`deliver`). `run` and `contact`:
    read a moment ago by the caller (an entry), so not read again for the first step."""
    run = run or store.get_run(workspace_id, automation_id, contact_id)
    for _ in range(MAX_STEPS_A_JOB):
        if run is None or run["status"] != "active":
            return None
        automation = definitions.get(workspace_id, automation_id)
        if automation is None:
            _end(run, "exited", "automation_deleted", None)
            return None
        if automation["status"] != "active":
            return None  # paused: the run holds where it is; the sweep looks at it again later
        moment = clock.now()
        if run.get("next_at") and run["next_at"] > clock.iso(moment):
            return None  # still waiting
        contact = contact or contacts.find(workspace_id, contact_id)
        if contact is None or contact.get("status") in BLOCKED:
            _end(run, "exited", contact.get("status") if contact else "contact_deleted", automation)
            return None
        try:
            moved = _step(definitions, automation, run, contact, moment)
        except store.RunMoved:
            return None  # someone else moved it first: they carry it on
        if isinstance(moved, PendingSend):
            return moved
        run, contact = moved, None
    return None


def leave(definitions: Definitions, workspace_id: str, contact_id: str, reason: str) -> int:
    """End every active run of the contact (it unsubscribed, bounced, complained or was erased)."""
    ended = 0
    for run in store.runs_of_contact(workspace_id, contact_id):
        if run["status"] != "active":
            continue
        automation = definitions.get(workspace_id, run["automation_id"])
        try:
            _end(run, "exited", reason, automation)
            ended += 1
        except store.RunMoved:
            fresh = store.get_run(workspace_id, run["automation_id"], contact_id)
            if fresh and fresh["status"] == "active":
                _end(fresh, "exited", reason, automation)
                ended += 1
    return ended


# --- steps ---------------------------------------------------------------------------------------------


def _step(
    definitions: Definitions,
    automation: dict[str, Any],
    run: dict[str, Any],
    contact: dict[str, Any],
    moment: datetime,
) -> dict[str, Any] | PendingSend:
    """Do the run's current step and move it on; returns the run as moved (RunMoved if it was not), or
    the send it is to make."""
    steps = automation["parsed_steps"]
    index = int(run["step"])
    if index >= len(steps):
        return _end(run, "completed", None, automation)
    step = steps[index]
    ws = run["workspace_id"]
    if isinstance(step, WaitStep | WaitUntilStep):
        return _move(definitions, automation, run, index + 1, moment)  # its time has come
    if isinstance(step, ExitStep):
        return _end(run, "exited", "exit_step", automation)
    if isinstance(step, ConditionStep):
        if matches(step.rules, contact, moment):
            return _move(definitions, automation, run, index + 1, moment)
        if step.skip_to is None:
            return _end(run, "exited", "condition", automation)
        return _move(definitions, automation, run, step.skip_to, moment)
    if isinstance(step, TagStep):
        if step.add:
            contacts.add_tags(ws, run["contact_id"], step.add)
        for tag in step.remove:
            contacts.remove_tag(ws, run["contact_id"], tag)
    elif isinstance(step, UpdateStep):
        contacts.update(ws, run["contact_id"], ContactPatch(attributes=step.attributes))
    elif isinstance(step, ListStep):
        try:
            lists.get_list(ws, step.list_id)
        except NotFound:  # deleted since the automation was made: the step does nothing
            return _move(definitions, automation, run, index + 1, moment, {f"s{index}_failed": 1})
        status = "subscribed" if step.type == "subscribe" else "unsubscribed"
        contacts.set_list_status(ws, run["contact_id"], step.list_id, status)
    elif isinstance(step, SendStep):
        return _prepare(definitions, automation, run, contact, step, index, moment)
    return _move(definitions, automation, run, index + 1, moment)


@dataclass
class PendingSend:
    """A run at its send step, the message rendered for its contact, waiting to go with the others."""

    definitions: Definitions
    automation: dict[str, Any]
    run: dict[str, Any]
    index: int
    moment: datetime
    sender: dict[str, Any]
    message: Message
    moved: dict[str, Any] | None = None  # the run moved past the step (the claim), once


def _prepare(
    definitions: Definitions,
    automation: dict[str, Any],
    run: dict[str, Any],
    contact: dict[str, Any],
    step: SendStep,
    index: int,
    moment: datetime,
) -> PendingSend | dict[str, Any]:
    """The step's message, or the run moved on (failed) when it cannot be made."""
    try:
        sender = definitions.sender(run["workspace_id"], step.sender_id)
        message = _message(automation, step, index, contact)
    except (Invalid, NotFound) as exc:  # a render error, a deleted sender or template: this step fails
        logger.warning(
            "automation send step failed", extra={"automation_id": automation["id"], "code": exc.code}
        )
        return _move(definitions, automation, run, index + 1, moment, {f"s{index}_failed": 1})
    return PendingSend(definitions, automation, run, index, moment, sender, message)


def deliver(pending: list[PendingSend]) -> list[PendingSend]:
    """Send what the invocation's runs wait to send, one engine call per workspace, sender and step (room
    taken once for all of them), each run moved past its step just before its SES call; then carry each
    sent run on. Returns the sends its runs reached next (another round).

    What could not go now (SES throttled, a daily limit) stays at its step, due: the sweep tries it again
    within a minute or two, and a daily limit keeps it waiting until there is room."""
    groups: dict[tuple[str, str, str, int], list[PendingSend]] = defaultdict(list)
    for item in pending:
        key = (item.run["workspace_id"], item.sender["id"], item.automation["id"], item.index)
        groups[key].append(item)
    following: list[PendingSend] = []
    for (ws, _, automation_id, index), items in groups.items():
        by_key = {item.message.key: item for item in items}

        def claim(message: Message, by_key: dict[str, PendingSend] = by_key) -> bool:
            item = by_key[message.key]
            if item.moved is None:  # the send's own throttling retries claim again: the run moved once
                try:
                    item.moved = _move(
                        item.definitions,
                        item.automation,
                        item.run,
                        item.index + 1,
                        item.moment,
                        {f"s{item.index}_sent": 1},
                        finish=False,  # past the last step it stays active: `advance` completes it once sent
                    )
                except store.RunMoved:
                    return False
            return True

        try:
            outcomes = sending.send(
                ws,
                items[0].sender,
                [i.message for i in items],
                claim=claim,
                automation_id=automation_id,
                step=index,
            )
        except RateLimited as exc:  # a daily limit: the runs wait at their step, due
            logger.warning(
                "automation sends wait for room", extra={"automation_id": automation_id, "code": exc.code}
            )
            continue
        for outcome in outcomes:
            item = by_key[outcome.message.key]
            moved = _settle(item, outcome.result)
            if moved is not None:
                ws_, au, contact_id = moved["workspace_id"], moved["automation_id"], moved["contact_id"]
                more = advance(item.definitions, ws_, au, contact_id, run=moved)
                if more is not None:
                    following.append(more)
    return following


def _settle(item: PendingSend, result: str) -> dict[str, Any] | None:
    """What an outcome makes of the run: the run to carry on, or None (it waits at its step)."""
    ws, index = item.run["workspace_id"], item.index
    if result in ("sent", "unknown"):
        return item.moved
    if result == "skipped":
        return None  # someone else moved it first
    if item.moved is None:  # never claimed: invalid (it could not be built), or SES was not reached
        if result == "invalid":
            return _move(
                item.definitions, item.automation, item.run, index + 1, item.moment, {f"s{index}_failed": 1}
            )
        return None
    if result == "refused":
        store.count(ws, item.automation["id"], {f"s{index}_failed": 1, f"s{index}_sent": -1})
        return item.moved
    # Claimed and not sent (throttled, the quota, an error): back to its send step, due again.
    back = {
        **item.moved,
        "step": index,
        "version": int(item.moved["version"]) + 1,
        "next_at": item.run["next_at"],
    }
    undo = {f"s{index}_sent": -1}
    if index + 1 < len(item.automation["parsed_steps"]):
        undo[f"s{index + 1}_reached"] = -1
    store.put_run(back, int(item.moved["version"]), [store.count_item(ws, item.automation["id"], undo)])
    return None


def _message(automation: dict[str, Any], step: SendStep, index: int, contact: dict[str, Any]) -> Message:
    ws = automation["workspace_id"]
    if step.template_id:
        template = templates.load(ws, step.template_id)
        content = (step.subject or template["subject"], template["html"], template.get("text"))
    else:
        content = (step.subject or "", step.html or "", step.text)
    link = tracking.global_unsubscribe_url(ws, contact["id"], {"a": automation["id"]})
    variables = {
        **rendering.contact_variables(contact),
        "unsubscribe_url": link,
        "preferences_url": tracking.preferences_url(ws, contact["id"]),
    }
    subject, html, text = templates.render_parts(*content, variables, missing="empty")
    ids = {"w": ws, "a": automation["id"], "s": str(index), "c": contact["id"]}
    message_id = new_id()
    return Message(
        to=contact["email"],
        subject=subject,
        html=tracking.instrument_for(
            html, ids, link, track_opens=step.track_opens, track_clicks=step.track_clicks
        ),
        text=text,
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        tags=SesTags(workspace=ws, message_id=message_id, kind="automation"),
        contact_id=contact["id"],
        key=message_id,
    )


# --- moves ---------------------------------------------------------------------------------------------


def _move(
    definitions: Definitions,
    automation: dict[str, Any],
    run: dict[str, Any],
    to: int,
    moment: datetime,
    counts: dict[str, int] | None = None,
    *,
    finish: bool = True,
) -> dict[str, Any]:
    """Move the run to step `to` (past the last one: it completes, unless `finish` is False)."""
    last = len(automation["parsed_steps"])
    if to >= last and finish:
        return _end(run, "completed", None, automation, counts)
    moved = {
        **run,
        "step": to,
        "version": int(run["version"]) + 1,
        "next_at": _step_arrival(definitions, automation, to, moment),
    }
    tally = {**(counts or {}), **({f"s{to}_reached": 1} if to < last else {})}
    store.put_run(
        moved, int(run["version"]), [store.count_item(run["workspace_id"], automation["id"], tally)]
    )
    return moved


def _end(
    run: dict[str, Any],
    status: str,
    reason: str | None,
    automation: dict[str, Any] | None,
    counts: dict[str, int] | None = None,
) -> dict[str, Any]:
    ws, automation_id = run["workspace_id"], run["automation_id"]
    ended = {**run, "status": status, "version": int(run["version"]) + 1, "ended_at": clock.now_iso()}
    ended.pop("next_at", None)
    if reason:
        ended["exit_reason"] = reason
    extra = [store.count_item(ws, automation_id, {**(counts or {}), "active": -1, status: 1})]
    if status == "completed":
        data = {"automation_id": automation_id, "contact_id": run["contact_id"], "email": run.get("email")}
        if automation:
            data["automation_name"] = automation.get("name")
        extra.append(events.put_in_transaction(ws, "automation.completed", data))
    store.put_run(ended, int(run["version"]), extra)
    return ended
