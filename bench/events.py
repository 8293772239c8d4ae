"""Event ingestion: POST /v1/events through the real handler vs raw DynamoDB PutItem, on one in-process moto.

Run: .venv/bin/python bench/events.py [events=500]   (compare the ratio, not the rates)

The events go to 50 contacts that exist already, by email, five names, a small properties object and a
client `id` each (what an idempotent client sends): each is one API Gateway event through
functions.events.handler.handler, as tests/builders.rest_event builds it. The baseline in the same run is
one PutItem per event of an item like the activity entry an event writes, the least any store could do.
The API only accepts an event (one write into the event inbox); the event-apply worker then records it,
fed by the inbox's stream as Lambda would feed it: its rate is set against the bare transaction of the
four writes it makes. Each kind runs in rounds of 100, in turn, so that the machine's slower moments and
the tables' growth weigh on all alike.

AWS requests are counted with a botocore `before-parameter-build` hook (the call's own parameters, so a
transaction's items can be sized). DynamoDB units: a write is 1 WRU per KB of the item written (for an
update, the item as it stands), twice that inside a transaction; a read 0.5 RRU per 4 KB, 1 when strongly
consistent. The batch route is measured the same way, 100 events a request.
"""

from __future__ import annotations

import json
import math
import sys
import threading
import time
import warnings
from collections import Counter
from typing import Any

from environment import prepare

ROOT = prepare()
warnings.filterwarnings("ignore")

import boto3  # noqa: E402
from boto3.dynamodb.types import TypeSerializer  # noqa: E402
from moto import mock_aws  # noqa: E402
from moto.dynamodb.models import dynamodb_backends  # noqa: E402
from moto.dynamodb.models.dynamo_type import DynamoType  # noqa: E402

# us-east-1 on-demand list prices as the issue states them (DynamoDB's were halved in November 2024 to
# $0.625 / $0.125: the second column), Lambda arm64.
PRICES = {"wru": 1.25 / 1e6, "rru": 0.25 / 1e6}
PRICES_NOW = {"wru": 0.625 / 1e6, "rru": 0.125 / 1e6}
LAMBDA_REQUEST = 0.20 / 1e6
LAMBDA_GB_S = 0.0000133334
MEMORY_GB = 0.5  # infra/topology.py's default for an API function
# Assumed Lambda durations (moto's timing says nothing about Lambda's): a single event is a rate-limit
# block now and then and one PutItem (~8 ms each) plus the handler; a batch is one transaction of 100 puts;
# the worker applies a stream batch of 100 one transaction (~10 ms) after another.
SINGLE_MS = 15
BATCH_MS = 60
APPLY_MS = 1200
ROUND = 100

CONTACTS = 50
NAMES = ("viewed_product", "added_to_cart", "checked_out", "opened_app", "searched")
WIRE = {"S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"}
_serialize = TypeSerializer().serialize


def item_size(item: dict[str, Any]) -> int:
    """DynamoDB's size of an item: its attribute names and values (moto counts it as DynamoDB does)."""
    size = 0
    for name, value in item.items():
        wire = value if isinstance(value, dict) and len(value) == 1 and next(iter(value)) in WIRE else None
        size += len(name.encode()) + DynamoType(wire or _serialize(value)).size()
    return size


