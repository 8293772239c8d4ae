"""Turns every change moto applies into a journal entry (the kinds are those of `state.py`).

Each hook takes the journal's writer lock *before* moto changes anything (so a change never lands
between another unit's changes and its commit) and records the result after. What a unit reads is
never recorded; neither is a message becoming invisible when it is received: after a restart, messages
that were in flight are visible again, as SQS makes them once their visibility timeout ends.
"""

from __future__ import annotations

import functools
import inspect
import json
import threading
from collections.abc import Callable
from typing import Any

from functions.core.clock import timestamp
from infra.local import journal, moto_patches

_installed = False
_inside = threading.local()  # a DynamoDB change inside another (a transaction's puts) is recorded once


def _changing(method: Callable[..., Any], record: Callable[[Any, dict[str, Any]], list[Any]]) -> Any:
    """`method` under the writer lock; `record(result, arguments by name)` is the change it made."""
    signature = inspect.signature(method)

    @functools.wraps(method)
    def run(*args: Any, **kwargs: Any) -> Any:
        log = journal.active()
        if log is None:
            return method(*args, **kwargs)
        with log.changing() as add:
            result = method(*args, **kwargs)
            add(record(result, signature.bind(*args, **kwargs).arguments))
            return result

    return run


# --- DynamoDB: the item after the change (or None), and the stream record it made --------------


