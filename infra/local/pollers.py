"""Event source mappings, played locally: SQS queues and DynamoDB streams feeding their functions.

Each poller has `poll_once()` (tests drive it explicitly) and runs in a thread in the local runtime.
They honour `batchItemFailures` as Lambda does: failed SQS messages stay for the visibility timeout (and
move to the DLQ after max receives, which moto does); a failed stream record is retried from its sequence
number up to `max_retries` times, then skipped.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import boto3
from botocore.config import Config

from infra.local import journal
from infra.local.events import LambdaContext, sqs_record, stream_record
from infra.topology import Topology

Handler = Callable[[dict[str, Any], Any], Any]
log = logging.getLogger("lettercast.local")


def _failed_ids(response: Any) -> set[str]:
    if not isinstance(response, dict):
        return set()
    return {f["itemIdentifier"] for f in response.get("batchItemFailures") or []}


class QueuePoller:
    def __init__(
        self, queue_url: str, handler: Handler, function_name: str, batch_size: int, window_s: float = 0
    ) -> None:
        self.sqs = boto3.client("sqs")
        self.url = queue_url
        self.arn = self.sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        self.handler = handler
        self.function_name = function_name
        self.batch_size = batch_size
        self.window_s = window_s  # the batching window: gather up to batch_size for this long

    def _receive(self, wait_s: int) -> list[dict[str, Any]]:
        return self.sqs.receive_message(
            QueueUrl=self.url,
            MaxNumberOfMessages=min(self.batch_size, 10),
            WaitTimeSeconds=wait_s,
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
        ).get("Messages", [])

    def poll_once(self, wait_s: int = 0) -> int:
        """Receive one batch and hand it to the function; returns how many messages it got."""
        messages = self._receive(wait_s)
        if not messages:
            return 0
        deadline = time.monotonic() + self.window_s
        while len(messages) < self.batch_size and time.monotonic() < deadline:
            messages += self._receive(1)
        with journal.unit():  # the invocation and the deletes of what it handled, kept together
            self._handle(messages)
        return len(messages)

    def _handle(self, messages: list[dict[str, Any]]) -> None:
        event = {"Records": [sqs_record(m, self.arn) for m in messages]}
        try:
            failed = _failed_ids(self.handler(event, LambdaContext(self.function_name)))
        except Exception:  # the whole batch returns to the queue, as on Lambda
            log.warning("%s failed a batch; it returns to the queue", self.function_name, exc_info=True)
            return
        done = [m for m in messages if m["MessageId"] not in failed]
        for start in range(0, len(done), 10):
            self.sqs.delete_message_batch(
                QueueUrl=self.url,
                Entries=[
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                    for i, m in enumerate(done[start : start + 10])
                ],
            )

    def drain(self, rounds: int = 1000) -> int:
        """Poll until the queue gives nothing (messages in flight after a failure are not waited for)."""
        total = 0
        for _ in range(rounds):
            got = self.poll_once()
            if not got:
                return total
            total += got
        return total


class StreamPoller:
    """Reads every shard of a table's stream from where it was started (LATEST unless told otherwise)."""

    def __init__(
        self,
        table_name: str,
        handler: Handler,
        function_name: str,
        batch_size: int,
        max_retries: int,
        start: str = "LATEST",
        positions: dict[str, str] | None = None,
        sk_prefix: str | None = None,
        inserts_only: bool = False,
    ) -> None:
        self.sk_prefix = sk_prefix
        self.inserts_only = inserts_only
        # Under mock_aws the streams client must not put the account id in its endpoint.
        self.streams = boto3.client("dynamodbstreams", config=Config(account_id_endpoint_mode="disabled"))
        self.table_name = table_name
        self.arn = boto3.client("dynamodb").describe_table(TableName=table_name)["Table"]["LatestStreamArn"]
        self.handler = handler
        self.function_name = function_name
        self.batch_size = batch_size
        self.max_retries = max_retries
        self.start = start
        self.positions: dict[str, str] = dict(positions or {})  # shard id -> last sequence number handled
        self.iterators: dict[str, str | None] = {}
        self.lock = threading.Lock()
        for shard in self._shards():
            self.iterators[shard] = self._iterator(shard)

    def _shards(self) -> list[str]:
        description = self.streams.describe_stream(StreamArn=self.arn)["StreamDescription"]
        return [s["ShardId"] for s in description.get("Shards", [])]

    def _iterator(self, shard: str, after: str | None = None) -> str:
        after = after or self.positions.get(shard)
        kwargs: dict[str, Any] = {"StreamArn": self.arn, "ShardId": shard}
        if after:
            kwargs.update(ShardIteratorType="AFTER_SEQUENCE_NUMBER", SequenceNumber=after)
        else:
            kwargs["ShardIteratorType"] = self.start
        return self.streams.get_shard_iterator(**kwargs)["ShardIterator"]

    def poll_once(self) -> int:
        """Deliver what the stream has now, batch by batch; returns how many records were delivered."""
        with self.lock:
            for shard in self._shards():
                if shard not in self.iterators:
                    self.iterators[shard] = self._iterator(shard)
            delivered = 0
            for shard in list(self.iterators):
                delivered += self._poll_shard(shard)
            return delivered

    def _poll_shard(self, shard: str) -> int:
        iterator = self.iterators.get(shard)
        if iterator is None:
            return 0
        response = self.streams.get_records(ShardIterator=iterator, Limit=1000)
        self.iterators[shard] = response.get("NextShardIterator")
        records = response.get("Records", [])
        if (self.sk_prefix or self.inserts_only) and records:  # the mapping's filter: others never reach it
            wanted = [
                r
                for r in records
                if _sort_key(r).startswith(self.sk_prefix or "")
                and (not self.inserts_only or r["eventName"] == "INSERT")
            ]
            if not wanted:
                with journal.unit():
                    self._advance(shard, records[-1])
            records = wanted
        delivered = 0
        for start in range(0, len(records), self.batch_size):
            batch = records[start : start + self.batch_size]
            delivered += self._deliver(shard, batch)
        return delivered

    def _advance(self, shard: str, record: dict[str, Any]) -> None:
        """Handled through `record`: kept with the invocation's changes (recorded first, under the lock)."""
        journal.record(["pos", self.table_name, record["eventID"]])
        self.positions[shard] = record["dynamodb"]["SequenceNumber"]

    def delivered(self) -> int | None:
        """The sequence number handled last (one shard per table locally), None before any."""
        numbers = [int(n) for n in self.positions.values()]
        return max(numbers) if numbers else None

    def _deliver(self, shard: str, batch: list[dict[str, Any]]) -> int:
        attempts = 0
        while batch:
            with journal.unit():  # the invocation and the position it moves to, kept together
                event = {"Records": [stream_record(r, self.arn) for r in batch]}
                try:
                    failed = _failed_ids(self.handler(event, LambdaContext(self.function_name)))
                except Exception:
                    failed = {batch[0]["dynamodb"]["SequenceNumber"]}
                if not failed:
                    self._advance(shard, batch[-1])
                    return len(batch)
            attempts += 1
            # Lambda retries from the first failed record; past max_retries the record is skipped.
            first = min(
                i
                for i, r in enumerate(batch)
                if r["dynamodb"]["SequenceNumber"] in failed or r["eventID"] in failed
            )
            if attempts > self.max_retries:
                first += 1  # give up on it, as Lambda does after MaximumRetryAttempts
                attempts = 0
            if first:
                with journal.unit():
                    self._advance(shard, batch[first - 1])
            batch = batch[first:]
        return 0


