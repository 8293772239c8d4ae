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
  pk = WS#<ws>#L#<list>    sk = COUNTS           -> subscribed / unsubscribed members of a list (atomic ADD)
  pk = WS#<ws>#G#<seg>#S#<shard> sk = C#<id>     -> segment membership (by rules or linked by hand)
  pk = WS#<ws>#G#<seg>     sk = COUNTS           -> members of a segment (atomic ADD)
  The contact item itself carries `lists` (list_id -> membership) and `segments` / `manual_segments`
  (sets of segment ids), so a contact shows its memberships and a listing can filter on them.
  pk = WS#<ws>#STATS       sk = TOTAL            -> number of contacts (atomic ADD in the same transaction)
  pk = WS#<ws>#STATS       sk = DAY#<yyyy-mm-dd> -> added/deleted/unsubscribed/bounced that day (atomic ADD)
  pk = WS#<ws>#ACT#<id>    sk = <time>#<event>   -> activity of a contact, newest first, expires by TTL
  pk = WS#<ws>#CONSENT#<id> sk = <time>#<record>  -> consent records of a contact (append-only, no TTL),
                                                   erased with the contact
  pk = PENDING#<shard>     sk = <expires>#<ws>#<list>#<id> -> pending (double opt-in) memberships by the
                                                   time they expire: the expiry job reads what is due
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from boto3.dynamodb.conditions import Attr, ConditionBase, Key
from botocore.exceptions import ClientError

from functions.core import aws
from functions.core.dynamo import (
    TransactionConflict,
    batch_get,
    decimals,
    is_condition_failure,
    plain,
    transact,
    transact_bulk,
    transact_many,
)
from functions.core.sharding import SHARDS, shard_of  # noqa: F401  (SHARDS: part of this store's API)

TABLE = "contacts"


class ContactChanged(Exception):
    """The contact changed, was created or erased by another request meanwhile: read it again."""


class EmailTaken(Exception):
    """Another contact of the workspace has this email."""


class ContactGone(Exception):
    """The contact was erased already."""


TTL_ATTRIBUTE = "expires_at"
# `segments` is a DynamoDB reserved word: expressions name these attributes through placeholders.
_SET_NAMES = {"#seg": "segments", "#man": "manual_segments", "#ver": "version"}
_SET_NAMES_NO_MANUAL = {"#seg": "segments", "#ver": "version"}


