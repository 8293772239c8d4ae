"""DynamoDB access for landing pages (table `catalog`).

Keys and the access patterns they serve:
  pk = WS#<ws>#PAGE                 sk = PG#<id>        -> a page; the workspace's pages, newest first
  pk = WS#<ws>#PAGE                 sk = SLUG#<slug>    -> a page's slug, unique in the workspace: the claim,
                                                           written with the page, and the public route's
                                                           lookup (/pages/<workspace slug>/<slug>)
  pk = WS#<ws>#PAGE                 sk = COUNT          -> how many pages the workspace has (the limit)
  pk = WS#<ws>#PG#<id>#VIEWS#<nn>   sk = VIEWS          -> one of VIEW_SHARDS view counters of a page: each
                                                           view ADDs to a random one, each in a partition
                                                           of its own, so a busy page is no hot key;
                                                           readers sum them (one BatchGetItem)
"""

from __future__ import annotations

import random
from typing import Any

from boto3.dynamodb.conditions import Key

from functions.core import aws
from functions.core.dynamo import (
    TransactionConflict,
    batch_get,
    query_page,
    transact,
    update_if,
    without_keys,
)

TABLE = "catalog"
VIEW_SHARDS = 16
COUNT_SK = "COUNT"
# What the listing reads of each page: all but the html (up to 300 KB each).
SUMMARY = ("id", "workspace_id", "slug", "title", "form_id", "published", "created_at", "updated_at")


class LimitReached(Exception):
    """The workspace has as many pages as it may."""


class SlugTaken(Exception):
    """Another page of the workspace has this slug."""


class PageGone(Exception):
    """The page was deleted, or its slug changed, since it was read."""


def _pk(workspace_id: str) -> str:
    return f"WS#{workspace_id}#PAGE"


def _key(workspace_id: str, page_id: str) -> dict[str, str]:
    return {"pk": _pk(workspace_id), "sk": f"PG#{page_id}"}


def _slug_key(workspace_id: str, slug: str) -> dict[str, str]:
    return {"pk": _pk(workspace_id), "sk": f"SLUG#{slug}"}


def _views_key(workspace_id: str, page_id: str, shard: int) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#PG#{page_id}#VIEWS#{shard:02d}", "sk": "VIEWS"}


