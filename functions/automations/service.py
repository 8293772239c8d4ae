"""The rules of automations: definitions that change only while draft or paused, activation, stats, runs."""

from __future__ import annotations

from typing import Any

from functions.automations import dates, runs, store, triggers
from functions.automations.jobs import RunJob
from functions.automations.models import (
    EDITABLE,
    MAX_AUTOMATIONS,
    AutomationCreate,
    AutomationOut,
    AutomationPatch,
    ListStep,
    RunOut,
    SendStep,
    Stats,
    StepStats,
)
from functions.core import clock, events
from functions.core.errors import Conflict, NotFound, Unprocessable
from functions.core.ids import is_id, new_id
from functions.lists import service as lists
from functions.segments import service as segments
from functions.senders import service as senders
from functions.templates import service as templates


def trigger_json(trigger: Any) -> dict[str, Any]:
    """A trigger as the API shows and stores it: `where` names `properties.<key>` (the model runs them as
    the rule language's attributes.<key>)."""
    data = trigger.model_dump(mode="json", by_alias=True, exclude_none=True)
    for group in (data.get("where") or {}).get("groups") or []:
        for condition in group.get("conditions") or []:
            condition["field"] = "properties." + condition["field"].removeprefix("attributes.")
    return data


def _steps_json(steps: list[Any]) -> list[dict[str, Any]]:
    return [s.model_dump(mode="json", by_alias=True, exclude_none=True) for s in steps]


def _check_references(workspace_id: str, trigger: Any | None, steps: list[Any] | None) -> None:
    """Everything the definition names exists in this workspace (404 naming it otherwise)."""
    if trigger is not None:
        if getattr(trigger, "list_id", None):
            lists.get_list(workspace_id, trigger.list_id)
        if getattr(trigger, "segment_id", None):
            segments.check_exists(workspace_id, trigger.segment_id)
    for step in steps or []:
        if isinstance(step, SendStep):
            senders.load_sender(workspace_id, step.sender_id)
            if step.template_id:
                template = templates.load(workspace_id, step.template_id)
                templates.check_content(step.subject or template["subject"], template["html"], None)
            else:  # parsed and bounded as a template is when saved (400 naming the part)
                templates.check_content(step.subject or "", step.html or "", step.text)
        elif isinstance(step, ListStep):
            lists.get_list(workspace_id, step.list_id)


def _load(workspace_id: str, automation_id: str) -> dict[str, Any]:
    item = store.get(workspace_id, automation_id) if is_id(automation_id) else None
    if item is None:
        raise NotFound("automation", automation_id)
    return item


def _stats(workspace_id: str, item: dict[str, Any]) -> Stats:
    totals = store.stats(workspace_id, item["id"])
    steps = [
        StepStats(
            index=i,
            type=step["type"],
            **{
                k: max(0, totals.get(f"s{i}_{k}", 0))
                for k in ("reached", "sent", "failed", "opened", "clicked")
            },
        )
        for i, step in enumerate(item["steps"])
    ]
    counts = {k: max(0, totals.get(k, 0)) for k in ("entered", "active", "completed", "exited")}
    return Stats(**counts, steps=steps)


def _out(workspace_id: str, item: dict[str, Any], with_stats: bool = False) -> AutomationOut:
    return AutomationOut.from_item(item, _stats(workspace_id, item) if with_stats else None)


def create(workspace_id: str, body: AutomationCreate) -> AutomationOut:
    _check_references(workspace_id, body.trigger, body.steps)
    at = clock.now_iso()
    trigger = trigger_json(body.trigger)
    item = {
        "id": new_id(),
        "workspace_id": workspace_id,
        "name": body.name,
        "status": "draft",
        "trigger": trigger,
        "steps": _steps_json(body.steps),
        "reentry": body.reentry,
        "listens": triggers.listens(trigger),
        "created_at": at,
        "updated_at": at,
    }
    try:
        store.create(item, MAX_AUTOMATIONS)
    except store.LimitReached:
        raise Conflict(
            f"A workspace has at most {MAX_AUTOMATIONS} automations", code="automation_limit_reached"
        ) from None
    return _out(workspace_id, item, with_stats=True)


def list_automations(
    workspace_id: str, limit: int, cursor: str | None
) -> tuple[list[AutomationOut], str | None]:
    items, next_cursor = store.list_page(workspace_id, limit, cursor)
    return [_out(workspace_id, i) for i in items], next_cursor


