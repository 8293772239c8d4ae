"""The local runtime's state: a checkpoint plus the journal written since, put back into moto at start.

The state is one model of plain data, the same in a checkpoint file and in memory while it is rebuilt:

  tables     table -> item key -> item (DynamoDB JSON)
  streams    table -> stream records not yet delivered to the table's stream consumer, in order
  queues     queue -> message id -> message (in flight or not: all come back visible)
  buckets    bucket -> object key -> bytes
  schedules  "group/name" -> schedule; schedule_groups
  ses        message id -> what SES sent (the outbox), with its time and tags
  identities SES identities; secrets: topology secret -> value
  feedback   ids of sent messages whose SES feedback was published; cleared: ids hidden from the outbox
  fired      schedules fired that do not delete themselves
  clock      how far the local clock was moved ahead of the real one, in seconds (POST /_local/clock/advance)

A journal entry is one change to it (`apply`): ["ddb", table, key, item | None], ["rec", table, record],
["pos", table, eventID] (delivered through), ["sqs+", queue, message], ["sqs-", queue, id], ["sqs0",
queue], ["s3+", bucket, key, bytes], ["s3-", bucket, key], ["sch+", schedule], ["sch-", group, name],
["schg", group], ["ses", message], ["id+", name], ["id-", name], ["secrets", {name: value}], ["fed", id],
["clr", [ids]], ["fired", "group/name"], ["clock", total offset in seconds].
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import boto3

from functions.core.clock import timestamp
from infra.local import journal
from infra.local.events import ACCOUNT, REGION
from infra.topology import Topology

VERSION = 2
CHECKPOINT = "state.json"


def empty() -> dict[str, Any]:
    return {
        "version": VERSION,
        "generation": 0,
        "tables": {},
        "streams": {},
        "queues": {},
        "buckets": {},
        "schedules": {},
        "schedule_groups": [],
        "ses": {},
        "identities": [],
        "secrets": {},
        "feedback": [],
        "cleared": [],
        "fired": [],
        "clock": 0.0,
    }


def _key(key: dict[str, Any]) -> str:
    return json.dumps(key, sort_keys=True, separators=(",", ":"))


def _unbytes(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"__b64__"}:
        return value["__b64__"]
    return base64.b64encode(value).decode() if isinstance(value, bytes | bytearray) else value


class Model:
    """The state while it is rebuilt: sets and ordered dicts, so that replaying a change is cheap."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.generation = int(data.get("generation", 0))
        self.tables: dict[str, dict[str, Any]] = data["tables"]
        self.streams = {t: {r["eventID"]: r for r in records} for t, records in data["streams"].items()}
        self.queues: dict[str, dict[str, Any]] = data["queues"]
        self.buckets: dict[str, dict[str, str]] = data["buckets"]
        self.schedules: dict[str, Any] = data["schedules"]
        self.schedule_groups = set(data["schedule_groups"])
        self.ses: dict[str, Any] = data["ses"]
        self.identities = set(data["identities"])
        self.secrets: dict[str, str] = data["secrets"]
        self.feedback = set(data["feedback"])
        self.cleared = set(data["cleared"])
        self.fired = set(data["fired"])
        self.clock = float(data.get("clock", 0.0))  # a checkpoint from before the clock could move: 0
        self._where: dict[str, str] = {m: q for q, messages in self.queues.items() for m in messages}

    def apply(self, change: list[Any]) -> None:
        kind = change[0]
        if kind == "ddb":
            _, table, key, item = change
            items = self.tables.setdefault(table, {})
            if item is None:
                items.pop(_key(key), None)
            else:
                items[_key(key)] = item
        elif kind == "rec":
            self.streams.setdefault(change[1], {})[change[2]["eventID"]] = change[2]
        elif kind == "pos":
            backlog = self.streams.get(change[1], {})
            if change[2] in backlog:
                for event_id in list(backlog):
                    del backlog[event_id]
                    if event_id == change[2]:
                        break
        elif kind == "sqs+":
            queue, message = change[1], change[2]
            moved_from = self._where.get(message["id"])
            if moved_from is not None:  # a message moved to its DLQ
                self.queues.get(moved_from, {}).pop(message["id"], None)
            self.queues.setdefault(queue, {})[message["id"]] = message
            self._where[message["id"]] = queue
        elif kind == "sqs-":
            self.queues.get(change[1], {}).pop(change[2], None)
            self._where.pop(change[2], None)
        elif kind == "sqs0":
            for message_id in self.queues.pop(change[1], {}):
                self._where.pop(message_id, None)
        elif kind == "s3+":
            self.buckets.setdefault(change[1], {})[change[2]] = _unbytes(change[3])
        elif kind == "s3-":
            self.buckets.get(change[1], {}).pop(change[2], None)
        elif kind == "sch+":
            schedule = change[1]
            self.schedules[f"{schedule['GroupName']}/{schedule['Name']}"] = schedule
        elif kind == "sch-":
            self.schedules.pop(f"{change[1]}/{change[2]}", None)
        elif kind == "schg":
            self.schedule_groups.add(change[1])
        elif kind == "ses":
            self.ses[change[1]["id"]] = change[1]
        elif kind == "id+":
            self.identities.add(change[1])
        elif kind == "id-":
            self.identities.discard(change[1])
        elif kind == "secrets":
            self.secrets.update(change[1])
        elif kind == "fed":
            self.feedback.add(change[1])
        elif kind == "clr":
            self.cleared.update(change[1])
        elif kind == "fired":
            self.fired.add(change[1])
        elif kind == "clock":
            self.clock = max(self.clock, float(change[1]))  # it only moves forward, whatever the order

    def data(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "generation": self.generation,
            "tables": self.tables,
            "streams": {t: list(records.values()) for t, records in self.streams.items()},
            "queues": self.queues,
            "buckets": self.buckets,
            "schedules": self.schedules,
            "schedule_groups": sorted(self.schedule_groups),
            "ses": self.ses,
            "identities": sorted(self.identities),
            "secrets": self.secrets,
            "feedback": sorted(self.feedback),
            "cleared": sorted(self.cleared),
            "fired": sorted(self.fired),
            "clock": self.clock,
        }


