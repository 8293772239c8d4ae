"""DynamoDB access for templates (table `catalog`).

pk = WS#<ws>#TEMPLATE   sk = T#<template_id>   -> a template; a workspace's templates newest first
"""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from functions.core import aws
from functions.core.dynamo import is_condition_failure, plain, query_page

TABLE = "catalog"


def _key(workspace_id: str, template_id: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#TEMPLATE", "sk": f"T#{template_id}"}


def _clean(item: dict[str, Any] | None) -> dict[str, Any] | None:
    if item is None:
        return None
    item = plain(item)
    item.pop("pk", None)
    item.pop("sk", None)
    return item


def put(item: dict[str, Any], *, exists: bool) -> bool:
    condition = "attribute_exists(pk)" if exists else "attribute_not_exists(pk)"
    try:
        aws.table(TABLE).put_item(
            Item={**_key(item["workspace_id"], item["id"]), **item}, ConditionExpression=condition
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def get(workspace_id: str, template_id: str) -> dict[str, Any] | None:
    return _clean(aws.table(TABLE).get_item(Key=_key(workspace_id, template_id)).get("Item"))


def page(workspace_id: str, limit: int, cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
    items, next_cursor = query_page(
        aws.table(TABLE),
        scope=f"templates:{workspace_id}",
        limit=limit,
        cursor=cursor,
        KeyConditionExpression=Key("pk").eq(f"WS#{workspace_id}#TEMPLATE"),
        ScanIndexForward=False,
    )
    return [i for i in (_clean(i) for i in items) if i], next_cursor


def delete(workspace_id: str, template_id: str) -> bool:
    try:
        aws.table(TABLE).delete_item(
            Key=_key(workspace_id, template_id), ConditionExpression="attribute_exists(pk)"
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True