def get(workspace_id: str, automation_id: str) -> AutomationOut:
    return _out(workspace_id, _load(workspace_id, automation_id), with_stats=True)


def _not_editable(item: dict[str, Any]) -> Unprocessable:
    return Unprocessable(
        f"An automation can be changed only while draft or paused (it is {item['status']}); pause it first",
        code="automation_not_editable",
    )


def update(workspace_id: str, automation_id: str, patch: AutomationPatch) -> AutomationOut:
    item = _load(workspace_id, automation_id)
    if item["status"] not in EDITABLE:
        raise _not_editable(item)
    _check_references(workspace_id, patch.trigger, patch.steps)
    changes: dict[str, Any] = {"updated_at": clock.now_iso()}
    if patch.name is not None:
        changes["name"] = patch.name
    if patch.reentry is not None:
        changes["reentry"] = patch.reentry
    if patch.trigger is not None:
        changes["trigger"] = trigger_json(patch.trigger)
        changes["listens"] = triggers.listens(changes["trigger"])
    if patch.steps is not None:
        changes["steps"] = _steps_json(patch.steps)
    if not store.update(workspace_id, automation_id, changes, EDITABLE):
        raise _not_editable(_load(workspace_id, automation_id))
    return get(workspace_id, automation_id)


def delete(workspace_id: str, automation_id: str) -> None:
    """Gone at once; its active runs end (exited, automation_deleted) when they next move."""
    if not is_id(automation_id) or not store.delete(workspace_id, automation_id):
        raise NotFound("automation", automation_id)
    dates.unregister(workspace_id, automation_id)
    events.forget_listeners(workspace_id)


def activate(workspace_id: str, automation_id: str) -> AutomationOut:
    item = _load(workspace_id, automation_id)
    if item["status"] == "active":
        return get(workspace_id, automation_id)
    at = clock.now_iso()
    if item["trigger"]["type"] == "date":  # first: an automation active is one the clock knows
        dates.register(workspace_id, item)
    if not store.update(
        workspace_id, automation_id, {"status": "active", "activated_at": at, "updated_at": at}, EDITABLE
    ):
        return get(workspace_id, automation_id)
    events.forget_listeners(workspace_id)
    return get(workspace_id, automation_id)


def pause(workspace_id: str, automation_id: str) -> AutomationOut:
    item = _load(workspace_id, automation_id)
    if item["status"] == "draft":
        raise Unprocessable(
            "A draft automation is not running; activate it first", code="automation_not_active"
        )
    store.update(
        workspace_id, automation_id, {"status": "paused", "updated_at": clock.now_iso()}, ("active",)
    )
    dates.unregister(workspace_id, automation_id)
    events.forget_listeners(workspace_id)
    return get(workspace_id, automation_id)


def list_runs(
    workspace_id: str,
    automation_id: str,
    contact_id: str | None,
    status: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[RunOut], str | None]:
    _load(workspace_id, automation_id)
    if contact_id is not None:
        run = store.get_run(workspace_id, automation_id, contact_id) if is_id(contact_id) else None
        found = [run] if run and (status is None or run["status"] == status) else []
        return [RunOut.model_validate(r) for r in found], None
    items, next_cursor = store.runs_page(workspace_id, automation_id, status, limit, cursor)
    return [RunOut.model_validate(i) for i in items], next_cursor


# --- workers ----------------------------------------------------------------------------------------------


def run_job(definitions: runs.Definitions, job: RunJob) -> runs.PendingSend | None:
    """One job of the automation-runs queue (functions/automations/runs.py does the moves): the send its
    run reached, if any, for `runs.deliver` with the other sends of the invocation."""
    if job.kind == "leave":
        runs.leave(definitions, job.workspace_id, job.contact_id, job.reason or "left")
        return None
    if job.automation_id is None:
        return None
    if job.kind == "enter":
        entered = runs.enter(definitions, job.workspace_id, job.automation_id, job.contact_id, job.cause)
        if entered is None:
            return None
        run, contact = entered
        return runs.advance(definitions, job.workspace_id, job.automation_id, job.contact_id, run, contact)
    return runs.advance(definitions, job.workspace_id, job.automation_id, job.contact_id)


def deliver_all(pending: list[runs.PendingSend]) -> None:
    """The sends the runs of an invocation reached, at once; then the sends they reach next, until none."""
    while pending:
        pending = runs.deliver(pending)
