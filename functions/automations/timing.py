"""When a wait ends: a duration from now, or the next weekday and time of day in the workspace's timezone."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from functions.automations.models import WEEKDAYS, WaitStep, WaitUntilStep, wait_length


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ValueError, KeyError):  # a name the account accepted and this runtime does not know
        return ZoneInfo("UTC")


def wait_ends(step: WaitStep | WaitUntilStep, now: datetime, timezone: str | None) -> datetime:
    """The moment a run that reaches `step` at `now` goes on (UTC)."""
    if isinstance(step, WaitStep):
        return now + wait_length(step.duration)
    local = now.astimezone(zone(timezone))
    at = time.fromisoformat(step.time) if step.time else None
    days = set(step.weekdays)
    for ahead in range(8):
        day = (local + timedelta(days=ahead)).date()
        if WEEKDAYS[day.weekday()] not in days:
            continue
        if at is None:  # any time of that day: now if it is today, else its start
            moment = local if ahead == 0 else datetime.combine(day, time(0, 0), tzinfo=local.tzinfo)
        else:
            moment = datetime.combine(day, at, tzinfo=local.tzinfo)
        if moment >= local:
            return moment.astimezone(UTC)
    return now  # unreachable: every weekday comes within a week
