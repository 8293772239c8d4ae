"""How many send workers a deployment runs at once: enough for the SES rate it states, within Lambda's
bounds, and the topology's default when it states none."""

from __future__ import annotations

import pytest

from infra.topology import TOPOLOGY


@pytest.mark.parametrize(
    ("ses_rate", "workers"),
    [(None, 5), (14, 2), (1, 2), (200, 4), (1000, 20), (3000, 60), (50_000, 1000), (60_000, 1000)],
)
def test_the_send_queue_runs_as_many_workers_as_the_ses_rate_needs(
    ses_rate: float | None, workers: int
) -> None:
    assert TOPOLOGY.queue("send").concurrency(ses_rate) == workers


def test_queues_without_a_pace_keep_their_own_limit() -> None:
    dispatch = TOPOLOGY.queue("dispatch")
    assert dispatch.concurrency(1000) == dispatch.max_concurrency