def _sort_key(record: dict[str, Any]) -> str:
    return str((record["dynamodb"].get("Keys") or {}).get("sk", {}).get("S", ""))


def load_handler(dotted: str) -> Handler:
    """`functions.x.handler.handler` -> the function (imported on first use, as a cold start)."""
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def queue_pollers(
    topology: Topology, env: dict[str, str], batching_windows: bool = False
) -> dict[str, QueuePoller]:
    """One poller per topology queue, feeding its consumer function (tests skip the batching windows)."""
    pollers = {}
    for queue in topology.queues:
        consumer = topology.function(queue.consumer)
        handler = _lazy(consumer.handler)
        window = queue.max_batching_window_s if batching_windows else 0
        pollers[queue.name] = QueuePoller(env[queue.env], handler, consumer.name, queue.batch_size, window)
        if queue.dead_letter_consumer:
            reader = topology.function(queue.dead_letter_consumer)
            pollers[f"{queue.name}-dlq"] = QueuePoller(
                env[queue.dlq_env], _lazy(reader.handler), reader.name, 10
            )
    return pollers


def stream_pollers(topology: Topology, env: dict[str, str], start: str = "LATEST") -> dict[str, StreamPoller]:
    """One poller per topology stream, keyed by table name."""
    pollers = {}
    for stream in topology.streams:
        consumer = topology.function(stream.consumer)
        pollers[stream.table.name] = StreamPoller(
            env[stream.table.env],
            _lazy(consumer.handler),
            consumer.name,
            stream.batch_size,
            stream.max_retries,
            start,
            sk_prefix=stream.sk_prefix,
            inserts_only=stream.inserts_only,
        )
    return pollers


def _lazy(dotted: str) -> Handler:
    def call(event: dict[str, Any], context: Any) -> Any:
        return load_handler(dotted)(event, context)

    return call
