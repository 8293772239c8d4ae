"""DynamoDB access for webhooks (table `catalog`) and their deliveries (table `sends`).

Keys and the access patterns they serve:
  catalog  pk = WS#<ws>#WEBHOOK            sk = WH#<webhook_id> -> a webhook; the workspace's webhooks,
                                                                  newest first; every one of them (fan-out;
                                                                  functions/core/events.listened reads the
                                                                  topics and `enabled` of this partition)
  catalog  pk = WS#<ws>#WEBHOOK            sk = COUNT           -> how many webhooks the workspace has: the
                                                                  limit holds under concurrent creates
  sends    pk = WS#<ws>#WHD#<webhook_id>   sk = <event_id>      -> a delivery and its attempts; a webhook's
                                                                  deliveries newest first (event ids are
                                                                  UUIDv7); `expires_at`: 30 days
  domain_events pk = WS#<ws>#EV#<day>      sk = <event_id>      -> an event, read again for a manual retry
                                                                  (functions/core/events.py writes them)
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from functions.core import aws, events
from functions.core.clock import now
from functions.core.dynamo import TransactionConflict, is_condition_failure, plain, query_page, transact

CATALOG = "catalog"
SENDS = "sends"
DELIVERY_RETENTION_DAYS = 30
COUNT_SK = "COUNT"


class LimitReached(Exception):
    """The workspace has as many webhooks as it may."""


def _key(workspace_id: str, webhook_id: str) -> dict[str, str]:
    return {"pk": events.webhooks_pk(workspace_id), "sk": f"WH#{webhook_id}"}


def _count_key(workspace_id: str) -> dict[str, str]:
    return {"pk": events.webhooks_pk(workspace_id), "sk": COUNT_SK}


def _clean(item: dict[str, Any] | None) -> dict[str, Any] | None:
    if item is None:
        return None
    clean = plain(item)
    for key in ("pk", "sk"):
        clean.pop(key, None)
    return clean


# --- webhooks --------------------------------------------------------------------------------


def _update_existing(table: str, key: dict[str, str], **update: Any) -> dict[str, Any] | None:
    """UpdateItem of an item that exists; the item after, None when there is none."""
    try:
        response = aws.table(table).update_item(
            Key=key, ConditionExpression="attribute_exists(pk)", ReturnValues="ALL_NEW", **update
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            return None
        raise
    return _clean(response["Attributes"])


def create(item: dict[str, Any], limit: int) -> None:
    """The webhook and one more on the workspace's count, together; LimitReached when it has `limit`."""
    name = aws.table(CATALOG).name
    try:
        transact(
            [
                {
                    "Update": {
                        "TableName": name,
                        "Key": _count_key(item["workspace_id"]),
                        "UpdateExpression": "ADD webhooks :one",
                        "ConditionExpression": "attribute_not_exists(webhooks) OR webhooks < :limit",
                        "ExpressionAttributeValues": {":one": 1, ":limit": limit},
                    }
                },
                {
                    "Put": {
                        "TableName": name,
                        "Item": {**_key(item["workspace_id"], item["id"]), **item},
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
            ]
        )
    except TransactionConflict as conflict:
        if conflict.reasons[0] == "ConditionalCheckFailed":
            raise LimitReached from None
        raise


def get(workspace_id: str, webhook_id: str) -> dict[str, Any] | None:
    item = aws.table(CATALOG).get_item(Key=_key(workspace_id, webhook_id), ConsistentRead=True).get("Item")
    return _clean(item)


def page(workspace_id: str, limit: int, cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
    items, next_cursor = query_page(
        aws.table(CATALOG),
        scope=f"webhooks:{workspace_id}",
        limit=limit,
        cursor=cursor,
        KeyConditionExpression=Key("pk").eq(events.webhooks_pk(workspace_id)) & Key("sk").begins_with("WH#"),
        ScanIndexForward=False,
    )
    return [i for i in (_clean(i) for i in items) if i], next_cursor


def all_of(workspace_id: str) -> list[dict[str, Any]]:
    """Every webhook of the workspace (at most MAX_WEBHOOKS: one page)."""
    webhooks = Key("pk").eq(events.webhooks_pk(workspace_id)) & Key("sk").begins_with("WH#")
    query: dict[str, Any] = {"KeyConditionExpression": webhooks}
    found: list[dict[str, Any]] = []
    while True:
        response = aws.table(CATALOG).query(**query)
        found += [i for i in (_clean(i) for i in response.get("Items", [])) if i]
        if "LastEvaluatedKey" not in response:
            return found
        query["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def update(
    workspace_id: str, webhook_id: str, values: dict[str, Any], remove: tuple[str, ...] = ()
) -> dict[str, Any] | None:
    """Set `values` and remove `remove` on a webhook that exists; the webhook after, None when it is gone.

    Only the named attributes change: the delivery worker's own (`failing_since`) are never overwritten."""
    names = {f"#a{i}": name for i, name in enumerate([*values, *remove])}
    by_name = {name: alias for alias, name in names.items()}
    expression = "SET " + ", ".join(f"{by_name[k]} = :v{i}" for i, k in enumerate(values))
    if remove:
        expression += " REMOVE " + ", ".join(by_name[k] for k in remove)
    return _update_existing(
        CATALOG,
        _key(workspace_id, webhook_id),
        UpdateExpression=expression,
        ExpressionAttributeNames=names,
        ExpressionAttributeValues={f":v{i}": v for i, v in enumerate(values.values())},
    )


def rotate(workspace_id: str, webhook_id: str, previous_until: str | None, at: str) -> dict[str, Any] | None:
    """The next secret version (atomic: two rotations never share one), the previous one accepted until
    `previous_until`; the webhook after, None when it is gone."""
    expression = "ADD secret_version :one SET updated_at = :at"
    values: dict[str, Any] = {":one": 1, ":at": at}
    if previous_until:
        expression += ", previous_secret_until = :until"
        values[":until"] = previous_until
    else:
        expression += " REMOVE previous_secret_until"
    return _update_existing(
        CATALOG, _key(workspace_id, webhook_id), UpdateExpression=expression, ExpressionAttributeValues=values
    )


def delete(workspace_id: str, webhook_id: str) -> bool:
    """The webhook and one less on the count, together; False when it was already gone. Its deliveries
    expire by themselves (TTL)."""
    name = aws.table(CATALOG).name
    try:
        transact(
            [
                {
                    "Delete": {
                        "TableName": name,
                        "Key": _key(workspace_id, webhook_id),
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                },
                {
                    "Update": {
                        "TableName": name,
                        "Key": _count_key(workspace_id),
                        "UpdateExpression": "ADD webhooks :minus",
                        "ExpressionAttributeValues": {":minus": -1},
                    }
                },
            ]
        )
    except TransactionConflict:
        return False
    return True


def mark_failing(workspace_id: str, webhook_id: str, at: str) -> dict[str, Any] | None:
    """`failing_since` set to `at` unless it already is set; the webhook after, None when it is gone."""
    return _update_existing(
        CATALOG,
        _key(workspace_id, webhook_id),
        UpdateExpression="SET failing_since = if_not_exists(failing_since, :at)",
        ExpressionAttributeValues={":at": at},
    )


def clear_failing(workspace_id: str, webhook_id: str) -> None:
    """A success: the endpoint is failing no more (no write when it was not)."""
    try:
        aws.table(CATALOG).update_item(
            Key=_key(workspace_id, webhook_id),
            UpdateExpression="REMOVE failing_since",
            ConditionExpression="attribute_exists(failing_since)",
        )
    except ClientError as exc:
        if not is_condition_failure(exc):
            raise


def disable(workspace_id: str, webhook_id: str, reason: str, at: str) -> bool:
    """Disable an enabled webhook; False when it was not (gone, or already disabled)."""
    try:
        aws.table(CATALOG).update_item(
            Key=_key(workspace_id, webhook_id),
            UpdateExpression="SET enabled = :off, disabled_reason = :reason, updated_at = :at",
            ConditionExpression=Attr("enabled").eq(True),
            ExpressionAttributeValues={":off": False, ":reason": reason, ":at": at},
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def get_event(workspace_id: str, event_id: str, created_at: str) -> dict[str, Any] | None:
    """A domain event, by its id and the day it was made; None once it expired."""
    key = {"pk": f"WS#{workspace_id}#EV#{created_at[:10]}", "sk": event_id}
    return _clean(aws.table(events.TABLE).get_item(Key=key).get("Item"))


# --- deliveries ------------------------------------------------------------------------------


def _delivery_key(workspace_id: str, webhook_id: str, event_id: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#WHD#{webhook_id}", "sk": event_id}


def _expires_at() -> int:
    return int((now() + timedelta(days=DELIVERY_RETENTION_DAYS)).timestamp())


def get_delivery(workspace_id: str, webhook_id: str, event_id: str) -> dict[str, Any] | None:
    item = (
        aws.table(SENDS)
        .get_item(Key=_delivery_key(workspace_id, webhook_id, event_id), ConsistentRead=True)
        .get("Item")
    )
    return _clean(item)


def deliveries_page(
    workspace_id: str, webhook_id: str, status: str | None, limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    query: dict[str, Any] = {
        "KeyConditionExpression": Key("pk").eq(f"WS#{workspace_id}#WHD#{webhook_id}"),
        "ScanIndexForward": False,
    }
    if status:  # deliveries expire after 30 days: a filter reads at most a month of them
        query["FilterExpression"] = Attr("status").eq(status)
    items, next_cursor = query_page(
        aws.table(SENDS),
        scope=f"webhook-deliveries:{workspace_id}:{webhook_id}:{status or ''}",
        limit=limit,
        cursor=cursor,
        **query,
    )
    return [i for i in (_clean(i) for i in items) if i], next_cursor


def put_pending(
    workspace_id: str, webhook_id: str, event_id: str, kind: str, created_at: str
) -> dict[str, Any]:
    """A delivery that is queued and not yet attempted (a test delivery)."""
    item = {
        "id": event_id,
        "event_id": event_id,
        "workspace_id": workspace_id,
        "webhook_id": webhook_id,
        "type": kind,
        "status": "pending",
        "attempts": [],
        "created_at": created_at,
        "expires_at": _expires_at(),
    }
    aws.table(SENDS).put_item(Item={**_delivery_key(workspace_id, webhook_id, event_id), **item})
    return item


def set_status(workspace_id: str, webhook_id: str, event_id: str, status: str) -> dict[str, Any] | None:
    """A delivery's status (one more attempt queued: pending); the delivery after, None when there is none."""
    return _update_existing(
        SENDS,
        _delivery_key(workspace_id, webhook_id, event_id),
        UpdateExpression="SET #status = :status",
        ExpressionAttributeNames={"#status": "status"},
        ExpressionAttributeValues={":status": status},
    )


def record_first_attempt(
    workspace_id: str,
    webhook_id: str,
    event: dict[str, Any],
    attempt: dict[str, Any],
    status: str,
    next_retry_at: str | None,
) -> str:
    """The delivery of `event` with its first attempt, in one put: a fan-out's job finds no record yet (a
    fan-out run twice rewrites it, and its receiver dedupes by webhook-id). A put is what an update costs
    on AWS, and a fraction of it on the local runtime's moto, which validates every update expression."""
    key = _delivery_key(workspace_id, webhook_id, event["id"])
    item = {
        **key,
        "id": event["id"],
        "event_id": event["id"],
        "workspace_id": workspace_id,
        "webhook_id": webhook_id,
        "type": event["type"],
        "created_at": event["created_at"],
        "expires_at": _expires_at(),
        "status": status,
        "attempts": [attempt],
        **({"next_retry_at": next_retry_at} if next_retry_at else {}),
    }
    try:
        aws.table(SENDS).put_item(Item=item, ConditionExpression="attribute_not_exists(pk)")
    except ClientError as exc:
        if not is_condition_failure(exc):
            raise
        # A fan-out handled twice queued the event twice: this attempt joins the delivery's log.
        return record_attempt(workspace_id, webhook_id, event, attempt, status, next_retry_at)
    return status


def record_attempt(
    workspace_id: str,
    webhook_id: str,
    event: dict[str, Any],
    attempt: dict[str, Any],
    status: str,
    next_retry_at: str | None,
) -> str:
    """Append an attempt to the delivery of `event` (made on its first attempt) and set its status; the
    delivery's status after it. A delivery that succeeded stays `succeeded` whatever a later attempt of
    it (a duplicate job) found: that attempt is only logged."""
    values: dict[str, Any] = {
        ":attempt": [attempt],
        ":none": [],
        ":status": status,
        ":id": event["id"],
        ":ws": workspace_id,
        ":webhook": webhook_id,
        ":type": event["type"],
        ":created": event["created_at"],
        ":expires": _expires_at(),
    }
    expression = (
        "SET attempts = list_append(if_not_exists(attempts, :none), :attempt), #status = :status, "
        "id = :id, event_id = :id, workspace_id = :ws, webhook_id = :webhook, #type = :type, "
        "created_at = if_not_exists(created_at, :created), expires_at = if_not_exists(expires_at, :expires)"
    )
    if next_retry_at:
        expression += ", next_retry_at = :next"
        values[":next"] = next_retry_at
    else:
        expression += " REMOVE next_retry_at"
    key = _delivery_key(workspace_id, webhook_id, event["id"])
    names = {"#status": "status", "#type": "type"}
    try:
        aws.table(SENDS).update_item(
            Key=key,
            UpdateExpression=expression,
            ConditionExpression="attribute_not_exists(#status) OR #status <> :succeeded",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues={**values, ":succeeded": "succeeded"},
        )
    except ClientError as exc:
        if not is_condition_failure(exc):
            raise
        aws.table(SENDS).update_item(
            Key=key,
            UpdateExpression="SET attempts = list_append(attempts, :attempt)",
            ExpressionAttributeValues={":attempt": [attempt]},
        )
        return "succeeded"
    return status
