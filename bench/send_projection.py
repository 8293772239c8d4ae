"""The send worker under AWS-like latencies: recipients per second per worker, and the campaign rate the
stack's concurrency projects from it.

Run: .venv/bin/python bench/send_projection.py [recipients=800] [--in-process]

The worker (functions/campaigns/sender.py) runs in this process, with botocore hooks that hold every
request for a typical AWS latency before moto answers it:

    DynamoDB 5 ms a request, SES v2 SendEmail 40 ms, SQS 10 ms, anything else 10 ms.

When moto takes longer than the model to answer, its time counts instead. By default moto runs in a
process of its own (moto's server, with the local runtime's fixes to it), on the other core: answering
costs moto CPU (about 6 ms a recipient here) which on AWS is AWS's, and which in-process shares the
worker's core under the GIL. `--in-process` runs moto in this process (`mock_aws`) for comparison. The
run checks that SES accepted one email per recipient and campaign.

The same send jobs are run twice on the same data, in the same run: with the engine's pool sized as
deployed (SES rate 1,000/s, the send queue's 50 emails a second per worker), and with a pool of one (the
sequential path: each recipient's claim, SES call and records one after another).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from environment import prepare

ROOT = prepare(
    SES_MAX_SEND_RATE="1000",
    SES_MAX_24H_SEND="100000000",
    LETTERCAST_DOMAIN_PROOF="assume",
    PUBLIC_BASE_URL="https://mail.bench.example",
)

import boto3  # noqa: E402

LATENCY_S = {"dynamodb": 0.005, "sesv2": 0.040, "sqs": 0.010}
OTHER_LATENCY_S = 0.010
SES_RATES = (14, 200, 1000, 3000)


MOTO_SERVER = """
import logging
import time
from infra.local import moto_patches
logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log line per request
from moto.server import ThreadedMotoServer
moto_patches.apply()
ThreadedMotoServer(ip_address="127.0.0.1", port={port}, verbose=False).start()
while True:
    time.sleep(60)
"""


MOTO_PID: list[int] = []  # the moto server's process, when it has one


def moto_cpu_s() -> float:
    """CPU seconds the moto server's process has used (0 when moto runs in this process)."""
    if not MOTO_PID:
        return 0.0
    fields = Path(f"/proc/{MOTO_PID[0]}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def moto(in_process: bool) -> Iterator[None]:
    """AWS on moto: in this process, or a moto server in a process of its own."""
    if in_process:
        from moto import mock_aws

        with mock_aws():
            yield
        return
    from infra.local.runtime import free_port

    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", MOTO_SERVER.format(port=port)], cwd=ROOT)
    MOTO_PID[:] = [server.pid]
    os.environ["AWS_ENDPOINT_URL"] = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                boto3.client("sts").get_caller_identity()
                break
            except Exception:
                time.sleep(0.1)
        yield
    finally:
        server.kill()


class Latency:
    """Each request takes the model's latency for its service. `floor`: moto's own answer counts toward
    it (a request takes the model's time, or moto's when moto is slower); else the wait comes on top."""

    def __init__(self, floor: bool) -> None:
        self.floor = floor
        self.started = threading.local()
        self.ses_accepted = 0  # SendEmail calls SES answered with a message id: the emails really sent

    def install(self, events: Any) -> None:
        events.register("before-call", self.before)
        events.register("after-call", self.after)

    def before(self, event_name: str, **_: Any) -> None:
        self.started.at = time.perf_counter()
        if not self.floor:
            time.sleep(_latency(event_name))

    def after(self, event_name: str, parsed: Any = None, **_: Any) -> None:
        if event_name.endswith("sesv2.SendEmail") and parsed and parsed.get("MessageId"):
            self.ses_accepted += 1
        if self.floor:
            time.sleep(max(0.0, _latency(event_name) - (time.perf_counter() - self.started.at)))


def _latency(event_name: str) -> float:
    return LATENCY_S.get(event_name.split(".")[1], OTHER_LATENCY_S)


def setup(recipients: int) -> tuple[str, list[str]]:
    """A workspace with a verified sender, a list of `recipients` subscribers and two campaigns to it,
    each started and dispatched; returns the workspace and the campaigns."""
    from functions.account import service as account
    from functions.account.models import WorkspaceCreate
    from functions.campaigns import dispatch, lifecycle
    from functions.campaigns import service as campaigns
    from functions.campaigns.models import CampaignCreate
    from functions.contacts.models import ContactUpsert
    from functions.core.sharding import SHARDS
    from functions.lists import service as lists
    from functions.lists.models import ListCreate
    from functions.senders import service as senders
    from functions.senders.models import DomainCreate, SenderCreate

    created = account.create_workspace(WorkspaceCreate(name="Bench", email="ops@bench.example"))
    workspace_id = created.workspace.id
    senders.create_domain(workspace_id, DomainCreate(domain="bench.example"))
    sender = senders.create_sender(
        workspace_id,
        SenderCreate(name="b", from_name="Bench", from_email="news@bench.example", daily_limit=10**7),
    )
    the_list = lists.create_list(
        workspace_id, ListCreate(name="Bench", from_name="Bench", from_email="news@bench.example")
    )
    for i in range(recipients):
        lists.subscribe(
            workspace_id, ContactUpsert(email=f"r{i:05d}@example.com", first_name=f"R{i}"), [the_list.id]
        )
    ids = []
    for title in ("pool", "sequential"):
        create = CampaignCreate(
            title=title,
            subject="Hello {{ first_name }}",
            html="<p>Hi {{ first_name }}</p><a href='https://bench.example/a'>A</a>"
            "<a href='{{ unsubscribe_url }}'>Unsubscribe</a>",
            list_id=the_list.id,
            sender_id=sender.id,
        )
        campaign = campaigns.create(workspace_id, create)
        lifecycle.start(workspace_id, campaign.id)
        for shard in range(SHARDS):
            dispatch.dispatch_shard(workspace_id, campaign.id, shard)
        ids.append(campaign.id)
    return workspace_id, ids


def send_jobs() -> dict[str, list[list[str]]]:
    """Every send job on the queue, by campaign, taken off it (this script plays the worker)."""
    from functions.core.settings import resource_name

    sqs, url = boto3.client("sqs"), resource_name("QUEUE_SEND_URL")
    jobs: dict[str, list[list[str]]] = {}
    while got := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=3600).get(
        "Messages"
    ):
        for message in got:
            body = json.loads(message["Body"])
            jobs.setdefault(body["campaign_id"], []).append(body["contact_ids"])
    return jobs


