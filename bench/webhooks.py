"""Webhooks: latency from a contact change to its webhook, what a delivery costs on AWS, and deliveries a
second per worker.

Run: .venv/bin/python bench/webhooks.py [changes=200] [deliveries=500]

1. Latency, in the local runtime run in this process as `make run` runs it: a webhook listening to
   `contact.created` points at a receiver on loopback that verifies each signature; `changes` contacts are
   created one after another through the API, and for each the time from its POST returning to the
   receiver getting its webhook is taken. p50 and p99 (goal: p99 under 2 s). The AWS requests the
   fan-out and the delivery functions made meanwhile give the cost per 1,000 deliveries (bench/costs.py;
   the stream reads are Lambda's and free, not counted).
2. Deliveries a second per worker, on in-process moto: `deliveries` jobs on the webhooks queue, taken
   10 at a time (the queue's batch size) and handed to the delivery worker, against the same receiver;
   baseline in the same run: the same number of signed POSTs made one after another with urllib3, the
   least any sender could do.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from environment import prepare

ROOT = prepare()
sys.path.insert(0, str(ROOT / "bench"))

import requests  # noqa: E402
import urllib3  # noqa: E402
from costs import PRICES, RequestCounter, dollars, print_requests  # noqa: E402
from standardwebhooks.webhooks import Webhook  # noqa: E402

from tests.receiver import Receiver  # noqa: E402


def latency(changes: int, receiver: Receiver) -> None:
    counter = RequestCounter(only=("functions.webhooks.",), queues=("webhooks",))
    counter.install()
    from infra.local.runtime import LocalRuntime, free_port

    runtime = LocalRuntime(Path(tempfile.mkdtemp(prefix="lettercast-bench-")), free_port())
    url = runtime.start()
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {runtime.key}"
    try:
        hook = session.post(
            url + "/v1/webhooks", json={"url": receiver.url("/latency"), "topics": ["contact.created"]}
        ).json()["data"]
        receiver.secrets["/latency"] = hook["secret"]
        time.sleep(1)
        counter.on = True
        returned: dict[str, float] = {}
        for i in range(changes):
            email = f"l{i:05d}@example.com"
            reply = session.post(url + "/v1/contacts", json={"email": email})
            returned[email] = time.monotonic()
            assert reply.status_code == 201, reply.text
        deadline = time.monotonic() + 60
        while len(receiver.seen("/latency")) < changes and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1)  # the last deliveries' log writes
        counter.on = False
    finally:
        runtime.stop()
    arrivals = receiver.seen("/latency")
    assert all(a.payload is not None for a in arrivals), "every delivery verifies"
    waits = sorted(a.at - returned[a.payload["data"]["contact"]["email"]] for a in arrivals if a.payload)
    assert len(waits) == changes, (len(waits), changes)
    p99 = waits[min(len(waits) - 1, round(0.99 * len(waits)) - 1)]
    print(f"\nlatency, a contact created -> its webhook at the receiver, {changes} changes (local runtime):")
    print(
        f"  p50 {statistics.median(waits) * 1000:6.0f} ms   p99 {p99 * 1000:6.0f} ms   (goal: p99 under 2 s)"
    )

    per = 1000 / changes
    print_requests(counter, per, "deliveries (fan-out and delivery functions)")
    total = 0.0
    print("\nAWS cost per 1,000 deliveries (besides the change's own write of its event)")
    for part, cost in dollars(counter).items():
        total += cost * per
        print(f"  {part:20s} ${cost * per:.5f}")
    print(f"  {'total':20s} ${total:.5f}")
    print(f"  (at list prices: DynamoDB ${PRICES['dynamodb.wru'] * 1e6:.3f}/M WRU, SQS $0.40/M requests)")


def raw_posts(receiver: Receiver, count: int) -> float:
    """Signed POSTs one after another: deliveries a second with nothing but the HTTP call."""
    signer = Webhook("whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    pool = urllib3.PoolManager()
    started = time.perf_counter()
    for i in range(count):
        body = json.dumps({"id": f"raw{i}", "type": "contact.created", "data": {}})
        at = datetime.now(UTC)
        headers = {
            "webhook-id": f"raw{i}",
            "webhook-timestamp": str(int(at.timestamp())),
            "webhook-signature": signer.sign(f"raw{i}", at, body),
            "content-type": "application/json",
        }
        pool.request("POST", receiver.url("/raw"), body=body, headers=headers, redirect=False, retries=False)
    return count / (time.perf_counter() - started)


def worker_rate(receiver: Receiver, count: int) -> float:
    """Deliveries a second of one delivery worker on in-process moto: `count` jobs on the webhooks queue,
    10 a batch, as the queue's event source hands them over."""
    import os

    from moto import mock_aws

    os.environ.pop("AWS_ENDPOINT_URL", None)  # the local runtime's moto server is gone
    from functions.account import service as account
    from functions.account.models import WorkspaceCreate
    from functions.core import aws, idempotency, queues, signing
    from functions.core.clock import iso, now
    from functions.core.ids import new_id
    from functions.core.settings import settings
    from functions.webhooks import service as webhooks
    from functions.webhooks import signatures
    from functions.webhooks.jobs import WebhookEvent, WebhookJob
    from functions.webhooks.models import WebhookCreate
    from infra.local.pollers import queue_pollers
    from infra.local.resources import create_all
    from infra.topology import TOPOLOGY

    with mock_aws():
        env = create_all(TOPOLOGY)
        os.environ.update(env)
        for module in (aws, signing, idempotency, signatures):
            module.reset()
        settings.cache_clear()
        workspace = account.create_workspace(WorkspaceCreate(name="Bench", email="ops@bench.example"))
        workspace_id = workspace.workspace.id
        hook = webhooks.create(workspace_id, WebhookCreate(url=receiver.url("/rate"), topics=["*"]))
        receiver.secrets["/rate"] = hook.secret
        contact = {"id": new_id(), "email": "ann@example.com", "first_name": "Ann", "lists": [], "tags": []}
        jobs = [
            WebhookJob(
                workspace_id=workspace_id,
                webhook_id=hook.id,
                event=WebhookEvent(
                    id=new_id(), type="contact.created", created_at=iso(now()), data={"contact": contact}
                ),
            ).body()
            for _ in range(count)
        ]
        queues.send_all("webhooks", jobs)
        poller = queue_pollers(TOPOLOGY, env)["webhooks"]
        started = time.perf_counter()
        delivered = poller.drain()
        elapsed = time.perf_counter() - started
    arrived = receiver.seen("/rate")
    assert delivered == count and len(arrived) == count, (delivered, len(arrived))
    assert all(a.payload is not None for a in arrived), "every delivery verifies"
    return count / elapsed


def main() -> None:
    args = [int(a) for a in sys.argv[1:3]]
    changes, deliveries = (args + [200, 500][len(args) :])[:2]
    receiver = Receiver()
    try:
        latency(changes, receiver)
        rate = worker_rate(receiver, deliveries)
        baseline = raw_posts(receiver, deliveries)
        print(f"\none delivery worker, {deliveries} deliveries in batches of 10 (in-process moto):")
        print(f"  worker                            {rate:7.0f} deliveries/s")
        print(f"  raw signed POSTs one after another {baseline:6.0f}/s")
        print(f"  worker / raw                      {rate / baseline:7.2f}")
    finally:
        receiver.close()


if __name__ == "__main__":
    main()
