"""EventBridge Scheduler, played locally: one-time `at(...)` schedules fire their Lambda target once.

moto stores schedules but never fires them. This reads them, and when one is due it invokes the target
function with the schedule's Input as the event, then deletes it (ActionAfterCompletion DELETE) or
remembers it fired, so it never fires twice.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import boto3

from infra.local import journal
from infra.topology import Topology

AT = re.compile(r"^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$")
Invoke = Callable[[str, dict[str, Any]], Any]  # function name, event


def due_time(schedule: dict[str, Any]) -> datetime | None:
    match = AT.match(schedule.get("ScheduleExpression", ""))
    if not match:
        return None  # rate()/cron() schedules are not used by Lettercast
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

    def _function_for(self, arn: str) -> str | None:
        name = arn.rsplit(":", 1)[-1].removeprefix(self.prefix)
        return name if any(f.name == name for f in self.topology.functions) else None

    def tick(self, now: datetime | None = None) -> int:
        """Fire every enabled schedule that is due; returns how many fired."""
        moment = now or datetime.now(UTC)
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
