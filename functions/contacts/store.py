"""DynamoDB access for contacts (table `contacts`, streamed to the segment evaluator).

Keys and the access patterns they serve:
  pk = WS#<ws>#S#<shard>   sk = C#<contact_id>   -> a contact; a shard's contacts newest first. Contacts
                                                   are spread over SHARDS partitions (shard = hash of id),
                                                   so a workspace of millions is enumerated in parallel and
                                                   never throttles one partition key.
  pk = WS#<ws>#E#<email>   sk = EMAIL            -> uniqueness of the normalized email: written in the same
                                                   transaction as the contact, never read-then-write.
  pk = WS#<ws>#L#<list>#S#<shard> sk = C#<id>    -> list membership (one per list the contact is on),
                                                   erased with the contact.
  pk = WS#<ws>#STATS       sk = TOTAL            -> number of contacts (atomic ADD in the same transaction)
  pk = WS#<ws>#STATS       sk = DAY#<yyyy-mm-dd> -> added/deleted/unsubscribed/bounced that day (atomic ADD)
  pk = WS#<ws>#ACT#<id>    sk = <time>#<event>   -> activity of a contact, newest first, expires by TTL
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from boto3.dynamodb.conditions import ConditionBase, Key

from functions.core import aws
from functions.core.dynamo import plain, query_page, transact

TABLE = "contacts"
SHARDS = 16  # fixed: the shard of a contact is derived from its id
TTL_ATTRIBUTE = "expires_at"


def shard_of(contact_id: str) -> int:
    return zlib.crc32(contact_id.encode()) % SHARDS


def contact_key(workspace_id: str, contact_id: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#S#{shard_of(contact_id)}", "sk": f"C#{contact_id}"}


def _email_key(workspace_id: str, email: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#E#{email}", "sk": "EMAIL"}


def membership_key(workspace_id: str, list_id: str, contact_id: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#L#{list_id}#S#{shard_of(contact_id)}", "sk": f"C#{contact_id}"}


def _stats_pk(workspace_id: str) -> str:
    return f"WS#{workspace_id}#STATS"


def _name() -> str:
    return aws.table(TABLE).name


def _to_dynamo(value: Any) -> Any:
    """Floats become Decimals (DynamoDB has no float), recursively."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {k: _to_dynamo(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_dynamo(v) for v in value]
    return value


def _counters(workspace_id: str, day: str, total: int, **day_counts: int) -> list[dict[str, Any]]:
    """Transaction items that ADD to the total and to the day's counters."""
    name, pk = _name(), _stats_pk(workspace_id)
    items = []
    if total:
        items.append(
            {
                "Update": {
                    "TableName": name,
                    "Key": {"pk": pk, "sk": "TOTAL"},
                    "UpdateExpression": "ADD contacts :n",
                    "ExpressionAttributeValues": {":n": total},
                }
            }
        )
    counts = {k: v for k, v in day_counts.items() if v}
    if counts:
        items.append(
            {
                "Update": {
                    "TableName": name,
                    "Key": {"pk": pk, "sk": f"DAY#{day}"},
                    "UpdateExpression": "ADD " + ", ".join(f"{k} :{k}" for k in counts),
                    "ExpressionAttributeValues": {f":{k}": v for k, v in counts.items()},
                }
            }
        )
    return items


def _storable(contact: dict[str, Any]) -> dict[str, Any]:
    item = {k: v for k, v in contact.items() if v is not None and v != {} and v != []}
    if "tags" in item:
        item["tags"] = set(item["tags"])
    return {**contact_key(contact["workspace_id"], contact["id"]), **_to_dynamo(item)}


def _out(item: dict[str, Any] | None) -> dict[str, Any] | None:
    if item is None:
        return None
    item = plain(item)
    item.pop("pk", None)
    item.pop("sk", None)
    return item


# --- single contacts -------------------------------------------------------------------------


def get(workspace_id: str, contact_id: str) -> dict[str, Any] | None:
    return _out(aws.table(TABLE).get_item(Key=contact_key(workspace_id, contact_id)).get("Item"))


def id_by_email(workspace_id: str, email: str) -> str | None:
    item = aws.table(TABLE).get_item(Key=_email_key(workspace_id, email)).get("Item")
    return item["contact_id"] if item else None


