"""What our functions' AWS requests cost: a botocore counter for the local runtime run in-process, and
us-east-1 list prices (on-demand DynamoDB, standard SQS, Lambda arm64 requests, SNS publishes).

DynamoDB units are estimated from the request: a put is 1 WRU per KB of its item, an update or delete 1
(items here are under 1 KB), 2 inside a transaction; a read 0.5 RRU (eventually consistent) and a query
0.5 RRU a page. Lambda duration is not counted: moto's timing says nothing about Lambda's.
"""

from __future__ import annotations

import contextvars
import json
import math
import threading
from collections import Counter
from typing import Any

import boto3

SES_PRICE_PER_1000 = 0.10
PRICES = {  # dollars per unit
    "dynamodb.wru": 0.625 / 1e6,
    "dynamodb.rru": 0.125 / 1e6,
    "sqs.request": 0.40 / 1e6,
    "lambda.invoke": 0.20 / 1e6,
    "sns.publish": 0.50 / 1e6,
    "scheduler.invoke": 1.00 / 1e6,
}


BACKGROUND = ("queue-", "stream-", "scheduler")  # the runtime's threads that invoke functions


class RequestCounter:
    """Counts the AWS requests our functions make, by service and operation, through botocore's hooks.

    Counted: calls made inside a function invocation (queue workers, stream worker, scheduler target),
    and the queue pollers' ReceiveMessage (when it got messages) and DeleteMessageBatch, which Lambda's
    own SQS polling also pays for. Not counted: what only plays AWS locally (stream reads, which Lambda
    does for free, the scheduler and SES feedback players) and the API calls this script makes to watch.
    """

    def __init__(self, only: tuple[str, ...] = (), queues: tuple[str, ...] = ()) -> None:
        self.only = only  # handler paths to count (their prefixes); empty: every function
        self.queues = tuple(f"queue-{q}" for q in queues)  # whose receives to count; empty: every queue
        self.calls: Counter[str] = Counter()
        self.invocations: Counter[str] = Counter()
        self.wru = 0.0
        self.rru = 0.0
        self.lock = threading.Lock()
        self.feedback_receives = 0  # the feedback queue's receives that got notices
        self.on = False
        # Inside a function invocation: a context variable, so the threads a handler's pools run (the send
        # engine's) are counted with it (the runtime's pools carry their submitter's context).
        self.inside: contextvars.ContextVar[bool] = contextvars.ContextVar("inside", default=False)

    def install(self) -> None:
        from infra.local import gateway, pollers

        boto3.setup_default_session()
        # before-parameter-build: its params are the call's own (before-call's are the serialized request,
        # where a batch's or a transaction's items cannot be counted).
        boto3.DEFAULT_SESSION.events.register("before-parameter-build", self._before)
        boto3.DEFAULT_SESSION.events.register("after-call.sqs.ReceiveMessage", self._received)
        original = pollers.load_handler

        def counting(dotted: str) -> Any:
            handler = original(dotted)

            def invoke(event: Any, context: Any) -> Any:
                watched = threading.current_thread().name.startswith(BACKGROUND) and (
                    not self.only or dotted.startswith(self.only)
                )
                if self.on and watched:
                    with self.lock:
                        self.invocations[dotted.rsplit(".", 1)[0]] += 1
                token = self.inside.set(watched)
                try:
                    return handler(event, context)
                finally:
                    self.inside.reset(token)

            return invoke

        pollers.load_handler = counting
        gateway.load_handler = counting  # type: ignore[attr-defined]

    def _add(self, name: str, wru: float = 0.0, rru: float = 0.0) -> None:
        with self.lock:
            self.calls[name] += 1
            self.wru += wru
            self.rru += rru

    def _before(self, event_name: str, model: Any, params: dict[str, Any], **_: Any) -> None:
        service = event_name.split(".")[1]
        if not self.on:
            return
        if self.inside.get():
            self._add(f"{service}.{model.name}", *units(service, model.name, params))
        elif model.name == "DeleteMessageBatch" and self._polling():
            self._add("sqs.DeleteMessageBatch")

    def _polling(self) -> bool:
        """In a queue poller's thread (of the queues counted)."""
        thread = threading.current_thread().name
        return thread in self.queues if self.queues else thread.startswith("queue-")

    def _received(self, parsed: dict[str, Any], **_: Any) -> None:
        if self.on and parsed.get("Messages") and self._polling():
            self._add("sqs.ReceiveMessage")
            if threading.current_thread().name == "queue-feedback":
                with self.lock:
                    self.feedback_receives += 1


def write_units(item: Any) -> float:
    """A write's units: one per KB of the item written (its JSON size, close to DynamoDB's count)."""
    return float(max(1, math.ceil(len(json.dumps(item, default=str)) / 1024))) if item else 1.0


def units(service: str, operation: str, params: dict[str, Any]) -> tuple[float, float]:
    if service != "dynamodb":
        return 0.0, 0.0
    if operation == "PutItem":
        return write_units(params.get("Item")), 0.0
    if operation in ("UpdateItem", "DeleteItem"):
        return 1.0, 0.0
    if operation == "TransactWriteItems":
        return 2.0 * len(params.get("TransactItems", [])), 0.0
    if operation == "BatchWriteItem":
        requests = [r for rs in params.get("RequestItems", {}).values() for r in rs]
        return float(sum(write_units(r.get("PutRequest", {}).get("Item")) for r in requests)), 0.0
    if operation == "BatchGetItem":
        return 0.0, 0.5 * sum(len(v.get("Keys", [])) for v in params.get("RequestItems", {}).values())
    if operation in ("GetItem", "Query", "Scan"):
        return 0.0, 1.0 if params.get("ConsistentRead") else 0.5
    return 0.0, 0.0


def dollars(counter: RequestCounter) -> dict[str, float]:
    """What the counted requests cost, by part (SQS: the counted requests; SNS and SES are the caller's)."""
    by_service: Counter[str] = Counter()
    for name, n in counter.calls.items():
        by_service[name.split(".")[0]] += n
    return {
        "DynamoDB writes": counter.wru * PRICES["dynamodb.wru"],
        "DynamoDB reads": counter.rru * PRICES["dynamodb.rru"],
        "SQS requests": by_service["sqs"] * PRICES["sqs.request"],
        "Lambda invocations": sum(counter.invocations.values()) * PRICES["lambda.invoke"],
    }


def print_requests(counter: RequestCounter, per: float, unit: str) -> None:
    """The counted requests and invocations, scaled by `per` (e.g. 1000 / recipients)."""
    print(f"\nAWS requests per 1,000 {unit}")
    for name, n in sorted(counter.calls.items(), key=lambda kv: -kv[1]):
        print(f"  {name:40s} {n * per:10.1f}")
    print(f"\nLambda invocations per 1,000 {unit}")
    for name, n in sorted(counter.invocations.items(), key=lambda kv: -kv[1]):
        print(f"  {name:40s} {n * per:10.1f}")
