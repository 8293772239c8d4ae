"""Time in one place: UTC, ISO 8601 with a Z."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def now_iso() -> str:
    return iso(now())


def parse_iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def today() -> str:
    """The UTC day, as daily limits and counters are kept."""
    return now().strftime("%Y-%m-%d")


def seconds_to_midnight() -> int:
    """Until the next UTC day, when daily limits start again."""
    moment = now()
    midnight = datetime(moment.year, moment.month, moment.day, tzinfo=UTC) + timedelta(days=1)
    return max(1, int((midnight - moment).total_seconds()))