# --- on disk -----------------------------------------------------------------------------------


def load(directory: Path, through: int | None = None) -> Model:
    """The last checkpoint with every complete unit of its journals applied (an empty state at first);
    its generation is that of the journal to go on with. `through`: no journal after that generation."""
    path = directory / CHECKPOINT
    data = json.loads(path.read_text()) if path.exists() else empty()
    if data.get("version") != VERSION:
        data = _from_version_1(data)
    model = Model(data)
    # Its journal, and the next ones if a checkpoint was being written (each starts where one ended).
    while (path := directory / f"journal-{model.generation}.log").exists():
        for changes in journal.read(path):
            for change in changes:
                model.apply(change)
        if model.generation == through or not (directory / f"journal-{model.generation + 1}.log").exists():
            break
        model.generation += 1
    return model


def save(directory: Path, model: Model) -> None:
    """Write a checkpoint atomically (a crash leaves the old one and its journal, or the new one)."""
    directory.mkdir(parents=True, exist_ok=True)
    temporary = directory / (CHECKPOINT + ".tmp")
    # json.dumps, not json.dump: dump streams through the pure-Python encoder, a write per token (about
    # 50 s for the state of a 20,000-row import); dumps uses the C encoder and writes the text at once.
    text = json.dumps(model.data(), separators=(",", ":"))
    with temporary.open("w") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, directory / CHECKPOINT)


def _from_version_1(data: dict[str, Any]) -> dict[str, Any]:
    """A state file of the first runtime (tables and objects only, no generation) is read as one."""
    state = empty()
    if not data:
        return state
    for table, items in data.get("tables", {}).items():
        names = ("pk", "sk") if items and "pk" in items[0] else ("id",)
        state["tables"][f"lettercast-{table}"] = {_key({k: i[k] for k in names if k in i}): i for i in items}
    for bucket, objects in data.get("buckets", {}).items():
        state["buckets"][f"lettercast-{bucket}"] = objects
    state["identities"] = data.get("ses_identities", [])
    state["secrets"] = data.get("secrets", {})
    for schedule in data.get("schedules", []):
        state["schedules"][f"{schedule.get('GroupName', 'default')}/{schedule['Name']}"] = schedule
    return state


# --- a new checkpoint, made in another process ----------------------------------------------------

RUNTIME_FIELDS = ("feedback", "cleared", "fired", "clock", "secrets")


def compact(directory: Path, generation: int, runtime: dict[str, Any]) -> None:
    """Checkpoint `generation`: the last checkpoint with its journals before `generation` replayed (what a
    start rebuilds from them), and the runtime's own fields (RUNTIME_FIELDS) as they were when journal
    `generation` began. The journals before it are removed once it is in place."""
    model = load(directory, through=generation - 1)
    data = model.data() | {k: runtime[k] for k in RUNTIME_FIELDS} | {"generation": generation}
    save(directory, Model(data))
    journal.remove_older(directory, generation)


def compaction(directory: Path, generation: int) -> list[str]:
    """The command that runs `compact` in another Python process (the runtime's fields on its stdin)."""
    return [sys.executable, "-m", "infra.local.state", str(directory.resolve()), str(generation)]


