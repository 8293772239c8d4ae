"""DynamoDB access for campaign definitions (table `catalog`).

pk = WS#<ws>#CAMPAIGN   sk = CA#<campaign_id>   -> a campaign; a workspace's campaigns newest first,
                                                   filtered by status when asked
pk = WS#<ws>#STARTED    sk = <started_at>#<id>  -> the campaigns that started sending, with their subject
"""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from functions.core import aws
from functions.core.dynamo import is_condition_failure, put_if, query_page, without_keys

TABLE = "catalog"


def _key(workspace_id: str, campaign_id: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#CAMPAIGN", "sk": f"CA#{campaign_id}"}


def create(item: dict[str, Any]) -> None:
    put_if(aws.table(TABLE), {**_key(item["workspace_id"], item["id"]), **item}, exists=False)


def get(workspace_id: str, campaign_id: str) -> dict[str, Any] | None:
    return without_keys(aws.table(TABLE).get_item(Key=_key(workspace_id, campaign_id)).get("Item"))


def page(
    workspace_id: str, status: str | None, limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    query: dict[str, Any] = {
        "KeyConditionExpression": Key("pk").eq(f"WS#{workspace_id}#CAMPAIGN"),
        "ScanIndexForward": False,
    }
    if status:
        query["FilterExpression"] = Attr("status").eq(status)
    items, next_cursor = query_page(
        aws.table(TABLE), scope=f"campaigns:{workspace_id}:{status}", limit=limit, cursor=cursor, **query
    )
    return [i for i in (without_keys(i) for i in items) if i], next_cursor


def note_started(workspace_id: str, campaign_id: str, subject: str, at: str) -> None:
    """Index a campaign that starts sending (before it does: an entry for a start that then fails finds
    no recipients), with its subject: a contact's activity reads these, not every campaign in full."""
    aws.table(TABLE).put_item(
        Item={
            "pk": f"WS#{workspace_id}#STARTED",
            "sk": f"{at}#{campaign_id}",
            "id": campaign_id,
            "subject": subject,
            "started_at": at,
        }
    )


def started_since(workspace_id: str, since: str) -> list[dict[str, Any]]:
    """The campaigns that started sending at or after `since` (ISO time): `{id, subject, started_at}`."""
    query: dict[str, Any] = {
        "KeyConditionExpression": Key("pk").eq(f"WS#{workspace_id}#STARTED") & Key("sk").gte(since),
    }
    found: list[dict[str, Any]] = []
    while True:
        page = aws.table(TABLE).query(**query)
        found.extend(i for i in (without_keys(i) for i in page.get("Items", [])) if i)
        if "LastEvaluatedKey" not in page:
            return found
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _unlocked(locked: tuple[str, ...]) -> dict[str, Any]:
    """The condition: the campaign exists and its status is none of `locked`."""
    placeholders = ", ".join(f":l{i}" for i in range(len(locked)))
    return {
        "ConditionExpression": f"attribute_exists(pk) AND NOT #s IN ({placeholders})",
        "ExpressionAttributeNames": {"#s": "status"},
        "ExpressionAttributeValues": {f":l{i}": s for i, s in enumerate(locked)},
    }


def replace_unless_locked(item: dict[str, Any], locked: tuple[str, ...]) -> bool:
    """Overwrite a campaign that exists and has not started sending; False otherwise."""
    try:
        aws.table(TABLE).put_item(
            Item={**_key(item["workspace_id"], item["id"]), **item}, **_unlocked(locked)
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def delete_unless_locked(workspace_id: str, campaign_id: str, locked: tuple[str, ...]) -> bool:
    try:
        aws.table(TABLE).delete_item(Key=_key(workspace_id, campaign_id), **_unlocked(locked))
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def set_status(workspace_id: str, campaign_id: str, status: str, at: str) -> None:
    """Move a campaign to `status` (the send pipeline's transitions)."""
    aws.table(TABLE).update_item(
        Key=_key(workspace_id, campaign_id),
        UpdateExpression="SET #s = :s, updated_at = :at",
        ConditionExpression="attribute_exists(pk)",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":s": status, ":at": at},
    )


def transition(
    workspace_id: str,
    campaign_id: str,
    to: str,
    *,
    only_from: tuple[str, ...],
    at: str,
    **fields: str | None,
) -> bool:
    """Move to `to` only from one of `only_from` (so a start, a cancel or a finish happens once).

    `fields` are set with it (None removes them)."""
    return transitioned(workspace_id, campaign_id, to, only_from=only_from, at=at, **fields) is not None


def transitioned(
    workspace_id: str,
    campaign_id: str,
    to: str,
    *,
    only_from: tuple[str, ...],
    at: str,
    **fields: str | None,
) -> dict[str, Any] | None:
    """`transition`, giving the campaign as the move left it (from the same write), or None."""
    placeholders = ", ".join(f":f{i}" for i in range(len(only_from)))
    sets = {k: v for k, v in fields.items() if v is not None}
    removes = [k for k, v in fields.items() if v is None]
    update = "SET #s = :to, updated_at = :at" + "".join(f", #x_{k} = :x_{k}" for k in sets)
    if removes:
        update += " REMOVE " + ", ".join(f"#x_{k}" for k in removes)
    try:
        response = aws.table(TABLE).update_item(
            Key=_key(workspace_id, campaign_id),
            UpdateExpression=update,
            ConditionExpression=f"attribute_exists(pk) AND #s IN ({placeholders})",
            ExpressionAttributeNames={"#s": "status", **{f"#x_{k}": k for k in fields}},
            ExpressionAttributeValues={
                ":to": to,
                ":at": at,
                **{f":f{i}": s for i, s in enumerate(only_from)},
                **{f":x_{k}": v for k, v in sets.items()},
            },
            ReturnValues="ALL_NEW",
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            return None
        raise
    return without_keys(response["Attributes"])


def schedule(workspace_id: str, campaign_id: str, send_at: str, *, at: str) -> bool:
    """Mark a draft or scheduled campaign scheduled for `send_at`; False when it is neither any more."""
    try:
        aws.table(TABLE).update_item(
            Key=_key(workspace_id, campaign_id),
            UpdateExpression="SET #s = :scheduled, send_at = :send_at, updated_at = :at",
            ConditionExpression="attribute_exists(pk) AND #s IN (:draft, :scheduled)",
            ExpressionAttributeNames={"#s": "status"},
            ExpressionAttributeValues={
                ":scheduled": "scheduled",
                ":draft": "draft",
                ":send_at": send_at,
                ":at": at,
            },
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True