def create(item: dict[str, Any], limit: int) -> None:
    """The page, its slug's claim and one more on the workspace's count, together. LimitReached at
    `limit`; SlugTaken when another page has the slug."""
    ws = item["workspace_id"]
    name = aws.table(TABLE).name
    try:
        transact(
            [
                {
                    "Update": {
                        "TableName": name,
                        "Key": {"pk": _pk(ws), "sk": COUNT_SK},
                        "UpdateExpression": "ADD #n :one",
                        "ConditionExpression": "attribute_not_exists(#n) OR #n < :limit",
                        "ExpressionAttributeNames": {"#n": "count"},
                        "ExpressionAttributeValues": {":one": 1, ":limit": limit},
                    }
                },
                {
                    "Put": {
                        "TableName": name,
                        "Item": {**_key(ws, item["id"]), **item},
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
                {
                    "Put": {
                        "TableName": name,
                        "Item": {**_slug_key(ws, item["slug"]), "page_id": item["id"]},
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
            ]
        )
    except TransactionConflict as exc:
        if exc.reasons[2] == "ConditionalCheckFailed":
            raise SlugTaken from None
        if exc.reasons[0] == "ConditionalCheckFailed":
            raise LimitReached from None
        raise


def get(workspace_id: str, page_id: str) -> dict[str, Any] | None:
    response = aws.table(TABLE).get_item(Key=_key(workspace_id, page_id), ConsistentRead=True)
    return without_keys(response.get("Item"))


def by_slug(workspace_id: str, slug: str) -> dict[str, Any] | None:
    """The page with this slug (its claim, then the page: two GetItems)."""
    claim = aws.table(TABLE).get_item(Key=_slug_key(workspace_id, slug)).get("Item")
    if claim is None:
        return None
    page = aws.table(TABLE).get_item(Key=_key(workspace_id, str(claim["page_id"]))).get("Item")
    return without_keys(page)


def list_page(workspace_id: str, limit: int, cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
    """A page of the workspace's pages, newest first, without their html."""
    items, next_cursor = query_page(
        aws.table(TABLE),
        scope=f"pages:{workspace_id}",
        limit=limit,
        cursor=cursor,
        KeyConditionExpression=Key("pk").eq(_pk(workspace_id)) & Key("sk").begins_with("PG#"),
        ProjectionExpression=", ".join(f"#a{i}" for i in range(len(SUMMARY))) + ", pk, sk",
        ExpressionAttributeNames={f"#a{i}": name for i, name in enumerate(SUMMARY)},
        ScanIndexForward=False,
    )
    return [without_keys(i) or {} for i in items], next_cursor


def update(
    workspace_id: str,
    page_id: str,
    changes: dict[str, Any],
    removes: tuple[str, ...] = (),
    *,
    slug_was: str | None = None,
) -> bool:
    """Set `changes` and remove `removes` on a page that exists; False when it does not. A `slug` among the
    changes moves the page's claim from `slug_was` to it, together (SlugTaken: another page has it;
    PageGone: the page is gone or its slug is no longer `slug_was`)."""
    names = {f"#f{i}": k for i, k in enumerate([*changes, *removes])}
    by_field = {v: k for k, v in names.items()}
    values: dict[str, Any] = {f":v{i}": v for i, v in enumerate(changes.values())}
    expression = "SET " + ", ".join(f"{by_field[k]} = :v{i}" for i, k in enumerate(changes))
    if removes:
        expression += " REMOVE " + ", ".join(by_field[k] for k in removes)
    key = _key(workspace_id, page_id)
    if "slug" not in changes:
        return update_if(
            aws.table(TABLE),
            Key=key,
            UpdateExpression=expression,
            ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
        )
    name = aws.table(TABLE).name
    try:
        transact(
            [
                {
                    "Update": {
                        "TableName": name,
                        "Key": key,
                        "UpdateExpression": expression,
                        "ConditionExpression": "attribute_exists(pk) AND #slug = :was",
                        "ExpressionAttributeNames": {**names, "#slug": "slug"},
                        "ExpressionAttributeValues": {**values, ":was": slug_was},
                    }
                },
                {
                    "Put": {
                        "TableName": name,
                        "Item": {**_slug_key(workspace_id, changes["slug"]), "page_id": page_id},
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
                {"Delete": {"TableName": name, "Key": _slug_key(workspace_id, str(slug_was))}},
            ]
        )
    except TransactionConflict as exc:
        if exc.reasons[1] == "ConditionalCheckFailed":
            raise SlugTaken from None
        if exc.reasons[0] == "ConditionalCheckFailed":
            raise PageGone from None
        raise
    return True


def delete(workspace_id: str, page: dict[str, Any]) -> bool:
    """The page, its slug's claim and one less on the count, together; then its view counters. False when
    the page was already gone."""
    name = aws.table(TABLE).name
    try:
        transact(
            [
                {
                    "Delete": {
                        "TableName": name,
                        "Key": _key(workspace_id, page["id"]),
                        "ConditionExpression": "attribute_exists(pk) AND #slug = :slug",
                        "ExpressionAttributeNames": {"#slug": "slug"},
                        "ExpressionAttributeValues": {":slug": page["slug"]},
                    }
                },
                {"Delete": {"TableName": name, "Key": _slug_key(workspace_id, page["slug"])}},
                {
                    "Update": {
                        "TableName": name,
                        "Key": {"pk": _pk(workspace_id), "sk": COUNT_SK},
                        "UpdateExpression": "ADD #n :minus",
                        "ExpressionAttributeNames": {"#n": "count"},
                        "ExpressionAttributeValues": {":minus": -1},
                    }
                },
            ]
        )
    except TransactionConflict:
        return False
    with aws.table(TABLE).batch_writer() as batch:
        for shard in range(VIEW_SHARDS):
            batch.delete_item(Key=_views_key(workspace_id, page["id"], shard))
    return True


def count_view(workspace_id: str, page_id: str) -> None:
    """One more view, on a random shard (an atomic ADD)."""
    aws.table(TABLE).update_item(
        Key=_views_key(workspace_id, page_id, random.randrange(VIEW_SHARDS)),
        UpdateExpression="ADD #v :one",
        ExpressionAttributeNames={"#v": "views"},
        ExpressionAttributeValues={":one": 1},
    )


def views(workspace_id: str, page_ids: list[str]) -> dict[str, int]:
    """Each page's views: the sum of its shards (BatchGetItem, 100 keys a call)."""
    keys = [_views_key(workspace_id, p, s) for p in page_ids for s in range(VIEW_SHARDS)]
    totals = dict.fromkeys(page_ids, 0)
    prefix = f"WS#{workspace_id}#PG#"
    for item in batch_get(aws.table(TABLE).name, keys):
        page_id = str(item["pk"]).removeprefix(prefix).rpartition("#VIEWS#")[0]
        totals[page_id] = totals.get(page_id, 0) + int(item.get("views", 0))
    return totals
