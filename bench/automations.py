"""Automations: run steps advanced per second by one runner on moto (against raw transactions on the same
moto, in the same run), AWS requests and cost per 1,000 contacts through a three-step flow, and, with
`--local N`, the time for N contacts entering at once to all receive step one on the local runtime.

Run: .venv/bin/python bench/automations.py [contacts=500] [--local 10000]   (compare the ratio, not rates)

The flow is the welcome series of the README: send, wait P2D, send. The contacts exist; an `enter` job
per contact goes on the automation-runs queue (what the outbox fan-out queues for a trigger), and one
runner (infra.local.pollers, the topology's batch size of 10) drains it: each run enters, sends step one
and arrives at its wait. The clock then moves two days ahead, the every-minute clock and the sweeps run,
and the runner drains again: each wait ends, step three goes out and the run completes. A step advanced
is a step a run arrives at or leaves: per contact, enter + send + wait in the first phase (3), wait over +
send + complete in the second (3).

The baseline, in rounds beside the runner's, is one raw TransactWriteItems of two items (a run item put
under a condition and a counter update) per step: the least a conditional run transition can write.
AWS requests are counted with a botocore hook as bench/events.py counts them (its Counter_), with the
writes of the automation-runs table's two indexes added (`WithIndexes`).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from environment import prepare

ROOT = prepare(LETTERCAST_DOMAIN_PROOF="assume", SES_MAX_SEND_RATE="200", SES_MAX_24H_SEND="1000000")
warnings.filterwarnings("ignore")

import boto3  # noqa: E402
import requests  # noqa: E402
from events import LAMBDA_GB_S, LAMBDA_REQUEST, PRICES, PRICES_NOW, Counter_  # noqa: E402
from moto import mock_aws  # noqa: E402

SQS_REQUEST = 0.40 / 1e6
SES_MESSAGE = 0.10 / 1000
# Assumed Lambda durations (moto's timing says nothing about Lambda's): the runner's batch of 10 jobs with
# their sends ~600 ms at 512 MB; a fan-out batch ~100 ms; a sweep of a shard ~200 ms; the clock ~50 ms.
RUNNER_MS, FANOUT_MS, SWEEP_MS, CLOCK_MS = 600, 100, 200, 50
MEMORY_GB = 0.5


def flow(sender_id: str) -> dict[str, Any]:
    return {
        "name": "Welcome series",
        "trigger": {"type": "event", "event": "signed_up"},
        "steps": [
            {
                "type": "send",
                "sender_id": sender_id,
                "subject": "Welcome",
                "html": "<p>Hi {{ first_name }}</p>",
            },
            {"type": "wait", "duration": "P2D"},
            {"type": "send", "sender_id": sender_id, "subject": "Your first week", "html": "<p>Tips</p>"},
        ],
    }


class WithIndexes(Counter_):
    """Counter_ plus the index writes of the automation-runs table, which Counter_ does not see: a run item
    carries its `contact` index entry (rewritten with it: 1 WRU) and, while it waits, its `due` entry (put,
    moved or removed: up to 2 WRU); a lease moves the due entry (2) and rewrites the contact entry (1)."""

    GSI_WRU_PER_RUN_WRITE = 3.0

    def _before(self, event_name: str, model: Any, params: dict[str, Any], **kwargs: Any) -> None:
        super()._before(event_name, model, params, **kwargs)
        if not self.on or event_name.split(".")[1] != "dynamodb":
            return
        writes = 0
        if model.name == "TransactWriteItems":
            for item in params["TransactItems"]:
                sk = ((item.get("Put") or {}).get("Item") or {}).get("sk", "")
                sk = sk.get("S", "") if isinstance(sk, dict) else sk  # typed once boto3 serialized it
                writes += str(sk).startswith("RUN#")
        elif model.name == "UpdateItem" and "due_sk" in str(params.get("UpdateExpression", "")):
            writes = 1
        with self.lock:
            self.wru += writes * self.GSI_WRU_PER_RUN_WRITE


def raw_transitions(client: Any, table: str, start: int, count: int) -> float:
    began = time.perf_counter()
    for i in range(start, start + count):
        client.transact_write_items(
            TransactItems=[
                {
                    "Put": {
                        "TableName": table,
                        "Item": {"pk": {"S": f"RAW#{i}"}, "sk": {"S": "RUN"}, "step": {"N": "1"}},
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
                {
                    "Update": {
                        "TableName": table,
                        "Key": {"pk": {"S": "RAWSTATS"}, "sk": {"S": f"S#{i % 16}"}},
                        "UpdateExpression": "ADD #n :one",
                        "ExpressionAttributeNames": {"#n": "reached"},
                        "ExpressionAttributeValues": {":one": {"N": "1"}},
                    }
                },
            ]
        )
    return time.perf_counter() - began


def in_process(contacts: int) -> None:
    counter = WithIndexes()
    with mock_aws():
        counter.install()
        from infra.local.pollers import queue_pollers
        from infra.local.resources import create_all
        from infra.topology import TOPOLOGY

        env = create_all(TOPOLOGY)
        os.environ.update(env)
        from functions.account import service as accounts
        from functions.automations.handler import handler as automations_handler
        from functions.automations.jobs import RunJob
        from functions.automations.workers import clock_handler
        from functions.core import aws, clock, queues
        from functions.lists import service as lists
        from functions.senders.handler import handler as senders_handler
        from infra.local.events import LambdaContext
        from tests.integration.conftest import Client

        aws.reset()
        _, key = accounts.ensure_operator_workspace("Bench", "bench@example.com")
        caller = accounts.authenticate(key)
        assert caller is not None
        senders = Client(senders_handler, caller)
        senders.post("/v1/domains", {"domain": "bench.example"})
        sender = senders.post(
            "/v1/senders", {"name": "S", "from_name": "B", "from_email": "hi@bench.example"}
        ).data
        api = Client(automations_handler, caller)
        automation = api.post("/v1/automations", flow(sender["id"])).data
        api.post(f"/v1/automations/{automation['id']}/activate")
        emails = [f"a{i:06d}@example.com" for i in range(contacts)]
        ids = []
        for start in range(0, contacts, 1000):
            batch = [{"email": e, "first_name": f"F{e[1:7]}"} for e in emails[start : start + 1000]]
            lists.upsert_many(caller.workspace_id, batch)
        from functions.contacts import service as contacts_service

        ids = [contacts_service.find(caller.workspace_id, e)["id"] for e in emails]
        pollers = queue_pollers(TOPOLOGY, env)
        runner, sweeps = pollers["automation-runs"], pollers["automation-sweeps"]
        dynamo = boto3.client("dynamodb")
        raw_table = env["TABLE_AUTOMATION_RUNS"]

        counter.on = True
        queues.send_all(
            "automation-runs",
            [
                RunJob(
                    kind="enter",
                    workspace_id=caller.workspace_id,
                    contact_id=c,
                    automation_id=automation["id"],
                ).body()
                for c in ids
            ],
        )
        began = time.perf_counter()
        runner.drain()
        first_s = time.perf_counter() - began
        clock.advance(2 * 86400 + 60)
        began = time.perf_counter()
        clock_handler({"every": "automation-sweep"}, LambdaContext("automation-clock"))
        sweeps.drain()
        runner.drain()
        second_s = time.perf_counter() - began
        counter.on = False
        raw_s = raw_transitions(dynamo, raw_table, 0, 3 * contacts)
        clock.set_offset(0)

        stats = api.get(f"/v1/automations/{automation['id']}").data["stats"]
        assert (stats["entered"], stats["completed"]) == (contacts, contacts), stats
        assert [s["sent"] for s in stats["steps"]] == [contacts, 0, contacts], stats

    steps = 6 * contacts
    runner_rate = steps / (first_s + second_s)
    raw_rate = 3 * contacts / raw_s
    print(
        f"automations bench: {contacts} contacts through send, wait P2D, send (one runner, moto in-process)"
    )
    print(f"  phase 1 (enter, send, wait): {first_s:.1f} s; phase 2 (wait over, send, end): {second_s:.1f} s")
    print(f"  run steps advanced: {runner_rate:.0f}/s per runner; raw 2-item transactions: {raw_rate:.0f}/s")
    print(f"  ratio runner steps / raw transactions: {runner_rate / raw_rate:.2f}")
    per = 1000 / contacts
    calls = {k: v * per for k, v in sorted(counter.calls.items())}
    print("  AWS requests per 1,000 contacts:", ", ".join(f"{k} {v:.0f}" for k, v in calls.items()))
    wru, rru = counter.wru * per, counter.rru * per
    print(f"  DynamoDB per 1,000 contacts: {wru:.0f} WRU, {rru:.0f} RRU")
    sqs = sum(v for k, v in calls.items() if k.startswith("sqs.")) * 2  # each message is also received
    invocations = {"runner": 1000 * 2 / 10, "fanout": 1000 / 100, "sweeps": 16 * 2, "clock": 2}
    durations = {"runner": RUNNER_MS, "fanout": FANOUT_MS, "sweeps": SWEEP_MS, "clock": CLOCK_MS}
    lam = sum(
        n * (LAMBDA_REQUEST + MEMORY_GB * durations[k] / 1000 * LAMBDA_GB_S) for k, n in invocations.items()
    )
    for label, prices in (("list prices of the issue", PRICES), ("today's prices", PRICES_NOW)):
        dynamo_cost = wru * prices["wru"] + rru * prices["rru"]
        total = dynamo_cost + sqs * SQS_REQUEST + lam
        print(
            f"  cost per 1,000 contacts ({label}): ${total:.4f} beside SES "
            f"(DynamoDB ${dynamo_cost:.4f}, SQS ${sqs * SQS_REQUEST:.4f}, Lambda ${lam:.4f}); "
            f"SES itself ${2000 * SES_MESSAGE:.2f} for the 2,000 emails"
        )


def on_local_runtime(contacts: int) -> None:
    """N contacts entering at once (a segment backfilled over them) until every one has step one."""
    from infra.local.runtime import LocalRuntime, free_port

    runtime = LocalRuntime(Path(tempfile.mkdtemp(prefix="lettercast-bench-")), free_port())
    url = runtime.start()
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {runtime.key}"

    def call(method: str, path: str, **kwargs: Any) -> Any:
        reply = session.request(method, url + path, timeout=600, **kwargs)
        assert reply.status_code < 300, (path, reply.status_code, reply.text)
        return reply.json()["data"] if reply.content else None

    try:
        call("POST", "/v1/domains", json={"domain": "bench.example"})
        sender = call(
            "POST", "/v1/senders", json={"name": "S", "from_name": "B", "from_email": "hi@bench.example"}
        )
        the_list = call(
            "POST", "/v1/lists", json={"name": "All", "from_name": "B", "from_email": "hi@bench.example"}
        )
        for start in range(0, contacts, 1000):
            batch = [
                {"email": f"l{i:06d}@example.com", "lists": [the_list["id"]], "attributes": {"cohort": "b"}}
                for i in range(start, min(contacts, start + 1000))
            ]
            call("POST", "/v1/contacts/batch", json={"contacts": batch})
        segment = call(
            "POST", "/v1/segments", json={"name": "B", "list_id": the_list["id"], "rules": {"groups": []}}
        )
        body = flow(sender["id"]) | {"trigger": {"type": "segment_entered", "segment_id": segment["id"]}}
        automation = call("POST", "/v1/automations", json=body)
        call("POST", f"/v1/automations/{automation['id']}/activate")
        time.sleep(5)  # the contacts' own stream records go by first
        rules = {"groups": [{"conditions": [{"field": "attributes.cohort", "operator": "eq", "value": "b"}]}]}
        began = time.perf_counter()
        call("PATCH", f"/v1/segments/{segment['id']}", json={"rules": rules})
        while True:
            stats = call("GET", f"/v1/automations/{automation['id']}")["stats"]
            if stats["steps"][0]["sent"] >= contacts:
                break
            time.sleep(1)
        elapsed = time.perf_counter() - began
        outbox = session.get(url + "/_local/outbox", timeout=600).json()["data"]
        firsts = [m["to"][0] for m in outbox if m["subject"] == "Welcome"]
        assert len(firsts) == len(set(firsts)) == contacts, (len(firsts), len(set(firsts)))
        print(f"local runtime: {contacts} contacts entering at once (a segment backfill) all had step one")
        print(f"  after {elapsed:.0f} s ({contacts / elapsed:.0f} contacts/s), each exactly once")
    finally:
        runtime.stop()


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    contacts = int(args[0]) if args else 500
    if "--local" in sys.argv:
        on_local_runtime(int(sys.argv[sys.argv.index("--local") + 1]))
        return
    in_process(contacts)


if __name__ == "__main__":
    main()
