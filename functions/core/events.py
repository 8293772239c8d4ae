"""Domain events (contact.created, segment.entered, ...): an outbox table that webhooks and automations read.

An event is written in the same transaction as the change it reports, so a retried worker never loses
or doubles one.

The events of every message (`email.sent`, `email.delivered`, `email.opened`, `email.clicked`: one or
more per recipient of a campaign) are written only while an enabled webhook of the workspace listens to
them (`wanted`): a write per recipient would add more than a third to what a campaign costs beside SES,
for events nobody reads. Which topics are listened to is read from the workspace's webhooks and kept
LISTENERS_TTL_S seconds per process; a webhook created or changed is heard by other functions within that
time, and at once in the process that changed it (`forget_listeners`).
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from boto3.dynamodb.conditions import Key

from functions.core import aws
from functions.core.clock import iso, now
from functions.core.dynamo import plain
from functions.core.ids import new_id

TABLE = "domain_events"
RETENTION_DAYS = 30
# Topics written only while a webhook listens to them (see the module's docstring).
PER_MESSAGE = frozenset({"email.sent", "email.delivered", "email.opened", "email.clicked"})
LISTENERS_TTL_S = 60
_listeners: dict[str, tuple[float, frozenset[str]]] = {}  # workspace -> (read at, topics listened to)


def webhooks_pk(workspace_id: str) -> str:
    """The catalog partition of a workspace's webhooks (functions/webhooks/store.py keeps them there)."""
    return f"WS#{workspace_id}#WEBHOOK"


def wanted(workspace_id: str, kind: str) -> bool:
    """Whether an event of this kind is to be written: always, but for PER_MESSAGE topics nobody hears."""
    return kind not in PER_MESSAGE or heard(workspace_id, kind)


def heard(workspace_id: str, kind: str) -> bool:
    """Whether a webhook of the workspace listens to events of this kind now. Bulk writes (imports, many
    contacts at once) tell each contact's change only then: a million outbox items nobody reads would
    cost more than the import itself."""
    return hears({"topics": listened(workspace_id)}, kind)


def hears(webhook: dict[str, Any], kind: str) -> bool:
    """Whether a webhook (an item of `webhooks_pk`) listens to events of this kind: enabled, and the kind
    or `*` among its topics. The fan-out asks it of each webhook, `wanted` of all of them together."""
    topics = webhook.get("topics") or ()
    return bool(webhook.get("enabled", True)) and (kind in topics or "*" in topics)


def automations_pk(workspace_id: str) -> str:
    """The catalog partition of a workspace's automations (functions/automations/store.py keeps them
    there, each active one with the domain event kinds its trigger reads in `listens`)."""
    return f"WS#{workspace_id}#AUTOMATION"


def listened(workspace_id: str) -> frozenset[str]:
    """The topics the workspace's enabled webhooks and active automations listen to (cached
    LISTENERS_TTL_S seconds)."""
    cached = _listeners.get(workspace_id)
    if cached and time.monotonic() - cached[0] < LISTENERS_TTL_S:
        return cached[1]
    topics: set[str] = set()
    for item in _all(webhooks_pk(workspace_id), "topics, enabled"):
        if item.get("enabled", True):
            topics.update(item.get("topics") or ())
    for item in _all(automations_pk(workspace_id), "listens, #s"):
        if item.get("status") == "active":
            topics.update(item.get("listens") or ())
    _listeners[workspace_id] = (time.monotonic(), frozenset(topics))
    return _listeners[workspace_id][1]


def _all(pk: str, projection: str) -> list[dict[str, Any]]:
    query: dict[str, Any] = {"KeyConditionExpression": Key("pk").eq(pk), "ProjectionExpression": projection}
    if "#s" in projection:
        query["ExpressionAttributeNames"] = {"#s": "status"}
    items: list[dict[str, Any]] = []
    while True:
        page = aws.table("catalog").query(**query)
        items.extend(page.get("Items", []))
        if "LastEvaluatedKey" not in page:
            return items
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def forget_listeners(workspace_id: str) -> None:
    """The workspace's webhooks changed: the next `wanted` reads them again."""
    _listeners.pop(workspace_id, None)


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
    if wanted(workspace_id, kind):
        aws.table(TABLE).put_item(Item=event_item(workspace_id, kind, data))


def emit_many(workspace_id: str, kind: str, datas: list[dict[str, Any]]) -> None:
    """Events of one kind in batched writes (25 a request), when wanted."""
    if not datas or not wanted(workspace_id, kind):
        return
    with aws.table(TABLE).batch_writer() as batch:
        for data in datas:
            batch.put_item(Item=event_item(workspace_id, kind, data))


def recent(workspace_id: str, day: str) -> list[dict[str, Any]]:
    """The events of one day (tests and the local runtime read them; webhooks follow the stream)."""
    items = aws.table(TABLE).query(KeyConditionExpression=Key("pk").eq(f"WS#{workspace_id}#EV#{day}"))[
        "Items"
    ]
    return [plain(i) for i in items]
