"""DynamoDB access for a campaign's audience and counters (table `sends`).

pk = WS#<ws>#CA#<campaign>#A#<shard>  sk = <first contact_id>  -> the shard's audience waiting to be sent,
                                                          fixed once: 50 [contact_id, email] pairs an
                                                          item (one send job), in contact-id order
pk = WS#<ws>#CA#<campaign>#R#<shard>  sk = <contact_id>  -> one recipient and its send state, written by
                                                          the first move (skipped at dispatch, or the
                                                          claim before its SES call): none yet = queued.
                                                          Sharded like contacts so a big send never heats
                                                          one key
pk = WS#<ws>#CA#<campaign>            sk = STATS          -> counters (atomic ADD), dispatched shards and
                                                          `progress_at`, when the send pipeline last moved
                                                          the campaign on (see recovery.py)

Why the audience is kept 50 to an item rather than as one queued record each: a recipient then costs one
write before sending (its claim) instead of two, and dispatching a million recipients writes 20,000
items, not a million.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from functions.core import aws
from functions.core.clock import iso, now
from functions.core.dynamo import batch_get, is_condition_failure, plain, update_if
from functions.core.settings import settings
from functions.core.sharding import SHARDS, shard_of

TABLE = "sends"


def _pk(workspace_id: str, campaign_id: str, shard: int) -> str:
    return f"WS#{workspace_id}#CA#{campaign_id}#R#{shard}"


def _stats_key(workspace_id: str, campaign_id: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#CA#{campaign_id}", "sk": "STATS"}


AUDIENCE_ITEM = 50  # members an audience item holds: one send job's worth


def _audience_pk(workspace_id: str, campaign_id: str, shard: int) -> str:
    return f"WS#{workspace_id}#CA#{campaign_id}#A#{shard}"


def add(workspace_id: str, campaign_id: str, contact_id: str, record: dict[str, Any]) -> bool:
    """Write a recipient once; False when it was already there (a retried dispatch)."""
    try:
        aws.table(TABLE).put_item(
            Item={"pk": _pk(workspace_id, campaign_id, shard_of(contact_id)), "sk": contact_id, **record},
            ConditionExpression="attribute_not_exists(pk)",
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def fix_audience(workspace_id: str, campaign_id: str, shard: int, members: list[tuple[str, str]]) -> None:
    """The shard's waiting audience, `(contact_id, email)` pairs, 50 an item in contact-id order.

    A dispatch that runs again before its shard was marked dispatched (it crashed) writes the same items
    again; the items of an earlier run that the new one does not write are deleted, so the audience is
    the last run's.
    """
    members = sorted(dict(members).items())
    items = [
        {"sk": members[i][0], "members": [list(m) for m in members[i : i + AUDIENCE_ITEM]]}
        for i in range(0, len(members), AUDIENCE_ITEM)
    ]
    pk = _audience_pk(workspace_id, campaign_id, shard)
    earlier = {str(i["sk"]) for i in _audience_items(pk, keys_only=True)} - {i["sk"] for i in items}
    with aws.table(TABLE).batch_writer() as batch:
        for item in items:
            batch.put_item(Item={"pk": pk, **item})
        for sk in earlier:
            batch.delete_item(Key={"pk": pk, "sk": sk})


def _audience_items(
    pk: str, *, keys_only: bool = False, after: str | None = None
) -> Iterator[dict[str, Any]]:
    """The audience items of a shard in order, read a page at a time as they are used; from the one
    holding contact `after` (it starts at or before it), if given."""
    query: dict[str, Any] = {"KeyConditionExpression": Key("pk").eq(pk)}
    if keys_only:
        query["ProjectionExpression"] = "sk"
    if after is not None:
        holding = aws.table(TABLE).query(
            KeyConditionExpression=Key("pk").eq(pk) & Key("sk").lte(after), ScanIndexForward=False, Limit=1
        )
        yield from holding.get("Items", [])
        query["KeyConditionExpression"] &= Key("sk").gt(after)
    while True:
        page = aws.table(TABLE).query(**query)
        yield from page.get("Items", [])
        if "LastEvaluatedKey" not in page:
            return
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def audience(workspace_id: str, campaign_id: str, shard: int) -> list[tuple[str, str]]:
    """The shard's audience waiting when it was fixed: `(contact_id, email)`, in contact-id order."""
    items = _audience_items(_audience_pk(workspace_id, campaign_id, shard))
    return sorted({str(c): str(e) for i in items for c, e in i["members"]}.items())