def _table_keys(backend: Any, table_name: str, attrs: dict[str, Any]) -> dict[str, Any]:
    table = backend.get_table(table_name)
    key = {table.hash_key_attr: attrs[table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = attrs[table.range_key_attr]
    return key


def _dynamodb(method: Callable[..., Any], keys_of: Callable[..., list[tuple[str, dict[str, Any]]]]) -> Any:
    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        log = journal.active()
        if log is None or getattr(_inside, "change", False):
            return method(self, *args, **kwargs)
        with log.changing() as add, moto_patches.locked():
            touched = keys_of(self, *args, **kwargs)
            streams = {name: _stream_length(self, name) for name, _ in touched}
            _inside.change = True
            try:
                result = method(self, *args, **kwargs)
            finally:
                _inside.change = False
            for name, key in touched:
                item = self.get_table(name).get_item(*_key_values(self, name, key))
                add(["ddb", name, key, item.to_json()["Attributes"] if item is not None else None])
            for name, before in streams.items():
                shard = self.get_table(name).stream_shard
                for record in shard.items[before:] if before is not None else []:
                    add(["rec", name, _record_json(record)])
            return result

    return run


def _key_values(backend: Any, table_name: str, key: dict[str, Any]) -> tuple[Any, Any]:
    from moto.dynamodb.models.dynamo_type import DynamoType

    table = backend.get_table(table_name)
    range_value = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
    return DynamoType(key[table.hash_key_attr]), range_value


def _stream_length(backend: Any, table_name: str) -> int | None:
    shard = backend.get_table(table_name).stream_shard
    return len(shard.items) if shard is not None else None


def _record_json(record: Any) -> dict[str, Any]:
    data = dict(record.to_json())
    change = dict(data["dynamodb"])
    created = change.get("ApproximateCreationDateTime")
    if hasattr(created, "timestamp"):
        change["ApproximateCreationDateTime"] = created.timestamp()
    data["dynamodb"] = change
    return data


def _put_keys(backend: Any, table_name: str, item_attrs: dict[str, Any], *_: Any, **__: Any) -> list[Any]:
    return [(table_name, _table_keys(backend, table_name, item_attrs))]


def _keyed(backend: Any, table_name: str, key: dict[str, Any], *_: Any, **__: Any) -> list[Any]:
    return [(table_name, key)]


def _transaction_keys(backend: Any, transact_items: list[dict[str, Any]], *_: Any, **__: Any) -> list[Any]:
    touched = []
    for entry in transact_items:
        op_type, op = next(iter(entry.items()))
        if op_type == "ConditionCheck":
            continue
        key = op["Key"] if op_type != "Put" else _table_keys(backend, op["TableName"], op["Item"])
        touched.append((op["TableName"], key))
    return touched


# --- SQS: messages added (sent, published by SNS, moved to a DLQ), deleted, purged -------------


def message_json(message: Any) -> dict[str, Any]:
    return {
        "id": message.id,
        "body": message.body,
        "attributes": message.message_attributes,
        "system": message.system_attributes,
        "sent": message.sent_timestamp,
        "delayed_until": message.delayed_until,
        "group": message.group_id,
        "dedup": message.deduplication_id,
        "seq": message.sequence_number,
    }


def _queue_add(method: Callable[..., Any]) -> Any:
    @functools.wraps(method)
    def add_message(self: Any, message: Any) -> None:
        log = journal.active()
        if log is None:
            return method(self, message)
        with log.changing() as add:
            method(self, message)
            if message in self._messages:  # a FIFO duplicate is dropped
                add(["sqs+", self.name, message_json(message)])

    return add_message


def _queue_delete(method: Callable[..., Any]) -> Any:
    @functools.wraps(method)
    def delete_message(self: Any, receipt_handle: str) -> None:
        log = journal.active()
        if log is None:
            return method(self, receipt_handle)
        with log.changing() as add:
            gone = [m.id for m in self._messages if m.had_receipt_handle(receipt_handle)]
            method(self, receipt_handle)
            for message_id in gone:
                add(["sqs-", self.name, message_id])

    return delete_message


# --- SES: what was sent, and which senders are verified ----------------------------------------


def ses_json(message: Any) -> dict[str, Any]:
    return {
        "id": message.id,
        "source": getattr(message, "source", None),
        "destinations": getattr(message, "destinations", None),
        "raw": getattr(message, "raw_data", None),
        "subject": getattr(message, "subject", None),
        "body": getattr(message, "body", None),
        "tags": getattr(message, "tags", {}),
        "sent_at": getattr(message, "sent_at", None),
    }


def _ses_send(method: Callable[..., Any]) -> Any:
    """Around SES v2 SendEmail's response (where moto_patches has put the message's tags back)."""

    @functools.wraps(method)
    def send_email(self: Any) -> str:
        from moto.ses.models import ses_backends

        log = journal.active()
        if log is None:
            return method(self)
        with log.changing() as add:
            reply = method(self)
            message_id = json.loads(reply)["MessageId"]
            for message in reversed(ses_backends[self.current_account][self.region].sent_messages):
                if message.id == message_id:
                    message.sent_at = timestamp()  # SES's time of sending, on the one clock
                    add(["ses", ses_json(message)])
                    break
            return reply

    return send_email


def install() -> None:
    """Idempotent: hook moto's backends in this process (they record only while a journal is active)."""
    global _installed
    if _installed:
        return
    from moto.dynamodb.models import DynamoDBBackend
    from moto.s3.models import S3Backend
    from moto.scheduler.models import EventBridgeSchedulerBackend
    from moto.secretsmanager.models import SecretsManagerBackend
    from moto.ses.models import SESBackend
    from moto.sesv2.responses import SESV2Response
    from moto.sqs.models import Queue, SQSBackend

    moto_patches.apply()
    DynamoDBBackend.put_item = _dynamodb(DynamoDBBackend.put_item, _put_keys)  # type: ignore[method-assign]
    DynamoDBBackend.update_item = _dynamodb(DynamoDBBackend.update_item, _keyed)  # type: ignore[method-assign]
    DynamoDBBackend.delete_item = _dynamodb(DynamoDBBackend.delete_item, _keyed)  # type: ignore[method-assign]
    DynamoDBBackend.transact_write_items = _dynamodb(  # type: ignore[method-assign]
        DynamoDBBackend.transact_write_items, _transaction_keys
    )
    Queue.add_message = _queue_add(Queue.add_message)  # type: ignore[method-assign]
    Queue.delete_message = _queue_delete(Queue.delete_message)  # type: ignore[method-assign]
    SQSBackend.purge_queue = _changing(  # type: ignore[method-assign]
        SQSBackend.purge_queue, lambda _, a: ["sqs0", a["queue_name"]]
    )
    S3Backend.put_object = _changing(  # type: ignore[method-assign]
        S3Backend.put_object,
        lambda _, a: ["s3+", a["bucket_name"], a["key_name"], bytes(a["value"])],
    )
    S3Backend.delete_object = _changing(  # type: ignore[method-assign]
        S3Backend.delete_object, lambda _, a: ["s3-", a["bucket_name"], a["key_name"]]
    )
    SESV2Response.send_email = _ses_send(SESV2Response.send_email)  # type: ignore[method-assign]
    SESBackend.create_email_identity_v2 = _changing(  # type: ignore[method-assign]
        SESBackend.create_email_identity_v2, lambda _, a: ["id+", a["email_identity"]]
    )
    SESBackend.delete_identity = _changing(  # type: ignore[method-assign]
        SESBackend.delete_identity, lambda _, a: ["id-", a["identity"]]
    )
    EventBridgeSchedulerBackend.create_schedule = _changing(  # type: ignore[method-assign]
        EventBridgeSchedulerBackend.create_schedule, lambda schedule, _: schedule_change(schedule)
    )
    EventBridgeSchedulerBackend.update_schedule = _changing(  # type: ignore[method-assign]
        EventBridgeSchedulerBackend.update_schedule, lambda schedule, _: schedule_change(schedule)
    )
    EventBridgeSchedulerBackend.delete_schedule = _changing(  # type: ignore[method-assign]
        EventBridgeSchedulerBackend.delete_schedule,
        lambda _, a: ["sch-", a["group_name"] or "default", a["name"]],
    )
    EventBridgeSchedulerBackend.create_schedule_group = _changing(  # type: ignore[method-assign]
        EventBridgeSchedulerBackend.create_schedule_group, lambda _, a: ["schg", a["name"]]
    )
    SecretsManagerBackend.put_secret_value = _changing(  # type: ignore[method-assign]
        SecretsManagerBackend.put_secret_value,
        lambda _, a: ["secret", a["secret_id"], a["secret_string"]],
    )
    _installed = True


def schedule_change(schedule: Any) -> list[Any]:
    return [
        "sch+",
        {
            "Name": schedule.name,
            "GroupName": schedule.group_name,
            "ScheduleExpression": schedule.schedule_expression,
            "ScheduleExpressionTimezone": schedule.schedule_expression_timezone,
            "State": schedule.state,
            "Target": schedule.target,
            "FlexibleTimeWindow": schedule.flexible_time_window,
            "ActionAfterCompletion": schedule.action_after_completion,
            "Description": schedule.description,
        },
    ]
