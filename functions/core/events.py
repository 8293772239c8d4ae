"""Domain events (contact.created, segment.entered, ...): an outbox table that webhooks and automations read.

An event is written in the same transaction as the change it reports, so a retried worker never loses
or doubles one.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from boto3.dynamodb.conditions import Key

from functions.core import aws
from functions.core.clock import iso, now
from functions.core.dynamo import plain
from functions.core.ids import new_id

TABLE = "domain_events"
RETENTION_DAYS = 30


def event_item(workspace_id: str, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """pk = WS#<ws>#EV#<day>  sk = <event id>: a workspace's events of one day, in order."""
    moment = now()
    event_id = new_id()
    return {
        "pk": f"WS#{workspace_id}#EV#{moment:%Y-%m-%d}",
        "sk": event_id,
        "id": event_id,
        "workspace_id": workspace_id,
        "type": kind,
        "created_at": iso(moment),
        "data": data,
        "expires_at": int((moment + timedelta(days=RETENTION_DAYS)).timestamp()),
    }


def put_in_transaction(workspace_id: str, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """A TransactWriteItems entry that records the event."""
    return {"Put": {"TableName": aws.table(TABLE).name, "Item": event_item(workspace_id, kind, data)}}


def emit(workspace_id: str, kind: str, data: dict[str, Any]) -> None:
    aws.table(TABLE).put_item(Item=event_item(workspace_id, kind, data))


def recent(workspace_id: str, day: str) -> list[dict[str, Any]]:
    """The events of one day (tests and the local runtime read them; webhooks follow the stream)."""
    items = aws.table(TABLE).query(KeyConditionExpression=Key("pk").eq(f"WS#{workspace_id}#EV#{day}"))[
        "Items"
    ]
    return [plain(i) for i in items]