def contact_key(workspace_id: str, contact_id: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#S#{shard_of(contact_id)}", "sk": f"C#{contact_id}"}


def _email_key(workspace_id: str, email: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#E#{email}", "sk": "EMAIL"}


def membership_key(workspace_id: str, list_id: str, contact_id: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#L#{list_id}#S#{shard_of(contact_id)}", "sk": f"C#{contact_id}"}


def segment_member_key(workspace_id: str, segment_id: str, contact_id: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#G#{segment_id}#S#{shard_of(contact_id)}", "sk": f"C#{contact_id}"}


def list_prefix(workspace_id: str, list_id: str) -> str:
    return f"WS#{workspace_id}#L#{list_id}"


def segment_prefix(workspace_id: str, segment_id: str) -> str:
    return f"WS#{workspace_id}#G#{segment_id}"


# Counters are items every write of a contact adds to. Bulk writers (imports, many at once) add to one of
# COUNTER_SHARDS copies of each instead (sk + "#<n>"), so that their transactions do not all wait on the
# same item; readers add the copies up (one Query: they share the partition and the sort key's prefix).
COUNTER_SHARDS = 16


def _counter_sk(sk: str, shard: int | None) -> str:
    return sk if shard is None else f"{sk}#{shard}"


def _counts_update(prefix: str, shard: int | None = None, **deltas: int) -> dict[str, Any]:
    deltas = {k: v for k, v in deltas.items() if v}
    return {
        "Update": {
            "TableName": _name(),
            "Key": {"pk": prefix, "sk": _counter_sk("COUNTS", shard)},
            "UpdateExpression": "ADD " + ", ".join(f"{k} :{k}" for k in deltas),
            "ExpressionAttributeValues": {f":{k}": v for k, v in deltas.items()},
        }
    }


def _stats_pk(workspace_id: str) -> str:
    return f"WS#{workspace_id}#STATS"


def _transact_or(failure: type[Exception], items: list[dict[str, Any]]) -> None:
    """One transaction; a condition that fails raises `failure` (the store's own words for it)."""
    try:
        transact(items)
    except TransactionConflict:
        raise failure from None


def _succeeds(items: list[dict[str, Any]]) -> bool:
    """One transaction; False when one of its conditions failed (nothing was written)."""
    try:
        transact(items)
    except TransactionConflict:
        return False
    return True


def _name() -> str:
    return aws.table(TABLE).name


def _counters(
    workspace_id: str, day: str, total: int, shard: int | None = None, **day_counts: int
) -> list[dict[str, Any]]:
    """Transaction items that ADD to the total and to the day's counters (to their copy `shard`)."""
    name, pk = _name(), _stats_pk(workspace_id)
    items = []
    if total:
        items.append(
            {
                "Update": {
                    "TableName": name,
                    "Key": {"pk": pk, "sk": _counter_sk("TOTAL", shard)},
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
                    "Key": {"pk": pk, "sk": _counter_sk(f"DAY#{day}", shard)},
                    "UpdateExpression": "ADD " + ", ".join(f"{k} :{k}" for k in counts),
                    "ExpressionAttributeValues": {f":{k}": v for k, v in counts.items()},
                }
            }
        )
    return items


def _storable(contact: dict[str, Any]) -> dict[str, Any]:
    item = {k: v for k, v in contact.items() if v is not None and v != {} and v != [] and v != set()}
    for set_field in ("tags", "segments", "manual_segments"):
        if set_field in item:
            item[set_field] = set(item[set_field])
    return {**contact_key(contact["workspace_id"], contact["id"]), **decimals(item)}


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


def create(contact: dict[str, Any], day: str, extra: list[dict[str, Any]] | None = None) -> None:
    """Contact + email uniqueness + counters, all or nothing. ContactChanged: a contact with this email was
    created meanwhile (the caller updates it instead)."""
    ws = contact["workspace_id"]
    name = _name()
    _transact_or(
        ContactChanged,
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
            *(extra or []),
        ],
    )


def replace(
    contact: dict[str, Any],
    expected_version: int,
    day: str,
    *,
    old_email: str | None = None,
    day_counts: dict[str, int] | None = None,
    extra: list[dict[str, Any]] | None = None,
) -> None:
    """Write the new version of a contact if nobody changed it meanwhile (optimistic locking).

    With `old_email`, the email moves: the new uniqueness item must be free, the old one is released.
    ContactChanged: the contact changed or is gone; EmailTaken: the new email belongs to another contact.
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
    try:
        transact(items + (extra or []))
    except TransactionConflict as conflict:
        if len(conflict.reasons) > 1 and conflict.reasons[1] == "ConditionalCheckFailed":
            raise EmailTaken from None  # the uniqueness item of the new email, second in the transaction
        raise ContactChanged from None


def delete(contact: dict[str, Any], day: str, extra: list[dict[str, Any]] | None = None) -> None:
    """Erase the contact, its email, its list and segment memberships (with their counts); count it deleted.

    ContactGone: it was already gone. The first transaction holds the contact itself; a contact
    on very many lists has the rest of its memberships erased in further transactions.
    """
    ws, name, cid = contact["workspace_id"], _name(), contact["id"]
    items: list[dict[str, Any]] = [
        {
            "Delete": {
                "TableName": name,
                "Key": contact_key(ws, cid),
                "ConditionExpression": "attribute_exists(pk)",
            }
        },
        {"Delete": {"TableName": name, "Key": _email_key(ws, contact["email"])}},
        *_counters(ws, day, -1, deleted=1),
        *(extra or []),
    ]
    for list_id, membership in (contact.get("lists") or {}).items():
        items.append({"Delete": {"TableName": name, "Key": membership_key(ws, list_id, cid)}})
        items.append(_counts_update(list_prefix(ws, list_id), **{counted_status(membership): -1}))
    for segment_id in contact.get("segments") or []:
        items.append({"Delete": {"TableName": name, "Key": segment_member_key(ws, segment_id, cid)}})
        items.append(_counts_update(segment_prefix(ws, segment_id), members=-1))
    try:
        transact_many(items)
    except TransactionConflict:
        raise ContactGone from None


def counted_status(membership: dict[str, Any]) -> str:
    """The list counter a membership is counted in."""
    status = membership.get("status")
    return status if status in ("subscribed", "pending") else "unsubscribed"


def membership_removal_items(contact: dict[str, Any], list_id: str, status: str) -> list[dict[str, Any]]:
    """Transaction items that erase a list membership and take it out of the list's counts (with
    `replace`, which writes the contact without it)."""
    ws = contact["workspace_id"]
    return [
        {"Delete": {"TableName": _name(), "Key": membership_key(ws, list_id, contact["id"])}},
        _counts_update(list_prefix(ws, list_id), **{status: -1}),
    ]


def list_membership_items(
    contact: dict[str, Any], list_id: str, membership: dict[str, Any], deltas: dict[str, int]
) -> list[dict[str, Any]]:
    """Transaction items that write a list membership and move the list's counts (with `replace`)."""
    ws = contact["workspace_id"]
    item = {
        **membership_key(ws, list_id, contact["id"]),
        "contact_id": contact["id"],
        "list_id": list_id,
        **membership,
    }
    items: list[dict[str, Any]] = [{"Put": {"TableName": _name(), "Item": item}}]
    if any(deltas.values()):
        items.append(_counts_update(list_prefix(ws, list_id), **deltas))
    return items


def _summed(pk: str, sk_prefix: str) -> list[dict[str, Any]]:
    """The counter items of `pk` whose sort key starts with `sk_prefix` (a counter and its copies)."""
    query: dict[str, Any] = {"KeyConditionExpression": Key("pk").eq(pk) & Key("sk").begins_with(sk_prefix)}
    items: list[dict[str, Any]] = []
    while True:
        page = aws.table(TABLE).query(**query)
        items += page.get("Items", [])
        if "LastEvaluatedKey" not in page:
            return items
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def counts(prefix: str) -> dict[str, int]:
    total: dict[str, int] = {}
    for item in _summed(prefix, "COUNTS"):
        for k, v in item.items():
            if k not in ("pk", "sk"):
                total[k] = total.get(k, 0) + int(v)
    return total


def segment_enter(
    workspace_id: str, segment_id: str, contact_id: str, at: str, *, manual: bool, extra: list[dict[str, Any]]
) -> bool:
    """Make the contact a member; False when it already is one (or the contact is gone).

    The contact's version moves too, so a concurrent full rewrite of the contact retries instead of
    dropping the membership.
    """
    name = _name()
    sets = "#seg :s, #ver :one" + (", #man :s" if manual else "")
    return _succeeds(
        [
            {
                "Update": {
                    "TableName": name,
                    "Key": contact_key(workspace_id, contact_id),
                    "UpdateExpression": f"ADD {sets}",
                    "ConditionExpression": "attribute_exists(pk) AND NOT contains(#seg, :id)",
                    "ExpressionAttributeNames": _SET_NAMES if manual else _SET_NAMES_NO_MANUAL,
                    "ExpressionAttributeValues": {":s": {segment_id}, ":one": 1, ":id": segment_id},
                }
            },
            {
                "Put": {
                    "TableName": name,
                    "Item": {
                        **segment_member_key(workspace_id, segment_id, contact_id),
                        "contact_id": contact_id,
                        "since": at,
                    },
                }
            },
            _counts_update(segment_prefix(workspace_id, segment_id), members=1),
            *extra,
        ]
    )


def segment_exit(workspace_id: str, segment_id: str, contact_id: str, extra: list[dict[str, Any]]) -> bool:
    """Drop the membership; False when it was not a member (or the contact is gone)."""
    name = _name()
    return _succeeds(
        [
            {
                "Update": {
                    "TableName": name,
                    "Key": contact_key(workspace_id, contact_id),
                    "UpdateExpression": "DELETE #seg :s, #man :s ADD #ver :one",
                    "ConditionExpression": "contains(#seg, :id)",
                    "ExpressionAttributeNames": _SET_NAMES,
                    "ExpressionAttributeValues": {":s": {segment_id}, ":one": 1, ":id": segment_id},
                }
            },
            {"Delete": {"TableName": name, "Key": segment_member_key(workspace_id, segment_id, contact_id)}},
            _counts_update(segment_prefix(workspace_id, segment_id), members=-1),
            *extra,
        ]
    )


def set_manual(workspace_id: str, segment_id: str, contact_id: str, manual: bool) -> None:
    """Mark or unmark a member as linked by hand (it stays a member either way)."""
    expression = "ADD #man :s, #ver :one" if manual else "DELETE #man :s ADD #ver :one"
    aws.table(TABLE).update_item(
        Key=contact_key(workspace_id, contact_id),
        UpdateExpression=expression,
        ConditionExpression="attribute_exists(pk)",
        ExpressionAttributeNames={"#man": "manual_segments", "#ver": "version"},
        ExpressionAttributeValues={":s": {segment_id}, ":one": 1},
    )


def forget_segment(workspace_id: str, segment_id: str, contact_id: str) -> None:
    try:
        aws.table(TABLE).update_item(
            Key=contact_key(workspace_id, contact_id),
            UpdateExpression="DELETE #seg :s, #man :s ADD #ver :one",
            ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeNames=_SET_NAMES,
            ExpressionAttributeValues={":s": {segment_id}, ":one": 1},
        )
    except ClientError as exc:
        if not is_condition_failure(exc):
            raise


def drop_partition(prefix: str, shard: int) -> list[str]:
    """Delete one shard of a membership partition; returns the contact ids it held."""
    ids: list[str] = []
    with aws.table(TABLE).batch_writer() as batch:
        for page in scan_shard(prefix, shard):
            for item in page:
                ids.append(item["contact_id"])
                batch.delete_item(Key={"pk": f"{prefix}#S#{shard}", "sk": f"C#{item['contact_id']}"})
    return ids


def drop_counts(prefix: str) -> None:
    for item in _summed(prefix, "COUNTS"):
        aws.table(TABLE).delete_item(Key={"pk": prefix, "sk": item["sk"]})


# --- enumeration -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ShardPage:
    """One Query page of one shard: the items that matched, how many DynamoDB read, where to go on."""

    items: list[dict[str, Any]]
    scanned: int  # items read (and paid for) before the filter, = len(items) without one
    resume: dict[str, Any] | None  # the ExclusiveStartKey of the next page; None: nothing further


def query_shard_page(
    prefix: str,
    shard: int,
    *,
    size: int,
    descending: bool = True,
    after_id: str | None = None,
    where: ConditionBase | None = None,
    resume: dict[str, Any] | None = None,
) -> ShardPage:
    """One Query of one shard of a sharded partition (`prefix` = WS#<ws> for contacts, WS#<ws>#L#<list>
    for list members, WS#<ws>#G#<segment> for segment members): it reads at most `size` items in contact-id
    order strictly past `after_id`, from `resume` on, and returns those that match `where`.

    DynamoDB applies `Limit` before the filter, so with `where` a page may hold fewer matches than `size`,
    or none, and still have a `resume`."""
    key = Key("pk").eq(f"{prefix}#S#{shard}")
    if after_id:
        key &= Key("sk").lt(f"C#{after_id}") if descending else Key("sk").gt(f"C#{after_id}")
    else:
        key &= Key("sk").begins_with("C#")
    query: dict[str, Any] = {
        "TableName": _name(),
        "KeyConditionExpression": key,
        "ScanIndexForward": not descending,
        "Limit": size,
    }
    if where is not None:
        query["FilterExpression"] = where
    if resume is not None:
        query["ExclusiveStartKey"] = resume
    page = aws.dynamodb_client().query(**query)
    items = page.get("Items", [])
    return ShardPage(
        [_out(i) for i in items], int(page.get("ScannedCount", len(items))), page.get("LastEvaluatedKey")
    )


def status_is(status: str) -> ConditionBase:
    return Attr("status").eq(status)


def get_many(
    workspace_id: str, contact_ids: list[str], consistent: bool = False
) -> dict[str, dict[str, Any]]:
    """Contacts by id (BatchGetItem); missing ones are absent from the result."""
    items = batch_get(_name(), [contact_key(workspace_id, cid) for cid in contact_ids], consistent)
    return {item["id"]: _out(item) for item in items}


def scan_shard(prefix: str, shard: int, page_size: int = 500) -> Iterator[list[dict[str, Any]]]:
    """Every item of one shard of a sharded partition, page by page (campaigns and backfills read these)."""
    query: dict[str, Any] = {
        "TableName": _name(),
        "KeyConditionExpression": Key("pk").eq(f"{prefix}#S#{shard}") & Key("sk").begins_with("C#"),
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
    return sum(int(item.get("contacts", 0)) for item in _summed(_stats_pk(workspace_id), "TOTAL"))


def days_since(workspace_id: str, first_day: str) -> list[dict[str, Any]]:
    query: dict[str, Any] = {
        "KeyConditionExpression": Key("pk").eq(_stats_pk(workspace_id)) & Key("sk").gte(f"DAY#{first_day}"),
    }
    days: dict[str, dict[str, Any]] = {}  # DAY#<date>, with its copies added in
    table = aws.table(TABLE)
    while True:
        page = table.query(**query)
        for item in page.get("Items", []):
            if not item["sk"].startswith("DAY#"):
                continue
            sk = item["sk"][: len("DAY#yyyy-mm-dd")]
            day = days.setdefault(sk, {"pk": item["pk"], "sk": sk})
            for k, v in plain(item).items():
                if k not in ("pk", "sk"):
                    day[k] = day.get(k, 0) + v
        if "LastEvaluatedKey" not in page:
            return list(days.values())
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def activity_position(entry: dict[str, Any]) -> str:
    """An entry's sort key: `<occurred_at>#<id>`. An event's id is its client's (any text), so it gets an
    `e:` of its own: it can never equal another entry's position (a campaign's is <time>#-campaign-<id>)."""
    kind = "e:" if entry.get("type") == "event" else ""
    return f"{entry['occurred_at']}#{kind}{entry['id']}"


def _activity_item(
    workspace_id: str, contact_id: str, entry: dict[str, Any], expires_at: int
) -> dict[str, Any]:
    return {
        "pk": f"WS#{workspace_id}#ACT#{contact_id}",
        "sk": activity_position(entry),
        TTL_ATTRIBUTE: expires_at,
        **decimals(entry),
    }


def add_activity(workspace_id: str, contact_id: str, entry: dict[str, Any], expires_at: int) -> None:
    aws.table(TABLE).put_item(Item=_activity_item(workspace_id, contact_id, entry, expires_at))


def add_activities(workspace_id: str, entries: list[tuple[str, dict[str, Any]]], expires_at: int) -> None:
    """Many (contact id, entry) activity entries in batched writes (25 a request, the rest retried)."""
    if not entries:
        return
    with aws.table(TABLE).batch_writer() as batch:
        for contact_id, entry in entries:
            batch.put_item(Item=_activity_item(workspace_id, contact_id, entry, expires_at))


def activity_before(
    workspace_id: str, contact_id: str, before: str | None, limit: int
) -> list[dict[str, Any]]:
    """Up to `limit` activity entries of a contact, newest first, older than position `before` (a sort
    key, `<occurred_at>#<id>`), each with its position as `position`."""
    key = Key("pk").eq(f"WS#{workspace_id}#ACT#{contact_id}")
    if before:
        key &= Key("sk").lt(before)
    response = aws.table(TABLE).query(KeyConditionExpression=key, ScanIndexForward=False, Limit=limit)
    return [{**_out(i), "position": str(i["sk"])} for i in response.get("Items", [])]


def delete_activity(workspace_id: str, contact_id: str) -> None:
    _delete_partition(f"WS#{workspace_id}#ACT#{contact_id}")


# --- consent records --------------------------------------------------------------------------------


def _consent_pk(workspace_id: str, contact_id: str) -> str:
    return f"WS#{workspace_id}#CONSENT#{contact_id}"


def consent_put(workspace_id: str, contact_id: str, record: dict[str, Any]) -> dict[str, Any]:
    """A transaction item that appends a consent record (`record["key"]` is its sort key, never reused)."""
    item = {"pk": _consent_pk(workspace_id, contact_id), "sk": record["key"], **record}
    return {
        "Put": {
            "TableName": _name(),
            "Item": decimals({k: v for k, v in item.items() if v is not None}),
            "ConditionExpression": "attribute_not_exists(pk)",
        }
    }


def consent_confirm(workspace_id: str, contact_id: str, key: str, at: str, ip: str | None) -> dict[str, Any]:
    """A transaction item that adds the confirmation to a pending record, once (the rest stays as given)."""
    values: dict[str, Any] = {":at": at}
    expression = "SET confirmed_at = :at"
    if ip:
        expression += ", confirm_ip = :ip"
        values[":ip"] = ip
    return {
        "Update": {
            "TableName": _name(),
            "Key": {"pk": _consent_pk(workspace_id, contact_id), "sk": key},
            "UpdateExpression": expression,
            "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(confirmed_at)",
            "ExpressionAttributeValues": values,
        }
    }


def consent_records(workspace_id: str, contact_id: str, limit: int = 1000) -> list[dict[str, Any]]:
    """A contact's consent records, newest first."""
    response = aws.table(TABLE).query(
        KeyConditionExpression=Key("pk").eq(_consent_pk(workspace_id, contact_id)),
        ScanIndexForward=False,
        Limit=limit,
    )
    return [i for i in (_out(item) for item in response.get("Items", [])) if i]


def delete_consent(workspace_id: str, contact_id: str) -> None:
    _delete_partition(_consent_pk(workspace_id, contact_id))


def _delete_partition(pk: str) -> None:
    table = aws.table(TABLE)
    query: dict[str, Any] = {"KeyConditionExpression": Key("pk").eq(pk)}
    with table.batch_writer() as batch:
        while True:
            page = table.query(**query, ProjectionExpression="pk, sk")
            for item in page.get("Items", []):
                batch.delete_item(Key={"pk": item["pk"], "sk": item["sk"]})
            if "LastEvaluatedKey" not in page:
                return
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


# --- pending memberships, by the time they expire ----------------------------------------------------


def _pending_key(workspace_id: str, list_id: str, contact_id: str, expires_at: str) -> dict[str, str]:
    return {
        "pk": f"PENDING#{shard_of(contact_id)}",
        "sk": f"{expires_at}#{workspace_id}#{list_id}#{contact_id}",
    }


def pending_put(workspace_id: str, list_id: str, contact_id: str, expires_at: str) -> dict[str, Any]:
    key = _pending_key(workspace_id, list_id, contact_id, expires_at)
    return {"Put": {"TableName": _name(), "Item": key}}


def pending_delete(workspace_id: str, list_id: str, contact_id: str, expires_at: str) -> dict[str, Any]:
    key = _pending_key(workspace_id, list_id, contact_id, expires_at)
    return {"Delete": {"TableName": _name(), "Key": key}}


@dataclass(frozen=True)
class PendingDue:
    workspace_id: str
    list_id: str
    contact_id: str
    expires_at: str


def pending_due(shard: int, until: str, limit: int = 100) -> list[PendingDue]:
    """Up to `limit` pending memberships of one shard that expire at `until` or before, oldest first."""
    response = aws.table(TABLE).query(
        KeyConditionExpression=Key("pk").eq(f"PENDING#{shard}") & Key("sk").lt(f"{until}$"),
        Limit=limit,
    )
    due = []
    for item in response.get("Items", []):
        expires_at, workspace_id, list_id, contact_id = item["sk"].split("#")
        due.append(PendingDue(workspace_id, list_id, contact_id, expires_at))
    return due


def forget_pending(due: PendingDue) -> None:
    aws.table(TABLE).delete_item(
        Key=_pending_key(due.workspace_id, due.list_id, due.contact_id, due.expires_at)
    )


# --- behavioural events (functions/events/ records them; the contact item is ours) ------------------
#
# The contact item's `events` map, name -> {count, first_at, last_at}, is what segment rules read
# (functions/segments/rules.py); an event is counted there in the same transaction that adds it to the
# contact's activity (above: pk = WS#<ws>#ACT#<id>). The events group runs that transaction, with these
# items first.

MAX_EVENT_NAMES = 100  # distinct names a contact's summary holds: its item is rewritten on every change


class TooManyEventNames(Exception):
    """The contact's summary already holds MAX_EVENT_NAMES names."""


def get_consistent(workspace_id: str, contact_id: str) -> dict[str, Any] | None:
    """The contact as last written (a strongly consistent read: after a condition failed on it)."""
    key = contact_key(workspace_id, contact_id)
    return _out(aws.table(TABLE).get_item(Key=key, ConsistentRead=True).get("Item"))


def ids_by_email(workspace_id: str, emails: list[str]) -> dict[str, str]:
    """email -> contact id for those of these (normalized) emails that have a contact (BatchGetItem)."""
    prefix = f"WS#{workspace_id}#E#"
    items = batch_get(_name(), [_email_key(workspace_id, e) for e in dict.fromkeys(emails)])
    return {item["pk"].removeprefix(prefix): item["contact_id"] for item in items}


def event_summary_update(
    workspace_id: str, contact_id: str, name: str, at: str, contact: dict[str, Any] | None
) -> dict[str, Any]:
    """The transaction item that counts one `name` event that occurred `at` in the contact's summary.

    DynamoDB has no MIN or MAX, and cannot SET `events.<name>` while `events` does not exist (a new contact
    has none: an empty map is not stored). So the update is written for the summary as the caller knows
    it, with a condition that holds exactly while what it relies on does; when it does not, the caller
    reads the contact (strongly) and asks again with it. A read first and a condition-guarded write, rather
    than one expression: min/max cannot be one, and the guess below makes most events a write alone.
    - `contact` None (not read): the guess that fits nearly every live event, that the name was counted
      before and this is its latest; the condition `last_at <= at` also says the contact exists.
    - no `events` map, or no entry for the name: the map or the entry is created, if still missing.
    - otherwise count += 1, and first_at / last_at move only if `at` is outside them, guarded by
      "still outside", so concurrent events (which only widen the bounds) rarely break the condition.
    The contact's version moves, so a concurrent full rewrite (`replace`) retries rather than dropping the
    count; `updated_at` does not: it tells when the contact's own fields changed.
    """
    values: dict[str, Any] = {":one": 1}
    names = {"#ev": "events", "#ver": "version", "#n": name}
    summaries = contact.get("events") if contact is not None else None
    one = {"count": 1, "first_at": at, "last_at": at}
    if contact is None:
        names.update({"#c": "count", "#l": "last_at"})
        update = "SET #ev.#n.#c = #ev.#n.#c + :one, #ev.#n.#l = :at ADD #ver :one"
        condition = "#ev.#n.#l <= :at"
        values[":at"] = at
    elif summaries is None:
        del names["#n"]
        update = "SET #ev = :map ADD #ver :one"
        condition = "attribute_exists(pk) AND attribute_not_exists(#ev)"
        values[":map"] = {name: one}
    elif name not in summaries:
        if len(summaries) >= MAX_EVENT_NAMES:
            raise TooManyEventNames
        update = "SET #ev.#n = :summary ADD #ver :one"
        condition = "attribute_exists(#ev) AND attribute_not_exists(#ev.#n) AND size(#ev) < :most"
        values.update({":summary": one, ":most": MAX_EVENT_NAMES})
    else:
        current = summaries[name]
        names["#c"] = "count"
        sets = ["#ev.#n.#c = #ev.#n.#c + :one"]
        conditions = ["attribute_exists(#ev.#n.#c)"]
        if at < str(current.get("first_at") or at):
            names["#f"] = "first_at"
            sets.append("#ev.#n.#f = :at")
            conditions.append("#ev.#n.#f > :at")
        if at > str(current.get("last_at") or at):
            names["#l"] = "last_at"
            sets.append("#ev.#n.#l = :at")
            conditions.append("#ev.#n.#l < :at")
        if len(sets) > 1:
            values[":at"] = at  # DynamoDB refuses a value (or a name) the expressions do not use
        update = f"SET {', '.join(sets)} ADD #ver :one"
        condition = " AND ".join(conditions)
    return {
        "Update": {
            "TableName": _name(),
            "Key": contact_key(workspace_id, contact_id),
            "UpdateExpression": update,
            "ConditionExpression": condition,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }
    }


def contact_exists_check(workspace_id: str, contact_id: str) -> dict[str, Any]:
    """A transaction item that writes nothing and fails when the contact is gone."""
    return {
        "ConditionCheck": {
            "TableName": _name(),
            "Key": contact_key(workspace_id, contact_id),
            "ConditionExpression": "attribute_exists(pk)",
        }
    }


def activity_put(
    workspace_id: str, contact_id: str, entry: dict[str, Any], expires_at: int
) -> dict[str, Any]:
    """The transaction item that adds an entry to the contact's activity."""
    return {
        "Put": {"TableName": _name(), "Item": _activity_item(workspace_id, contact_id, entry, expires_at)}
    }


def activity_at(workspace_id: str, contact_id: str, position: str) -> dict[str, Any] | None:
    """One activity entry of a contact by its position (its sort key), or None (expired, or erased)."""
    key = {"pk": f"WS#{workspace_id}#ACT#{contact_id}", "sk": position}
    return _out(aws.table(TABLE).get_item(Key=key, ConsistentRead=True).get("Item"))


# --- many contacts at once (POST /v1/contacts/batch, imports) -------------------------------------
# Transaction items the bulk writer (functions/contacts/bulk.py) packs, up to 100 a transaction: each
# contact's own items carry the conditions that keep it right (its email free, its version unchanged),
# and the counters of all the transaction's contacts are added once.


def new_contact_items(contact: dict[str, Any]) -> list[dict[str, Any]]:
    """The email's uniqueness item (free, or the transaction fails) and the contact, as `create` does."""
    name, ws = _name(), contact["workspace_id"]
    return [
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
    ]


def replaced_contact_item(contact: dict[str, Any], expected_version: int) -> dict[str, Any]:
    """The new version of a contact, on condition that it is still at `expected_version`."""
    return {
        "Put": {
            "TableName": _name(),
            "Item": _storable(contact),
            "ConditionExpression": "#v = :v",
            "ExpressionAttributeNames": {"#v": "version"},
            "ExpressionAttributeValues": {":v": expected_version},
        }
    }


def membership_put(contact: dict[str, Any], list_id: str, membership: dict[str, Any]) -> dict[str, Any]:
    return list_membership_items(contact, list_id, membership, {})[0]


def list_counts_item(workspace_id: str, list_id: str, shard: int, **deltas: int) -> dict[str, Any]:
    return _counts_update(list_prefix(workspace_id, list_id), shard, **deltas)


def counter_items(
    workspace_id: str, day: str, total: int, shard: int, **day_counts: int
) -> list[dict[str, Any]]:
    return _counters(workspace_id, day, total, shard, **day_counts)


def write_many(items: list[dict[str, Any]]) -> list[str] | None:
    """One transaction of at most 100 items. None: written; else nothing was, and why, item by item
    ('None' for an item that was not the cause)."""
    try:
        transact_bulk(items)
    except TransactionConflict as conflict:
        return conflict.reasons
    return None