def _records(
    workspace_id: str, campaign_id: str, shard: int, contact_ids: list[str]
) -> dict[str, dict[str, Any]]:
    pk = _pk(workspace_id, campaign_id, shard)
    found = batch_get(aws.table(TABLE).name, [{"pk": pk, "sk": c} for c in dict.fromkeys(contact_ids)])
    return {str(r["sk"]): plain(r) for r in found}


def get(workspace_id: str, campaign_id: str, contact_id: str) -> dict[str, Any] | None:
    key = {"pk": _pk(workspace_id, campaign_id, shard_of(contact_id)), "sk": contact_id}
    item = aws.table(TABLE).get_item(Key=key).get("Item")
    return plain(item) if item else None


def of_contact(workspace_id: str, campaign_ids: list[str], contact_id: str) -> dict[str, dict[str, Any]]:
    """A contact's recipient records in these campaigns, by campaign id (BatchGetItem)."""
    shard = shard_of(contact_id)
    keys = [{"pk": _pk(workspace_id, c, shard), "sk": contact_id} for c in dict.fromkeys(campaign_ids)]
    found = batch_get(aws.table(TABLE).name, keys)
    return {str(r["pk"]).split("#CA#", 1)[1].split("#R#", 1)[0]: plain(r) for r in found}


def queued_in_shard(workspace_id: str, campaign_id: str, shard: int) -> list[dict[str, Any]]:
    """Who in the shard's audience is still waiting: no record yet, or put back to `queued` (throttled)."""
    members = audience(workspace_id, campaign_id, shard)
    records = _records(workspace_id, campaign_id, shard, [c for c, _ in members])
    return [
        {"contact_id": c, "email": e, "state": "queued"}
        for c, e in members
        if records.get(c, {}).get("state", "queued") == "queued"
    ]


