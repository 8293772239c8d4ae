"""DynamoDB access for segment definitions (table `catalog`). Members live with contacts.

Keys and the access patterns they serve:
  pk = WS#<ws>#SEGMENT   sk = SEG#<segment_id>  -> a segment; all of a workspace's segments in one Query
                                                   (the stream worker reads them for every batch)
"""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from functions.core import aws
from functions.core.dynamo import delete_existing, is_condition_failure, put_if, query_page, without_keys

TABLE = "catalog"


def _key(workspace_id: str, segment_id: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#SEGMENT", "sk": f"SEG#{segment_id}"}


def put(item: dict[str, Any], *, exists: bool) -> bool:
    """Write a segment; `exists` says whether it must already be there. False when that did not hold."""
    return put_if(aws.table(TABLE), {**_key(item["workspace_id"], item["id"]), **item}, exists=exists)


def get(workspace_id: str, segment_id: str) -> dict[str, Any] | None:
    return without_keys(aws.table(TABLE).get_item(Key=_key(workspace_id, segment_id)).get("Item"))


def page(workspace_id: str, limit: int, cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
    items, next_cursor = query_page(
        aws.table(TABLE),
        scope=f"segments:{workspace_id}",
        limit=limit,
        cursor=cursor,
        KeyConditionExpression=Key("pk").eq(f"WS#{workspace_id}#SEGMENT"),
        ScanIndexForward=False,
    )
    return [i for i in (without_keys(i) for i in items) if i], next_cursor


def all_of(workspace_id: str) -> list[dict[str, Any]]:
    query: dict[str, Any] = {"KeyConditionExpression": Key("pk").eq(f"WS#{workspace_id}#SEGMENT")}
    found: list[dict[str, Any]] = []
    while True:
        response = aws.table(TABLE).query(**query)
        found.extend(i for i in (without_keys(i) for i in response.get("Items", [])) if i)
        if "LastEvaluatedKey" not in response:
            return found
        query["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def delete(workspace_id: str, segment_id: str) -> bool:
    return delete_existing(aws.table(TABLE), _key(workspace_id, segment_id))


def shard_built(workspace_id: str, segment_id: str, build_id: str, shard: int, shards: int) -> bool:
    """Record one backfilled shard of this build; the last one marks the segment ready. False: stale build."""
    table = aws.table(TABLE)
    try:
        response = table.update_item(
            Key=_key(workspace_id, segment_id),
            UpdateExpression="ADD shards_done :s",
            ConditionExpression="build_id = :b",
            ExpressionAttributeValues={":s": {str(shard)}, ":b": build_id},
            ReturnValues="ALL_NEW",
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    if len(response["Attributes"].get("shards_done", ())) >= shards:
        try:
            table.update_item(
                Key=_key(workspace_id, segment_id),
                UpdateExpression="SET #s = :ready",
                ConditionExpression="build_id = :b",
                ExpressionAttributeNames={"#s": "status"},
                ExpressionAttributeValues={":ready": "ready", ":b": build_id},
            )
        except ClientError as exc:
            if not is_condition_failure(exc):
                raise
    return True


def update(workspace_id: str, segment_id: str, sets: dict[str, Any], removes: tuple[str, ...] = ()) -> bool:
    """Set some attributes of an existing segment (never a full rewrite: backfills update it meanwhile)."""
    names = {f"#a{i}": k for i, k in enumerate([*sets, *removes])}
    by_name = {v: k for k, v in names.items()}
    expression = "SET " + ", ".join(f"{by_name[k]} = :v{i}" for i, k in enumerate(sets))
    if removes:
        expression += " REMOVE " + ", ".join(by_name[k] for k in removes)
    try:
        aws.table(TABLE).update_item(
            Key=_key(workspace_id, segment_id),
            UpdateExpression=expression,
            ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues={f":v{i}": v for i, v in enumerate(sets.values())},
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True
