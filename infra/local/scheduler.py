"""EventBridge Scheduler, played locally: one-time `at(...)` schedules fire their Lambda target once, and the
topology's recurring schedules (`Every`) fire every few minutes.

moto stores schedules but never fires them. This reads them, and when one is due it invokes the target
function with the schedule's Input as the event, then deletes it (ActionAfterCompletion DELETE) or
remembers it fired, so it never fires twice. Recurring schedules are read from the topology (as the stack
makes them): each is due at the first tick, then `minutes` after its last firing.

"Due" is read on the one clock (functions/core/clock.py), which the local runtime can move forward.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import boto3

from functions.core import clock
from infra.local import journal
from infra.topology import Every, Topology

AT = re.compile(r"^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$")
Invoke = Callable[[str, dict[str, Any]], Any]  # function name, event
log = logging.getLogger("lettercast.local")


def due_time(schedule: dict[str, Any]) -> datetime | None:
    match = AT.match(schedule.get("ScheduleExpression", ""))
    if not match:
        return None  # rate() schedules are the topology's recurring ones (fired from it); cron() is not used
    zone = ZoneInfo(schedule.get("ScheduleExpressionTimezone") or "UTC")
    return datetime.fromisoformat(match.group(1)).replace(tzinfo=zone).astimezone(UTC)


class Scheduler:
    def __init__(
        self, topology: Topology, invoke: Invoke, prefix: str = "lettercast-", fired: set[str] | None = None
    ) -> None:
        self.client = boto3.client("scheduler")
        self.topology = topology
        self.invoke = invoke
        self.prefix = prefix
        self.fired: set[str] = set(fired or ())  # "group/name" of fired schedules that stay
        # When each recurring schedule is due next; absent: not fired yet, so due at the first tick.
        self.next_due: dict[str, datetime] = {}
        # One tick at a time: the runtime's loop and `POST /_local/clock/advance` both tick.
        self._ticking = threading.Lock()

    def _function_for(self, arn: str) -> str | None:
        name = arn.rsplit(":", 1)[-1].removeprefix(self.prefix)
        return name if any(f.name == name for f in self.topology.functions) else None

    def tick(self, now: datetime | None = None) -> int:
        """Fire every enabled schedule that is due; returns how many fired."""
        with self._ticking:
            moment = now or clock.now()
            return self._one_time(moment) + self._recurring(moment)

    def _one_time(self, moment: datetime) -> int:
        fired = 0
        for group in self.client.list_schedule_groups().get("ScheduleGroups", []):
            for summary in self.client.list_schedules(GroupName=group["Name"]).get("Schedules", []):
                key = f"{group['Name']}/{summary['Name']}"
                if key in self.fired:
                    continue
                schedule = self.client.get_schedule(Name=summary["Name"], GroupName=group["Name"])
                when = due_time(schedule)
                if schedule.get("State") != "ENABLED" or when is None or when > moment:
                    continue
                with journal.unit():  # the invocation, and the schedule gone or marked fired, together
                    fired += self._fire(key, schedule)
        return fired

    def _fire(self, key: str, schedule: dict[str, Any]) -> int:
        self.fired.add(key)  # once, even when its target fails (it logs why)
        function = self._function_for(schedule["Target"]["Arn"])
        try:
            if function is not None:
                self.invoke(function, json.loads(schedule["Target"].get("Input") or "{}"))
        finally:
            if schedule.get("ActionAfterCompletion") == "DELETE":
                # The target may have deleted it itself.
                with contextlib.suppress(self.client.exceptions.ResourceNotFoundException):
                    self.client.delete_schedule(Name=schedule["Name"], GroupName=schedule["GroupName"])
            else:
                journal.record(["fired", key])
        return int(function is not None)

    def _recurring(self, moment: datetime) -> int:
        fired = 0
        for every in self.topology.recurring:
            due = self.next_due.get(every.name)
            if due is not None and due > moment:
                continue
            # Next due counts from now, not from when it was due: after the clock jumps forward it fires
            # once, not once per minute skipped, since the workers it drives handle all that is due up to now.
            self.next_due[every.name] = moment + timedelta(minutes=every.minutes)
            fired += self._fire_recurring(every)
        return fired

    def _fire_recurring(self, every: Every) -> int:
        try:
            with journal.unit():
                self.invoke(every.function, {"every": every.name})
        except Exception:
            # A failing sweep must not hold up the other schedules; it is due again in `minutes`.
            log.exception("recurring schedule failed", extra={"schedule": every.name})
        return 1
