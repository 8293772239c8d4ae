"""Waits that fall due: a clock every minute, a sweep per due shard, an `advance` job per due run.

The clock (a recurring schedule) queues one SweepJob per shard of the due index. Each sweep reads its
shard's runs whose time has come, oldest first, leases each (its due time pushed LEASE_S ahead, one
conditional write on the run as read, so two sweeps never both take it) and queues its job. A lost job
is found again once its lease runs out; a run that moved meanwhile fails the lease's condition and is
left to whoever moved it. A sweep that runs short of time queues its shard again: a shard is never left
half-swept until the next minute.

A million runs due at once: DUE_SHARDS sweeps in parallel, each leasing and queuing its share (about
60,000) with a pool of threads; see the README's automations section for the figures.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from functions.automations import store
from functions.automations.jobs import RunJob, SweepJob
from functions.core import clock, queues

QUEUE = "automation-sweeps"
RUNS_QUEUE = "automation-runs"
LEASE_S = 15 * 60
PAGE = 500
POOL = 16
BUDGET_S = 240  # of the sweeper's 300 s timeout
_pool = ThreadPoolExecutor(max_workers=POOL, thread_name_prefix="sweep")


def tick() -> int:
    """Every minute: a sweep of each due shard."""
    queues.send_all(QUEUE, [SweepJob(shard=shard).body() for shard in range(store.DUE_SHARDS)])
    return store.DUE_SHARDS


def sweep(shard: int, budget_s: float = BUDGET_S) -> int:
    """Queue the due runs of one shard; how many. After `budget_s` it queues its shard again and stops."""
    deadline = time.monotonic() + budget_s
    until = clock.now_iso()
    lease_until = clock.iso(clock.now() + timedelta(seconds=LEASE_S))
    queued = 0
    start: dict[str, Any] | None = None
    while True:
        due, start = store.due_runs(shard, until, PAGE, start)
        leased = [
            run
            for run, ok in zip(due, _pool.map(lambda r: store.lease(r, lease_until), due), strict=True)
            if ok
        ]
        jobs = [
            RunJob(
                kind="advance",
                workspace_id=run["workspace_id"],
                automation_id=run["automation_id"],
                contact_id=run["contact_id"],
            ).body()
            for run in leased
        ]
        # 10 a request, the requests of a page at once: a shard of 60,000 due runs is 6,000 requests.
        chunks = [jobs[i : i + 10] for i in range(0, len(jobs), 10)]
        list(_pool.map(lambda chunk: queues.send_all(RUNS_QUEUE, chunk), chunks))
        queued += len(jobs)
        if not start:
            return queued
        if time.monotonic() > deadline:
            queues.send_all(QUEUE, [SweepJob(shard=shard).body()])
            return queued