class Counter_:
    """AWS requests by operation, and DynamoDB units, while `on`."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.wru = 0.0
        self.rru = 0.0
        self.on = False
        self.lock = threading.Lock()

    def install(self) -> None:
        boto3.setup_default_session()
        boto3.DEFAULT_SESSION.events.register("before-parameter-build", self._before)

    def reset(self) -> None:
        self.calls.clear()
        self.wru = self.rru = 0.0

    def _stored_size(self, table: str, key: dict[str, Any]) -> int:
        wire = {k: v if isinstance(v, dict) else _serialize(v) for k, v in key.items()}
        found = dynamodb_backends["123456789012"]["us-east-1"].get_item(table, wire)
        return found.size() if found else 0

    def _write(self, op: str, params: dict[str, Any]) -> float:
        if op == "Put":
            size = item_size(params["Item"])
        else:  # an update is charged for the larger of the item before and after: before, plus a little
            size = self._stored_size(params["TableName"], params["Key"]) + 50
        return float(max(1, math.ceil(size / 1024)))

    def _before(self, event_name: str, model: Any, params: dict[str, Any], **_: Any) -> None:
        if not self.on:
            return
        service = event_name.split(".")[1]
        wru = rru = 0.0
        if service != "dynamodb":
            pass
        elif model.name == "TransactWriteItems":
            wru = sum(2 * self._write(*next(iter(item.items()))) for item in params["TransactItems"])
        elif model.name == "PutItem":
            wru = self._write("Put", params)
        elif model.name == "UpdateItem":
            wru = self._write("Update", params)
        elif model.name in ("GetItem", "Query"):
            rru = 1.0 if params.get("ConsistentRead") else 0.5
        elif model.name == "BatchGetItem":
            rru = 0.5 * sum(len(t.get("Keys", [])) for t in params.get("RequestItems", {}).values())
        with self.lock:  # a batch's events are written from several threads
            self.calls[f"{service}.{model.name}"] += 1
            self.wru += wru
            self.rru += rru


def event_body(i: int, run: str) -> dict[str, Any]:
    return {
        "email": f"c{i % CONTACTS:03d}@example.com",
        "name": NAMES[i % len(NAMES)],
        "properties": {"sku": f"SKU-{i:05d}", "price": 19.99, "currency": "EUR", "page": "/products/x"},
        "id": f"{run}-{i:06d}",
    }


def raw_transaction(client: Any, name: str, item: dict[str, Any], i: int) -> None:
    """The floor of what applying an event must write, atomically: the worker's four writes."""
    at = f"2026-11-22T10:{i // 60 % 60:02d}:{i % 60:02d}Z"
    client.transact_write_items(
        TransactItems=[
            {
                "Update": {
                    "TableName": name,
                    "Key": {"pk": f"RAWC#{i % CONTACTS}", "sk": "C#1"},
                    "UpdateExpression": "SET #e.#n.#c = #e.#n.#c + :one, #e.#n.#l = :at ADD #v :one",
                    "ConditionExpression": "#e.#n.#l <= :at",
                    "ExpressionAttributeNames": {
                        "#e": "events",
                        "#n": "viewed",
                        "#c": "count",
                        "#l": "last_at",
                        "#v": "version",
                    },
                    "ExpressionAttributeValues": {":one": 1, ":at": at},
                }
            },
            {
                "Put": {
                    "TableName": name,
                    "Item": {"pk": f"RAWA#{i % CONTACTS}", "sk": f"{at}#{i}", "data": item},
                }
            },
            {"Put": {"TableName": name, "Item": {"pk": "RAWEV#2026-11-22", "sk": f"{i:06d}", "data": item}}},
            {
                "Put": {
                    "TableName": name,
                    "Item": {"pk": f"RAWID#{i}", "sk": "EVENT", "position": f"{at}#{i}"},
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            },
        ]
    )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    rounds = max(1, count // ROUND)
    count = rounds * ROUND
    counter = Counter_()
    with mock_aws():  # it starts a default session of its own: the hook goes on that one
        import os

        counter.install()

        from infra.local.pollers import stream_pollers
        from infra.local.resources import create_all
        from infra.topology import TOPOLOGY

        env = create_all(TOPOLOGY)
        os.environ.update(env)
        from functions.account import service as accounts
        from functions.contacts import service as contacts
        from functions.contacts.models import ContactUpsert
        from functions.core import aws
        from functions.events.handler import handler
        from tests.builders import LambdaContext, rest_event

        aws.reset()
        _, key = accounts.ensure_operator_workspace("Bench", "bench@example.com")
        caller = accounts.authenticate(key)
        assert caller is not None
        for c in range(CONTACTS):
            contacts.upsert(caller.workspace_id, ContactUpsert(email=f"c{c:03d}@example.com", first_name="C"))
        worker = stream_pollers(TOPOLOGY, env)["event-inbox"]  # the event-apply worker, as Lambda feeds it
        table, client = aws.table("contacts"), aws.dynamodb_client()
        like = {"name": "viewed_product", "properties": event_body(0, "raw")["properties"]}
        item = json.loads(json.dumps(like), parse_float=str)  # strings: the put's cost is its size alone
        for c in range(CONTACTS):
            summary = {
                "viewed": {"count": 0, "first_at": "2026-01-01T00:00:00Z", "last_at": "2026-01-01T00:00:00Z"}
            }
            table.put_item(Item={"pk": f"RAWC#{c}", "sk": "C#1", "events": summary, "version": 1})

        def post(path: str, body: dict[str, Any]) -> None:
            reply = handler(rest_event("POST", path, body=body, caller=caller), LambdaContext())
            assert reply["statusCode"] == 202, reply["body"]

        for i in range(20):  # warm: the handler's first call builds its models and clients
            post("/v1/events", event_body(i, "warm"))
        worker.poll_once()

        # Rounds of each kind in turn, so that a slower moment of the machine (or a larger table) weighs on
        # all of them alike.
        took: dict[str, float] = {"single": 0.0, "batch": 0.0, "raw": 0.0, "floor": 0.0, "apply": 0.0}
        usage: dict[str, tuple[Counter[str], float, float]] = {}
        applied = 0

        def timed(label: str, work: Any, base: int) -> None:
            counter.on = True
            started = time.perf_counter()
            work(base)
            took[label] += time.perf_counter() - started
            counter.on = False
            calls, wru, rru = usage.get(label, (Counter(), 0.0, 0.0))
            usage[label] = (calls + counter.calls, wru + counter.wru, rru + counter.rru)
            counter.reset()

        def single(base: int) -> None:
            for i in range(base, base + ROUND):
                post("/v1/events", event_body(i, "single"))

        def raw(base: int) -> None:
            for i in range(base, base + ROUND):
                table.put_item(Item={"pk": f"RAW#{i % CONTACTS}", "sk": f"2026-11-22#{i:06d}", "data": item})

        def batch(base: int) -> None:
            post("/v1/events/batch", {"events": [event_body(i, "batch") for i in range(base, base + ROUND)]})

        def floor(base: int) -> None:
            for i in range(base, base + ROUND):
                raw_transaction(client, table.name, item, i)

        def drain(_: int) -> None:
            nonlocal applied
            while moved := worker.poll_once():
                applied += moved

        for r in range(rounds):
            for label, work in (("single", single), ("raw", raw), ("batch", batch), ("floor", floor)):
                timed(label, work, r * ROUND)
            timed("apply", drain, 0)

        applied_ok = sum(
            summary.count
            for c in range(CONTACTS)
            for summary in (contacts.get(caller.workspace_id, f"c{c:03d}@example.com").events or {}).values()
        )

    single_s, batch_s, raw_s, floor_s, apply_s = (
        took[k] for k in ("single", "batch", "raw", "floor", "apply")
    )
    print(f"{count} events each way ({rounds} rounds of {ROUND}, in turn), {CONTACTS} contacts by email,")
    print("each with properties and a client id")
    print(f"POST /v1/events (handler)                     {count / single_s:8.0f} events/s")
    print(f"POST /v1/events/batch ({ROUND} each)              {count / batch_s:8.0f} events/s")
    print(f"raw PutItem of an activity-like item          {count / raw_s:8.0f} puts/s")
    print(f"event-apply worker (stream -> contact)        {applied / apply_s:8.0f} events/s")
    print(f"raw TransactWriteItems of an event's 4 writes {count / floor_s:8.0f} transactions/s")
    print(f"single / raw put                              {raw_s / single_s:8.2f}   (issue goal >= 0.5)")
    print(f"batch / raw put                               {raw_s / batch_s:8.2f}")
    print(f"worker / raw transaction                      {(applied / apply_s) / (count / floor_s):8.2f}")
    print(f"applied by the worker while timed: {applied} (and 20 warm-up events before)")
    print(f"counted in the contacts' summaries: {applied_ok} of {2 * count + 20} accepted")
    print()
    for label, requests, ms in (("single", count, SINGLE_MS), ("batch", count / ROUND, BATCH_MS)):
        calls = usage[label][0] + Counter({k: v / 2 for k, v in usage["apply"][0].items()})
        wru = usage[label][1] + usage["apply"][1] / 2  # the worker applied both kinds: half each
        rru = usage[label][2] + usage["apply"][2] / 2
        lam = requests * (LAMBDA_REQUEST + LAMBDA_GB_S * MEMORY_GB * ms / 1000)
        lam += (count / ROUND) * (LAMBDA_REQUEST + LAMBDA_GB_S * MEMORY_GB * APPLY_MS / 1000)
        dyn = wru * PRICES["wru"] + rru * PRICES["rru"]
        dyn_now = wru * PRICES_NOW["wru"] + rru * PRICES_NOW["rru"]
        per = {k: round(v / count, 2) for k, v in sorted(calls.items())}
        print(f"{label} (with the worker's share): AWS requests per event {per}")
        print(f"{label}: {wru / count:.1f} WRU and {rru / count:.1f} RRU per event")
        print(
            f"{label}: per 1,000 events ${1000 * (dyn + lam) / count:.5f} "
            f"(DynamoDB ${1000 * dyn / count:.5f} at $1.25/$0.25 per million WRU/RRU, "
            f"${1000 * dyn_now / count:.5f} at today's $0.625/$0.125; "
            f"Lambda ${1000 * lam / count:.5f}: 512 MB arm64, {ms} ms a request and {APPLY_MS} ms a worker "
            f"batch of {ROUND} assumed)"
        )
    print("Not counted: API Gateway ($3.50 per million REST requests), the authorizer (cached), stream reads")
    print("(free to Lambda triggers), and what the segment evaluator then writes.")


if __name__ == "__main__":
    main()
