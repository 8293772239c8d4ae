"""DynamoDB access for templates (table `catalog`).

pk = WS#<ws>#TEMPLATE   sk = T#<template_id>   -> a template; a workspace's templates newest first
"""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Key

from functions.core import aws
from functions.core.dynamo import delete_existing, put_if, query_page, without_keys

TABLE = "catalog"


def _key(workspace_id: str, template_id: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#TEMPLATE", "sk": f"T#{template_id}"}


def put(item: dict[str, Any], *, exists: bool) -> bool:
    return put_if(aws.table(TABLE), {**_key(item["workspace_id"], item["id"]), **item}, exists=exists)


def get(workspace_id: str, template_id: str) -> dict[str, Any] | None:
    return without_keys(aws.table(TABLE).get_item(Key=_key(workspace_id, template_id)).get("Item"))


def page(workspace_id: str, limit: int, cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
    items, next_cursor = query_page(
        aws.table(TABLE),
        scope=f"templates:{workspace_id}",
        limit=limit,
        cursor=cursor,
        KeyConditionExpression=Key("pk").eq(f"WS#{workspace_id}#TEMPLATE"),
        ScanIndexForward=False,
    )
    return [i for i in (without_keys(i) for i in items) if i], next_cursor


def delete(workspace_id: str, template_id: str) -> bool:
    return delete_existing(aws.table(TABLE), _key(workspace_id, template_id))
