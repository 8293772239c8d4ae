"""Time in one place: UTC, ISO 8601 with a Z.

Every function reads the time here, never from `datetime.now()` or `time.time()`: the local runtime can move
this clock forward (`advance`), and waits, schedules and daily limits then fall due as they would on AWS.
On AWS nothing sets the offset: it stays 0 and the clock is the real one.
"""

from __future__ import annotations

import math
import threading
from datetime import UTC, datetime, timedelta

_offset_s = 0.0  # process-wide: every function the local runtime runs in this process shares it
_lock = threading.Lock()


def now() -> datetime:
    return datetime.now(UTC) + timedelta(seconds=_offset_s)


def timestamp() -> float:
    """Seconds since the epoch on this clock (what `time.time()` is on the real one)."""
    return now().timestamp()


def offset_s() -> float:
    """How far this clock is ahead of the real one, in seconds."""
    return _offset_s


def set_offset(seconds: float) -> None:
    """Put the clock `seconds` ahead of the real one (the local runtime restoring it; tests resetting it)."""
    global _offset_s
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"the clock's offset is a finite number of seconds >= 0, not {seconds!r}")
    with _lock:
        _offset_s = float(seconds)


def advance(seconds: float) -> datetime:
    """Move the clock forward (never backward) by `seconds`; returns the new now."""
    global _offset_s
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"the clock only moves forward, by a finite number of seconds, not {seconds!r}")
    with _lock:
        _offset_s += seconds
    return now()


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
