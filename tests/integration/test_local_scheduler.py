"""The local scheduler on the one clock: recurring schedules of the topology fire as EventBridge's rate()
schedules do, and one-time schedules fire when the clock passes them, also when it is moved forward."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import boto3
import pytest

from functions.core import clock
from infra.local.scheduler import Scheduler
from infra.topology import TOPOLOGY, Every

SWEEP = Every("test-sweep", function="campaign-starter")
TOPOLOGY_WITH_SWEEP = replace(TOPOLOGY, recurring=(SWEEP,))
ONE_TIME_ONLY = replace(TOPOLOGY, recurring=())


@pytest.fixture(autouse=True)
def _real_time() -> Iterator[None]:
    """The clock these tests move is the process's: each starts on, and leaves, the real one."""
    clock.set_offset(0)
    yield
    clock.set_offset(0)


class Invocations(list[tuple[str, dict[str, Any]]]):
    def __call__(self, function: str, event: dict[str, Any]) -> None:
        self.append((function, event))


def test_a_recurring_schedule_fires_at_start_then_once_a_minute_on_the_clock(aws: dict) -> None:
    invoked = Invocations()
    scheduler = Scheduler(TOPOLOGY_WITH_SWEEP, invoked)
    assert scheduler.tick() == 1  # due at the first start
    assert invoked == [("campaign-starter", {"every": "test-sweep"})]
    assert scheduler.tick() == 0  # not again within the minute
    clock.advance(30)
    assert scheduler.tick() == 0
    clock.advance(31)
    assert scheduler.tick() == 1  # a minute after it last fired
    assert len(invoked) == 2


def test_after_the_clock_jumps_two_days_a_recurring_schedule_fires_once_not_per_minute_missed(
    aws: dict,
) -> None:
    invoked = Invocations()
    scheduler = Scheduler(TOPOLOGY_WITH_SWEEP, invoked)
    scheduler.tick()
    clock.advance(2 * 86_400)
    assert scheduler.tick() == 1  # once: the sweep handles everything due up to now
    assert scheduler.tick() == 0
    assert len(invoked) == 2
    clock.advance(60)
    assert scheduler.tick() == 1  # and a minute on from there


def test_a_schedule_every_five_minutes_waits_five_minutes(aws: dict) -> None:
    invoked = Invocations()
    scheduler = Scheduler(replace(TOPOLOGY, recurring=(replace(SWEEP, minutes=5),)), invoked)
    scheduler.tick()
    clock.advance(4 * 60)
    assert scheduler.tick() == 0
    clock.advance(60)
    assert scheduler.tick() == 1


def test_a_one_time_schedule_fires_once_the_clock_is_advanced_past_it(aws: dict) -> None:
    at = clock.now() + timedelta(days=1)
    boto3.client("scheduler").create_schedule(
        Name="clock-test",
        GroupName=TOPOLOGY.schedule_group,
        ScheduleExpression=f"at({at:%Y-%m-%dT%H:%M:%S})",
        ScheduleExpressionTimezone="UTC",
        FlexibleTimeWindow={"Mode": "OFF"},
        ActionAfterCompletion="DELETE",
        Target={
            "Arn": "arn:aws:lambda:us-east-1:123456789012:function:lettercast-campaign-starter",
            "RoleArn": "arn:aws:iam::123456789012:role/lettercast-scheduler",
            "Input": json.dumps({"campaign_id": "c1"}),
        },
    )
    invoked = Invocations()
    scheduler = Scheduler(ONE_TIME_ONLY, invoked)
    assert scheduler.tick() == 0
    clock.advance(86_400 - 60)
    assert scheduler.tick() == 0  # a minute early
    clock.advance(60)
    assert scheduler.tick() == 1
    assert invoked == [("campaign-starter", {"campaign_id": "c1"})]
    assert scheduler.tick() == 0  # once
