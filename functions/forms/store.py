"""DynamoDB access for signup forms (table `catalog`).

Keys and the access patterns they serve:
  pk = WS#<ws>#FORM              sk = FORM#<id>     -> a form; the workspace's forms, newest first
  pk = WS#<ws>#FORM              sk = COUNT         -> how many the workspace has (the limit)
  pk = WS#<ws>#FORM#<id>         sk = STATS#<nn>    -> one of STATS_SHARDS counter items (views, submissions,
                                                       confirmed): a busy form's hits spread over them,
                                                       readers sum
  pk = FORMPUB#<public_id>       sk = FORMPUB       -> public id -> (workspace, form): the hosted page's and
                                                       the submission's lookup (no key names a workspace)
"""

from __future__ import annotations

import random
from typing import Any

from boto3.dynamodb.conditions import Attr, Key

from functions.core import aws
from functions.core.dynamo import TransactionConflict, put_if, query_page, transact, without_keys

TABLE = "catalog"
STATS_SHARDS = 16
COUNT_SK = "COUNT"


class LimitReached(Exception):
    """The workspace has as many forms as it may."""


def _forms_pk(workspace_id: str) -> str:
    return f"WS#{workspace_id}#FORM"


def _key(workspace_id: str, form_id: str) -> dict[str, str]:
    return {"pk": _forms_pk(workspace_id), "sk": f"FORM#{form_id}"}


def _public_key(public_id: str) -> dict[str, str]:
    return {"pk": f"FORMPUB#{public_id}", "sk": "FORMPUB"}


def _stats_pk(workspace_id: str, form_id: str) -> str:
    return f"WS#{workspace_id}#FORM#{form_id}"


def _count_update(workspace_id: str, delta: int, limit: int | None = None) -> dict[str, Any]:
    update: dict[str, Any] = {
        "TableName": aws.table(TABLE).name,
        "Key": {"pk": _forms_pk(workspace_id), "sk": COUNT_SK},
        "UpdateExpression": "ADD #n :delta",
        "ExpressionAttributeNames": {"#n": "count"},
        "ExpressionAttributeValues": {":delta": delta},
    }
    if limit is not None:
        update["ConditionExpression"] = "attribute_not_exists(#n) OR #n < :limit"
        update["ExpressionAttributeValues"][":limit"] = limit
    return {"Update": update}


def create(item: dict[str, Any], limit: int) -> None:
    """The form, its public lookup and one more on the workspace's count, together; LimitReached at
    `limit`."""
    ws, name = item["workspace_id"], aws.table(TABLE).name
    lookup = {**_public_key(item["public_id"]), "workspace_id": ws, "form_id": item["id"]}
    try:
        transact(
            [
                _count_update(ws, 1, limit),
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
                        "Item": lookup,
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
            ]
        )
    except TransactionConflict as exc:
        if exc.reasons[0] == "ConditionalCheckFailed":
            raise LimitReached from None
        raise


def get(workspace_id: str, form_id: str) -> dict[str, Any] | None:
    return without_keys(aws.table(TABLE).get_item(Key=_key(workspace_id, form_id)).get("Item"))


def by_public_id(public_id: str) -> tuple[str, str] | None:
    """(workspace, form) of a public id, or None."""
    found = aws.table(TABLE).get_item(Key=_public_key(public_id)).get("Item")
    return (str(found["workspace_id"]), str(found["form_id"])) if found else None


def list_page(
    workspace_id: str, limit: int, cursor: str | None, is_published: bool | None
) -> tuple[list[dict[str, Any]], str | None]:
    query: dict[str, Any] = {
        "KeyConditionExpression": Key("pk").eq(_forms_pk(workspace_id)) & Key("sk").begins_with("FORM#"),
        "ScanIndexForward": False,
    }
    if is_published is not None:
        query["FilterExpression"] = Attr("is_published").eq(is_published)
    items, next_cursor = query_page(
        aws.table(TABLE),
        scope=f"forms:{workspace_id}:{'' if is_published is None else is_published}",
        limit=limit,
        cursor=cursor,
        **query,
    )
    return [without_keys(i) or {} for i in items], next_cursor


def replace(item: dict[str, Any]) -> bool:
    """Overwrite a form that still exists; False when it is gone."""
    return put_if(aws.table(TABLE), {**_key(item["workspace_id"], item["id"]), **item}, exists=True)


def delete(workspace_id: str, form_id: str) -> bool:
    """The form, its public lookup and its stats; False when it was already gone."""
    form = get(workspace_id, form_id)
    if form is None:
        return False
    name = aws.table(TABLE).name
    try:
        transact(
            [
                {
                    "Delete": {
                        "TableName": name,
                        "Key": _key(workspace_id, form_id),
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                },
                {"Delete": {"TableName": name, "Key": _public_key(form["public_id"])}},
                _count_update(workspace_id, -1),
            ]
        )
    except TransactionConflict:
        return False
    table = aws.table(TABLE)
    shards = table.query(KeyConditionExpression=Key("pk").eq(_stats_pk(workspace_id, form_id)))["Items"]
    with table.batch_writer() as batch:
        for shard in shards:
            batch.delete_item(Key={"pk": shard["pk"], "sk": shard["sk"]})
    return True


# --- stats ---------------------------------------------------------------------------------------------


def count(workspace_id: str, form_id: str, **counts: int) -> None:
    """Add `counts` (views, submissions, confirmed) to one random shard of the form's stats."""
    names = {f"#c{i}": k for i, k in enumerate(counts)}
    values = {f":c{i}": v for i, v in enumerate(counts.values())}
    shard = random.randrange(STATS_SHARDS)
    aws.table(TABLE).update_item(
        Key={"pk": _stats_pk(workspace_id, form_id), "sk": f"STATS#{shard:02d}"},
        UpdateExpression="ADD " + ", ".join(f"#c{i} :c{i}" for i in range(len(counts))),
        ExpressionAttributeNames=names,
        ExpressionAttributeValues=values,
    )


def stats(workspace_id: str, form_id: str) -> dict[str, int]:
    """The sums of every stats shard."""
    items = aws.table(TABLE).query(
        KeyConditionExpression=Key("pk").eq(_stats_pk(workspace_id, form_id))
        & Key("sk").begins_with("STATS#")
    )["Items"]
    totals: dict[str, int] = {}
    for item in items:
        for name, value in item.items():
            if name not in ("pk", "sk"):
                totals[name] = totals.get(name, 0) + int(value)
    return totals