def run_worker(
    workspace_id: str, campaign_id: str, jobs: list[list[str]], workers: int | None
) -> tuple[float, int, float, float]:
    """One worker sends every job of the campaign, one after another: (seconds, recipients sent, CPU
    seconds of this process, CPU seconds of moto's server)."""
    from functions.campaigns import recipients, sender

    started, cpu, moto_cpu = time.perf_counter(), time.process_time(), moto_cpu_s()
    for contact_ids in jobs:
        sender.send_batch(workspace_id, campaign_id, contact_ids, workers=workers)
    elapsed, cpu, moto_cpu = time.perf_counter() - started, time.process_time() - cpu, moto_cpu_s() - moto_cpu
    return elapsed, int(recipients.stats(workspace_id, campaign_id).get("sent", 0)), cpu, moto_cpu


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    count = int(args[0]) if args else 800
    in_process = "--in-process" in sys.argv
    with moto(in_process):
        from functions.core import aws, idempotency, signing
        from infra.local.resources import create_all
        from infra.topology import TOPOLOGY

        os.environ.update(create_all(TOPOLOGY))
        for module in (aws, signing, idempotency):
            module.reset()
        print(f"setting up {count} subscribers and two campaigns ...")
        workspace_id, (pooled_id, sequential_id) = setup(count)

        from functions.sending import engine

        latency = Latency(floor="--on-top" not in sys.argv)
        latency.install(boto3.DEFAULT_SESSION.events)  # type: ignore[union-attr]
        aws.reset()  # clients made from now on hold their requests
        pool = engine.pool_size(50)
        jobs = send_jobs()
        pooled_s, pooled_sent, cpu_s, moto_s = run_worker(workspace_id, pooled_id, jobs[pooled_id], None)
        sequential_s, sequential_sent, *_ = run_worker(workspace_id, sequential_id, jobs[sequential_id], 1)

    assert pooled_sent == sequential_sent == count, (pooled_sent, sequential_sent)
    assert latency.ses_accepted == 2 * count, latency.ses_accepted  # each recipient's email, once a run
    pooled_rate, sequential_rate = count / pooled_s, count / sequential_s
    latencies = ", ".join(f"{name} {s * 1000:.0f} ms" for name, s in LATENCY_S.items())
    print(f"\nlatency model: {latencies}, other {OTHER_LATENCY_S * 1000:.0f} ms a request")
    print(f"moto: {'in this process' if in_process else 'a server in its own process'}")
    print(f"one send worker, {count} recipients in jobs of 50:")
    print(f"  engine, pool of {pool:<2}        {pooled_rate:7.1f} recipients/s  ({pooled_s:.1f} s)")
    print(f"  sequential (pool of 1)  {sequential_rate:7.1f} recipients/s  ({sequential_s:.1f} s)")
    where = "moto's included" if in_process else f"moto's server {moto_s / count * 1000:.1f} ms besides"
    print(f"  CPU a recipient (engine): this process {cpu_s / count * 1000:.1f} ms ({where})")
    print(f"  ratio                   {pooled_rate / sequential_rate:7.2f}x")
    print("  goal: >= 50 recipients/s per worker (20 workers keep up with a 1,000/s SES account)")
    send_queue = TOPOLOGY.queue("send")
    print("\nprojected campaign rate at the stack's concurrency (SES rate -> workers -> recipients/s):")
    for rate in SES_RATES:
        workers = send_queue.concurrency(rate) or 1
        print(f"  SES {rate:5d}/s -> {workers:4d} workers -> {min(rate, workers * pooled_rate):7.0f}/s")


if __name__ == "__main__":
    main()