# --- model -> moto (at start) --------------------------------------------------------------------


def restore(topology: Topology, env: dict[str, str], model: Model) -> None:
    """Put the model into moto, which has just created every resource (nothing journaled: not a change)."""
    from moto.dynamodb.models import dynamodb_backends
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.models.table import StreamRecord
    from moto.ses.models import Message, RawMessage, ses_backends
    from moto.sqs.models import Message as QueueMessage
    from moto.sqs.models import sqs_backends

    ddb = dynamodb_backends[ACCOUNT][REGION]
    for table in topology.tables:
        name = env[table.env]
        moto_table = ddb.get_table(name)
        hash_attr, range_attr = moto_table.hash_key_attr, moto_table.range_key_attr
        for attrs in model.tables.get(name, {}).values():
            hash_value = DynamoType(attrs[hash_attr])
            if range_attr is None:
                moto_table.items[hash_value] = _item(hash_value, None, attrs)
            else:
                range_value = DynamoType(attrs[range_attr])
                moto_table.items[hash_value][range_value] = _item(hash_value, range_value, attrs)
        shard = moto_table.stream_shard
        for record in model.streams.get(name, {}).values() if shard is not None else ():
            restored = StreamRecord.__new__(StreamRecord)
            change = dict(record["dynamodb"])
            change["SequenceNumber"] = str(shard.starting_sequence_number + len(shard.items))
            change["ApproximateCreationDateTime"] = _moment(change.get("ApproximateCreationDateTime"))
            restored.record = {**record, "dynamodb": change}
            shard.items.append(restored)

    sqs = sqs_backends[ACCOUNT][REGION]
    for queue_name, messages in model.queues.items():
        if queue_name not in sqs.queues:
            continue
        queue = sqs.queues[queue_name]
        for saved in messages.values():
            message = QueueMessage(saved["id"], saved["body"], saved.get("system") or {})
            message.message_attributes = saved.get("attributes") or {}
            message.sent_timestamp = saved.get("sent")
            message.delayed_until = saved.get("delayed_until") or 0.0
            message.group_id = saved.get("group")
            message.deduplication_id = saved.get("dedup")
            message.sequence_number = saved.get("seq")
            queue._messages.append(message)

    s3 = boto3.client("s3")
    for bucket, objects in model.buckets.items():
        for key, data in objects.items():
            s3.put_object(Bucket=bucket, Key=key, Body=base64.b64decode(data))
    scheduler = boto3.client("scheduler")
    for group in model.schedule_groups - {"default"}:
        with contextlib.suppress(scheduler.exceptions.ConflictException):
            scheduler.create_schedule_group(Name=group)
    for schedule in model.schedules.values():
        fields = {k: v for k, v in schedule.items() if v is not None}
        with contextlib.suppress(scheduler.exceptions.ConflictException):
            scheduler.create_schedule(**fields)
    sesv2 = boto3.client("sesv2")
    for identity in model.identities:
        with contextlib.suppress(sesv2.exceptions.AlreadyExistsException):
            sesv2.create_email_identity(EmailIdentity=identity)
    ses = ses_backends[ACCOUNT][REGION]
    for saved in model.ses.values():
        if saved.get("raw") is not None:
            sent: Any = RawMessage(saved["id"], saved["source"], saved["destinations"], saved["raw"])
        else:
            sent = Message(
                saved["id"], saved["source"], saved["subject"], saved["body"], saved["destinations"]
            )
        sent.tags = saved.get("tags") or {}
        sent.sent_at = saved.get("sent_at") or timestamp()
        ses.sent_messages.append(sent)
        ses.sent_message_count += len(saved.get("destinations") or [])
    sm = boto3.client("secretsmanager")
    for secret in topology.secrets:
        value = model.secrets.get(secret.name)
        if value:
            sm.put_secret_value(SecretId=env[secret.env], SecretString=value)


def _item(hash_value: Any, range_value: Any, attrs: dict[str, Any]) -> Any:
    """moto's Item, built without checking its size attribute by attribute (moto sums the whole item
    again for each one: most of a restart's time). The items were checked when first written."""
    from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict

    item = Item.__new__(Item)
    item.hash_key, item.range_key = hash_value, range_value
    item.attrs = LimitedSizeDict()
    dict.update(item.attrs, {k: DynamoType(v) for k, v in attrs.items()})
    return item


def _moment(value: Any) -> Any:
    from datetime import UTC, datetime

    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    return value


if __name__ == "__main__":  # python -m infra.local.state <directory> <generation> < the runtime's fields
    compact(Path(sys.argv[1]), int(sys.argv[2]), json.loads(sys.stdin.read()))
