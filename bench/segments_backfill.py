"""Backfill time: a new segment evaluated over every contact of a workspace, through the jobs queue.

Writes N contacts straight through the contacts store (in-process mock_aws), creates a segment through
the real handler, then drives the jobs queue poller until the segment is ready. Two sizes in one run.

Run: .venv/bin/python bench/segments_backfill.py [50000]
"""

from __future__ import annotations

import os
import sys
import time
import warnings

from environment import prepare

ROOT = prepare()
warnings.filterwarnings("ignore")

from moto import mock_aws  # noqa: E402

RULE = {"groups": [{"conditions": [{"field": "attributes.plan", "operator": "eq", "value": "pro"}]}]}


def run(size: int) -> None:
    from functions.account import service as accounts
    from functions.account.models import WorkspaceCreate
    from functions.contacts import store
    from functions.core import aws
    from functions.core.ids import new_id
    from functions.segments import service as segments
    from functions.segments.models import SegmentCreate
    from infra.local.pollers import queue_pollers
    from infra.topology import TOPOLOGY

    created = accounts.create_workspace(WorkspaceCreate(name=f"bench {size}", email="b@example.com"))
    ws = created.workspace.id
    started = time.perf_counter()
    with aws.table("contacts").batch_writer() as batch:
        for i in range(size):
            contact_id = new_id()
            item = {
                "workspace_id": ws,
                "id": contact_id,
                "email": f"c{i}@example.com",
                "status": "active",
                "attributes": {"plan": "pro" if i % 10 == 0 else "free"},
                "created_at": "2026-11-01T00:00:00Z",
                "updated_at": "2026-11-01T00:00:00Z",
                "version": 1,
            }
            batch.put_item(Item={**store.contact_key(ws, contact_id), **item})
    written = time.perf_counter() - started
    jobs = queue_pollers(TOPOLOGY, dict(os.environ))["jobs"]
    started = time.perf_counter()
    segment = segments.create(ws, SegmentCreate.model_validate({"name": "pro", "rules": RULE}))
    while jobs.poll_once():
        pass
    backfill = time.perf_counter() - started
    done = segments.get(ws, segment.id)
    assert done.status == "ready" and done.contacts_count == size // 10, done
    print(
        f"{size:>7} contacts: written in {written:6.1f}s; backfilled in {backfill:6.1f}s "
        f"= {size / backfill:7.0f} contacts/s ({done.contacts_count} entered)"
    )


def main() -> None:
    big = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    with mock_aws():
        from infra.local.resources import create_all
        from infra.topology import TOPOLOGY

        os.environ.update(create_all(TOPOLOGY))
        for size in (big // 10, big):
            run(size)
    print("moto serializes requests and slows as the table grows; the ratio between sizes shows the scaling")


if __name__ == "__main__":
    main()