def move(
    workspace_id: str,
    campaign_id: str,
    contact_id: str,
    to: str,
    *,
    only_from: tuple[str, ...],
    **fields: Any,
) -> bool:
    """Change a recipient's state only from one of `only_from`; False if it was not in one of them."""
    if only_from == ("queued",):
        return _write_first(workspace_id, campaign_id, contact_id, to, **fields)
    names = {"#s": "state", **{f"#f{i}": k for i, k in enumerate(fields)}}
    values: dict[str, Any] = {":to": to, **{f":v{i}": v for i, v in enumerate(fields.values())}}
    sets = ["#s = :to", *(f"#f{i} = :v{i}" for i in range(len(fields)))]
    allowed = [f":from{i}" for i in range(len(only_from))]
    values.update({f":from{i}": s for i, s in enumerate(only_from)})
    condition = f"#s IN ({', '.join(allowed)})"
    # A waiting recipient has no record yet (queued): moving it from `queued` writes the record.
    exists = "attribute_not_exists(pk) OR" if "queued" in only_from else "attribute_exists(pk) AND"
    try:
        aws.table(TABLE).update_item(
            Key={"pk": _pk(workspace_id, campaign_id, shard_of(contact_id)), "sk": contact_id},
            UpdateExpression="SET " + ", ".join(sets),
            ConditionExpression=f"{exists} ({condition})",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def _write_first(workspace_id: str, campaign_id: str, contact_id: str, to: str, **fields: Any) -> bool:
    """A waiting recipient's move: its whole record in one put (a queued recipient has no record, or one
    put back by a throttled send that holds nothing worth keeping). A put costs AWS what an update does,
    and the local runtime half (moto validates every update expression)."""
    item = {
        "pk": _pk(workspace_id, campaign_id, shard_of(contact_id)),
        "sk": contact_id,
        **fields,
        "state": to,
    }
    try:
        aws.table(TABLE).put_item(
            Item=item,
            ConditionExpression="attribute_not_exists(pk) OR #s = :queued",
            ExpressionAttributeNames={"#s": "state"},
            ExpressionAttributeValues={":queued": "queued"},
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def count(workspace_id: str, campaign_id: str, *, progressed: bool = False, **deltas: int) -> dict[str, Any]:
    """Add to the campaign's counters; the new counters.

    `progressed`: the send pipeline moved the campaign on (a batch done, even one that counted nothing,
    such as a batch SES throttled that went back to the queue with a delay): `progress_at` is stamped in
    the same write. Opens, clicks, feedback and unsubscribes are not progress of the sending."""
    deltas = {k: v for k, v in deltas.items() if v}
    if not deltas and not progressed:
        return stats(workspace_id, campaign_id)
    names = {f"#{k}": k for k in deltas}
    values: dict[str, Any] = {f":{k}": v for k, v in deltas.items()}
    update = []
    if progressed:
        values[":at"] = iso(now())
        update.append("SET progress_at = :at")
    if deltas:
        update.append("ADD " + ", ".join(f"#{k} :{k}" for k in deltas))
    response = aws.table(TABLE).update_item(
        Key=_stats_key(workspace_id, campaign_id),
        UpdateExpression=" ".join(update),
        **({"ExpressionAttributeNames": names} if names else {}),
        ExpressionAttributeValues=values,
        ReturnValues="ALL_NEW",
    )
    return plain(response["Attributes"])


def mark_dispatched(
    workspace_id: str, campaign_id: str, shard: int, recipients: int, skipped: int
) -> dict[str, Any]:
    """Count a dispatched shard once (a retried dispatch adds nothing twice); progress when it does."""
    try:
        response = aws.table(TABLE).update_item(
            Key=_stats_key(workspace_id, campaign_id),
            UpdateExpression="SET progress_at = :at ADD dispatched :shard, recipients :n, skipped :k",
            ConditionExpression="NOT contains(dispatched, :one)",
            ExpressionAttributeValues={
                ":at": iso(now()),
                ":shard": {str(shard)},
                ":one": str(shard),
                ":n": recipients,
                ":k": skipped,
            },
            ReturnValues="ALL_NEW",
        )
    except ClientError as exc:
        if not is_condition_failure(exc):
            raise
        return stats(workspace_id, campaign_id)
    return plain(response["Attributes"])


def count_again_later(workspace_id: str, campaign_id: str) -> dict[str, Any]:
    """Flag the counters as possibly short (a crashed batch): the finish checks them against the records.

    Only the send pipeline calls it (a redelivered batch, the DLQ): progress too."""
    response = aws.table(TABLE).update_item(
        Key=_stats_key(workspace_id, campaign_id),
        UpdateExpression="SET recount = :yes, progress_at = :at",
        ExpressionAttributeValues={":yes": True, ":at": iso(now())},
        ReturnValues="ALL_NEW",
    )
    return plain(response["Attributes"])


def claim_stalled(workspace_id: str, campaign_id: str, silent_since: str) -> dict[str, Any] | None:
    """Stamp progress now only if nothing progressed after `silent_since`; the new counters, or None when
    something did. Of two resumes of a stalled campaign, one wins: the other finds the stamp of the first."""
    try:
        response = aws.table(TABLE).update_item(
            Key=_stats_key(workspace_id, campaign_id),
            UpdateExpression="SET progress_at = :at",
            ConditionExpression="attribute_not_exists(progress_at) OR progress_at <= :since",
            ExpressionAttributeValues={":at": iso(now()), ":since": silent_since},
            ReturnValues="ALL_NEW",
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            return None
        raise
    return plain(response["Attributes"])


SENT_STATES = ("sent", "delivered", "bounced", "complained")


def settle_s() -> int:
    """How long after a sender settles a recipient it may still be counting it (> the sender's timeout)."""
    return settings().recount_settle_s


class RecentlySettled(Exception):
    """A recount now could miss a count a worker is still about to add (or a send still in flight)."""

    def __init__(self, wait_s: int) -> None:
        super().__init__(wait_s)
        self.wait_s = wait_s


def settle(
    workspace_id: str,
    campaign_id: str,
    contact_id: str,
    to: str,
    *,
    only_from: tuple[str, ...],
    **fields: Any,
) -> bool:
    """A sender (or cancel, or the DLQ) moves a recipient: stamped, so a recount knows it is recent."""
    return move(
        workspace_id, campaign_id, contact_id, to, only_from=only_from, settled_at=iso(now()), **fields
    )


def recount(workspace_id: str, campaign_id: str) -> dict[str, Any] | None:
    """Exact sent/failed/skipped from the records, once nobody is waiting or being sent; else None.

    Those states are final (feedback only moves among the sent ones), so the counts cannot change after.
    RecentlySettled when a recipient was settled less than settle_s() ago: its worker may still be in
    the SES call (a sent recipient can go back to queued) or about to add its counts.
    """
    totals = {"sent": 0, "failed": 0, "skipped": 0}
    expected = int(stats(workspace_id, campaign_id).get("recipients", 0))
    recent = iso(now() - timedelta(seconds=settle_s()))
    for shard in range(SHARDS):
        query: dict[str, Any] = {
            "KeyConditionExpression": Key("pk").eq(_pk(workspace_id, campaign_id, shard)),
            "ProjectionExpression": "#s, settled_at",
            "ExpressionAttributeNames": {"#s": "state"},
        }
        while True:
            page = aws.table(TABLE).query(**query)
            for item in page.get("Items", []):
                state = item.get("state")
                if state == "queued":
                    return None
                if str(item.get("settled_at", "")) > recent:
                    raise RecentlySettled(settle_s())
                totals["sent" if state in SENT_STATES else str(state)] += 1
            if "LastEvaluatedKey" not in page:
                break
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    if sum(totals.values()) < expected:
        return None  # someone in the audience has no record yet: still waiting
    response = aws.table(TABLE).update_item(
        Key=_stats_key(workspace_id, campaign_id),
        UpdateExpression="SET sent = :sent, failed = :failed, skipped = :skipped REMOVE recount",
        ExpressionAttributeValues={f":{k}": v for k, v in totals.items()},
        ReturnValues="ALL_NEW",
    )
    return plain(response["Attributes"])


def stats(workspace_id: str, campaign_id: str) -> dict[str, Any]:
    item = aws.table(TABLE).get_item(Key=_stats_key(workspace_id, campaign_id)).get("Item")
    return plain(item) if item else {}


def page(
    workspace_id: str, campaign_id: str, state: str | None, shard: int, after: str | None, limit: int
) -> list[dict[str, Any]]:
    """Up to `limit` recipients of a shard after contact `after`, in contact-id order, each with its state
    (`queued` for whoever in the audience has no record yet)."""
    if state not in (None, "queued"):
        rows = _records_page(workspace_id, campaign_id, state, shard, after, limit)
        return _with_emails(workspace_id, campaign_id, shard, rows)
    waiting: list[dict[str, Any]] = []
    for item in _audience_items(_audience_pk(workspace_id, campaign_id, shard), after=after):
        members = [
            {"sk": c, "contact_id": c, "email": e, "state": "queued"}
            for c, e in item["members"]
            if after is None or str(c) > after
        ]
        if state == "queued":  # without a record, or put back to queued (throttled)
            done = _records(workspace_id, campaign_id, shard, [m["sk"] for m in members])
            members = [m for m in members if done.get(m["sk"], {}).get("state", "queued") == "queued"]
        waiting.extend(members)
        if len(waiting) >= limit:
            break
    waiting = sorted(waiting, key=lambda r: r["sk"])[:limit]
    if state == "queued":
        return waiting
    records = _records_page(workspace_id, campaign_id, None, shard, after, limit)
    merged = {r["sk"]: r for r in waiting} | {r["sk"]: r for r in records}
    return _with_emails(workspace_id, campaign_id, shard, [merged[k] for k in sorted(merged)][:limit])


def _records_page(
    workspace_id: str, campaign_id: str, state: str | None, shard: int, after: str | None, limit: int
) -> list[dict[str, Any]]:
    key = Key("pk").eq(_pk(workspace_id, campaign_id, shard))
    if after:
        key &= Key("sk").gt(after)
    query: dict[str, Any] = {"KeyConditionExpression": key}
    if state:
        query["FilterExpression"] = Attr("state").eq(state)
    found: list[dict[str, Any]] = []
    while len(found) < limit:
        response = aws.table(TABLE).query(**query, Limit=max(limit, 100))
        found.extend(plain(i) for i in response.get("Items", []))
        if "LastEvaluatedKey" not in response:
            break
        query["ExclusiveStartKey"] = response["LastEvaluatedKey"]
    return found[:limit]


def _with_emails(
    workspace_id: str, campaign_id: str, shard: int, rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each row with its contact id, and its address: records written without it (cancelled, failed by
    the DLQ) take it from the audience."""
    emails = {} if all(r.get("email") for r in rows) else dict(audience(workspace_id, campaign_id, shard))
    return [{**r, "contact_id": r["sk"], "email": r.get("email") or emails.get(r["sk"], "")} for r in rows]


def mark_first(workspace_id: str, campaign_id: str, contact_id: str, field: str, **also: str) -> bool:
    """Set `field` to now on the recipient if it was never set, and `also` in the same write; True the
    first time (the contact's activity reads these times: see messages.py)."""
    names = {"#f": field, **{f"#a{i}": k for i, k in enumerate(also)}}
    values = {":now": iso(now()), **{f":a{i}": v for i, v in enumerate(also.values())}}
    sets = ["#f = :now", *(f"#a{i} = :a{i}" for i in range(len(also)))]
    try:
        aws.table(TABLE).update_item(
            Key={"pk": _pk(workspace_id, campaign_id, shard_of(contact_id)), "sk": contact_id},
            UpdateExpression="SET " + ", ".join(sets),
            ConditionExpression="attribute_exists(pk) AND attribute_not_exists(#f)",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def add_to_set(workspace_id: str, campaign_id: str, contact_id: str, field: str, value: str) -> bool:
    """Add `value` to a set on the recipient; True when it was not there yet."""
    return update_if(
        aws.table(TABLE),
        Key={"pk": _pk(workspace_id, campaign_id, shard_of(contact_id)), "sk": contact_id},
        UpdateExpression="ADD #f :v",
        ConditionExpression="attribute_exists(pk) AND NOT contains(#f, :one)",
        ExpressionAttributeNames={"#f": field},
        ExpressionAttributeValues={":v": {value}, ":one": value},
    )


def count_link(workspace_id: str, campaign_id: str, link: str, url: str, *, unique: bool) -> None:
    """pk = WS#<ws>#CA#<campaign>  sk = LINK#<hash>  -> clicks of one link (atomic ADD)."""
    aws.table(TABLE).update_item(
        Key={"pk": f"WS#{workspace_id}#CA#{campaign_id}", "sk": f"LINK#{link}"},
        UpdateExpression="SET #u = :url ADD clicks :one, unique_clicks :unique",
        ExpressionAttributeNames={"#u": "url"},
        ExpressionAttributeValues={":url": url, ":one": 1, ":unique": 1 if unique else 0},
    )


def links(workspace_id: str, campaign_id: str) -> list[dict[str, Any]]:
    items = aws.table(TABLE).query(
        KeyConditionExpression=Key("pk").eq(f"WS#{workspace_id}#CA#{campaign_id}")
        & Key("sk").begins_with("LINK#")
    )["Items"]
    return [
        {"url": i["url"], "clicks": int(i["clicks"]), "unique_clicks": int(i["unique_clicks"])} for i in items
    ]
