"""When waits end (in the workspace's timezone) and which dates a yearly trigger matches."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from functions.automations.dates import anniversary
from functions.automations.models import WaitStep, WaitUntilStep
from functions.automations.timing import wait_ends

THURSDAY_NOON = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # a Thursday


def until(**fields: object) -> WaitUntilStep:
    return WaitUntilStep.model_validate({"type": "wait_until", **fields})


def test_a_duration_is_added_to_now() -> None:
    step = WaitStep(type="wait", duration="P2DT3H")
    assert wait_ends(step, THURSDAY_NOON, None) == datetime(2026, 11, 28, 15, 0, tzinfo=UTC)


def test_a_time_of_day_already_past_today_is_tomorrows() -> None:
    assert wait_ends(until(time="09:00"), THURSDAY_NOON, None) == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    assert wait_ends(until(time="13:30"), THURSDAY_NOON, None) == datetime(2026, 11, 26, 13, 30, tzinfo=UTC)


def test_a_weekday_and_time_are_read_in_the_workspaces_timezone() -> None:
    # Monday 09:00 in New York is 14:00 UTC (standard time in November).
    ends = wait_ends(until(weekday="mon", time="09:00"), THURSDAY_NOON, "America/New_York")
    assert ends == datetime(2026, 11, 30, 14, 0, tzinfo=UTC)


def test_a_weekday_alone_is_now_on_that_day_else_the_start_of_the_next_one() -> None:
    assert wait_ends(until(weekday="thu"), THURSDAY_NOON, None) == THURSDAY_NOON
    assert wait_ends(until(weekday=["sat", "sun"]), THURSDAY_NOON, None) == datetime(2026, 11, 28, tzinfo=UTC)


def test_an_unknown_timezone_is_read_as_utc() -> None:
    assert wait_ends(until(time="18:00"), THURSDAY_NOON, "Mars/Olympus") == datetime(
        2026, 11, 26, 18, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("value", "day", "matches"),
    [
        ("1990-11-26", date(2026, 11, 26), True),
        ("1990-11-26T08:00:00Z", date(2026, 11, 26), True),
        ("1990-11-27", date(2026, 11, 26), False),
        ("2000-02-29", date(2027, 2, 28), True),  # not a leap year: the 28th
        ("2000-02-29", date(2028, 2, 28), False),  # a leap year: the 29th itself
        ("2000-02-29", date(2028, 2, 29), True),
        ("not a date", date(2026, 11, 26), False),
        (19901126, date(2026, 11, 26), False),
        (None, date(2026, 11, 26), False),
    ],
)
def test_a_date_attribute_matches_on_its_month_and_day(value: object, day: date, matches: bool) -> None:
    assert anniversary(value, day) is matches