def create(contact: dict[str, Any], day: str) -> None:
    """Contact + email uniqueness + counters, all or nothing. TransactionConflict: the email is taken."""
    ws = contact["workspace_id"]
    name = _name()
    transact(
        [
            {
                "Put": {
                    "TableName": name,
                    "Item": {**_email_key(ws, contact["email"]), "contact_id": contact["id"]},
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            },
            {
                "Put": {
                    "TableName": name,
                    "Item": _storable(contact),
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            },
            *_counters(ws, day, 1, added=1),
        ]
    )


def replace(
    contact: dict[str, Any],
    expected_version: int,
    day: str,
    *,
    old_email: str | None = None,
    day_counts: dict[str, int] | None = None,
) -> None:
    """Write the new version of a contact if nobody changed it meanwhile (optimistic locking).

    With `old_email`, the email moves: the new uniqueness item must be free, the old one is released.
    TransactionConflict: the contact changed or is gone (reason 0), or the new email is taken (reason 1).
    """
    ws, name = contact["workspace_id"], _name()
    items: list[dict[str, Any]] = [
        {
            "Put": {
                "TableName": name,
                "Item": _storable(contact),
                "ConditionExpression": "#v = :v",
                "ExpressionAttributeNames": {"#v": "version"},
                "ExpressionAttributeValues": {":v": expected_version},
            }
        }
    ]
    if old_email and old_email != contact["email"]:
        items += [
            {
                "Put": {
                    "TableName": name,
                    "Item": {**_email_key(ws, contact["email"]), "contact_id": contact["id"]},
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            },
            {"Delete": {"TableName": name, "Key": _email_key(ws, old_email)}},
        ]
    items += _counters(ws, day, 0, **(day_counts or {}))
    transact(items)


def delete(contact: dict[str, Any], day: str) -> None:
    """Erase the contact, its email, its memberships; count it deleted. Conflict: already gone."""
    ws, name = contact["workspace_id"], _name()
    memberships = [membership_key(ws, list_id, contact["id"]) for list_id in (contact.get("lists") or {})]
    head = [
        {
            "Delete": {
                "TableName": name,
                "Key": contact_key(ws, contact["id"]),
                "ConditionExpression": "attribute_exists(pk)",
            }
        },
        {"Delete": {"TableName": name, "Key": _email_key(ws, contact["email"])}},
        *_counters(ws, day, -1, deleted=1),
    ]
    room = 100 - len(head)  # a transaction holds at most 100 items
    transact(head + [{"Delete": {"TableName": name, "Key": k}} for k in memberships[:room]])
    with aws.table(TABLE).batch_writer() as batch:
        for key in memberships[room:]:
            batch.delete_item(Key=key)


# --- enumeration -----------------------------------------------------------------------------


def query_shard(
    workspace_id: str,
    shard: int,
    *,
    limit: int,
    descending: bool = True,
    after_id: str | None = None,
    where: ConditionBase | None = None,
) -> list[dict[str, Any]]:
    """Up to `limit` contacts of one shard that match `where`, in id order, strictly past `after_id`."""
    key = Key("pk").eq(f"WS#{workspace_id}#S#{shard}")
    if after_id:
        key &= Key("sk").lt(f"C#{after_id}") if descending else Key("sk").gt(f"C#{after_id}")
    else:
        key &= Key("sk").begins_with("C#")
    query: dict[str, Any] = {
        "TableName": _name(),
        "KeyConditionExpression": key,
        "ScanIndexForward": not descending,
    }
    if where is not None:
        query["FilterExpression"] = where
    found: list[dict[str, Any]] = []
    client = aws.dynamodb_client()
    while len(found) < limit:
        page = client.query(**query, Limit=max(limit - len(found), 1) if where is None else max(limit, 100))
        found.extend(page.get("Items", []))
        if "LastEvaluatedKey" not in page:
            break
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    return [_out(i) for i in found[:limit]]


def scan_shard(workspace_id: str, shard: int, page_size: int = 500) -> Iterator[list[dict[str, Any]]]:
    """Every contact of one shard, page by page (what campaigns and segment backfills read)."""
    query: dict[str, Any] = {
        "TableName": _name(),
        "KeyConditionExpression": Key("pk").eq(f"WS#{workspace_id}#S#{shard}") & Key("sk").begins_with("C#"),
        "Limit": page_size,
    }
    client = aws.dynamodb_client()
    while True:
        page = client.query(**query)
        if page.get("Items"):
            yield [_out(i) for i in page["Items"]]
        if "LastEvaluatedKey" not in page:
            return
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


# --- counters and activity -------------------------------------------------------------------


def total(workspace_id: str) -> int:
    item = aws.table(TABLE).get_item(Key={"pk": _stats_pk(workspace_id), "sk": "TOTAL"}).get("Item")
    return int(item["contacts"]) if item else 0


def days_since(workspace_id: str, first_day: str) -> list[dict[str, Any]]:
    query: dict[str, Any] = {
        "KeyConditionExpression": Key("pk").eq(_stats_pk(workspace_id)) & Key("sk").gte(f"DAY#{first_day}"),
    }
    days: list[dict[str, Any]] = []
    table = aws.table(TABLE)
    while True:
        page = table.query(**query)
        days.extend(plain(i) for i in page.get("Items", []) if i["sk"].startswith("DAY#"))
        if "LastEvaluatedKey" not in page:
            return days
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def add_activity(workspace_id: str, contact_id: str, entry: dict[str, Any], expires_at: int) -> None:
    aws.table(TABLE).put_item(
        Item={
            "pk": f"WS#{workspace_id}#ACT#{contact_id}",
            "sk": f"{entry['occurred_at']}#{entry['id']}",
            TTL_ATTRIBUTE: expires_at,
            **_to_dynamo(entry),
        }
    )


def activity_page(
    workspace_id: str, contact_id: str, limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    items, next_cursor = query_page(
        aws.table(TABLE),
        scope=f"activity:{workspace_id}:{contact_id}",
        limit=limit,
        cursor=cursor,
        KeyConditionExpression=Key("pk").eq(f"WS#{workspace_id}#ACT#{contact_id}"),
        ScanIndexForward=False,
    )
    return [_out(i) for i in items], next_cursor


def delete_activity(workspace_id: str, contact_id: str) -> None:
    table = aws.table(TABLE)
    query: dict[str, Any] = {"KeyConditionExpression": Key("pk").eq(f"WS#{workspace_id}#ACT#{contact_id}")}
    with table.batch_writer() as batch:
        while True:
            page = table.query(**query, ProjectionExpression="pk, sk")
            for item in page.get("Items", []):
                batch.delete_item(Key={"pk": item["pk"], "sk": item["sk"]})
            if "LastEvaluatedKey" not in page:
                return
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
