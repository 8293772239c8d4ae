"""DynamoDB access for lists and their fields (table `catalog`). Members live with contacts.

Keys and the access patterns they serve:
  pk = WS#<ws>#LIST              sk = L#<list_id>   -> a list; the workspace's lists newest first
  pk = WS#<ws>#L#<list>#FIELD    sk = F#<field_id>  -> a list's fields (few: one Query reads them all)
  pk = WS#<ws>#L#<list>#FIELD    sk = TAG#<tag>     -> a field tag is unique within its list
"""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Key

from functions.core import aws
from functions.core.dynamo import (
    TransactionConflict,
    delete_existing,
    put_if,
    query_page,
    transact,
    without_keys,
)

TABLE = "catalog"


def _list_key(workspace_id: str, list_id: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#LIST", "sk": f"L#{list_id}"}


def _fields_pk(workspace_id: str, list_id: str) -> str:
    return f"WS#{workspace_id}#L#{list_id}#FIELD"


def put_list(item: dict[str, Any]) -> None:
    put_if(aws.table(TABLE), {**_list_key(item["workspace_id"], item["id"]), **item}, exists=False)


def get_list(workspace_id: str, list_id: str) -> dict[str, Any] | None:
    return without_keys(aws.table(TABLE).get_item(Key=_list_key(workspace_id, list_id)).get("Item"))


def list_lists(workspace_id: str, limit: int, cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
    items, next_cursor = query_page(
        aws.table(TABLE),
        scope=f"lists:{workspace_id}",
        limit=limit,
        cursor=cursor,
        KeyConditionExpression=Key("pk").eq(f"WS#{workspace_id}#LIST"),
        ScanIndexForward=False,
    )
    return [i for i in (without_keys(i) for i in items) if i], next_cursor


def public_lists(workspace_id: str) -> list[dict[str, Any]]:
    """The workspace's lists marked public, newest first (the preference center shows them all)."""
    query: dict[str, Any] = {
        "KeyConditionExpression": Key("pk").eq(f"WS#{workspace_id}#LIST"),
        "ScanIndexForward": False,
    }
    found: list[dict[str, Any]] = []
    while True:
        page = aws.table(TABLE).query(**query)
        found.extend(i for i in (without_keys(i) for i in page.get("Items", [])) if i and i.get("public"))
        if "LastEvaluatedKey" not in page:
            return found
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def replace_list(item: dict[str, Any]) -> bool:
    """Overwrite a list that still exists; False when it is gone."""
    return put_if(aws.table(TABLE), {**_list_key(item["workspace_id"], item["id"]), **item}, exists=True)


def delete_list(workspace_id: str, list_id: str) -> bool:
    """The list and its fields; False when it was already gone."""
    table = aws.table(TABLE)
    if not delete_existing(table, _list_key(workspace_id, list_id)):
        return False
    fields = table.query(KeyConditionExpression=Key("pk").eq(_fields_pk(workspace_id, list_id)))["Items"]
    with table.batch_writer() as batch:
        for item in fields:
            batch.delete_item(Key={"pk": item["pk"], "sk": item["sk"]})
    return True


# --- fields ----------------------------------------------------------------------------------


def _field_items(field: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    pk = _fields_pk(field["workspace_id"], field["list_id"])
    return (
        {"pk": pk, "sk": f"F#{field['id']}", **field},
        {"pk": pk, "sk": f"TAG#{field['tag']}", "field_id": field["id"]},
    )


class FieldTagTaken(Exception):
    """Another field of the list has this tag."""


class FieldGone(Exception):
    """The field was deleted meanwhile."""


def add_field(field: dict[str, Any]) -> None:
    """Field and its tag, together. FieldTagTaken: the tag is taken in this list."""
    item, tag = _field_items(field)
    name = aws.table(TABLE).name
    try:
        transact(
            [
                {"Put": {"TableName": name, "Item": item, "ConditionExpression": "attribute_not_exists(pk)"}},
                {"Put": {"TableName": name, "Item": tag, "ConditionExpression": "attribute_not_exists(pk)"}},
            ]
        )
    except TransactionConflict:
        raise FieldTagTaken from None


def fields_of(workspace_id: str, list_id: str) -> list[dict[str, Any]]:
    items = aws.table(TABLE).query(
        KeyConditionExpression=Key("pk").eq(_fields_pk(workspace_id, list_id)) & Key("sk").begins_with("F#")
    )["Items"]
    return [i for i in (without_keys(i) for i in items) if i]


def replace_field(field: dict[str, Any], old_tag: str) -> None:
    """Overwrite a field; when its tag changes, the new tag must be free (FieldTagTaken). FieldGone: it was
    deleted meanwhile."""
    item, tag = _field_items(field)
    name = aws.table(TABLE).name
    items: list[dict[str, Any]] = [
        {"Put": {"TableName": name, "Item": item, "ConditionExpression": "attribute_exists(pk)"}}
    ]
    if old_tag != field["tag"]:
        items += [
            {"Put": {"TableName": name, "Item": tag, "ConditionExpression": "attribute_not_exists(pk)"}},
            {"Delete": {"TableName": name, "Key": {"pk": item["pk"], "sk": f"TAG#{old_tag}"}}},
        ]
    try:
        transact(items)
    except TransactionConflict as conflict:
        raise (FieldGone if conflict.reasons[0] == "ConditionalCheckFailed" else FieldTagTaken) from None


def delete_field(field: dict[str, Any]) -> None:
    item, tag = _field_items(field)
    name = aws.table(TABLE).name
    transact(
        [
            {"Delete": {"TableName": name, "Key": {"pk": item["pk"], "sk": item["sk"]}}},
            {"Delete": {"TableName": name, "Key": {"pk": tag["pk"], "sk": tag["sk"]}}},
        ]
    )
