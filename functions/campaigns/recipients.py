"""DynamoDB access for a campaign's audience and counters (table `sends`).

pk = WS#<ws>#CA#<campaign>#R#<shard>  sk = <contact_id>  -> one recipient and its send state, written
                                                          once when the audience is fixed; sharded like
                                                          contacts so a big send never heats one key
pk = WS#<ws>#CA#<campaign>            sk = STATS          -> counters (atomic ADD), dispatched shards and
                                                          `progress_at`, when the send pipeline last moved
                                                          the campaign on (see recovery.py)
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from functions.core import aws
from functions.core.clock import iso, now
from functions.core.dynamo import is_condition_failure, plain
from functions.core.settings import settings
from functions.core.sharding import SHARDS, shard_of

TABLE = "sends"


def _pk(workspace_id: str, campaign_id: str, shard: int) -> str:
    return f"WS#{workspace_id}#CA#{campaign_id}#R#{shard}"


def _stats_key(workspace_id: str, campaign_id: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#CA#{campaign_id}", "sk": "STATS"}


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


def get(workspace_id: str, campaign_id: str, contact_id: str) -> dict[str, Any] | None:
    key = {"pk": _pk(workspace_id, campaign_id, shard_of(contact_id)), "sk": contact_id}
    item = aws.table(TABLE).get_item(Key=key).get("Item")
    return plain(item) if item else None


def queued_in_shard(workspace_id: str, campaign_id: str, shard: int) -> list[dict[str, Any]]:
    query: dict[str, Any] = {
        "KeyConditionExpression": Key("pk").eq(_pk(workspace_id, campaign_id, shard)),
        "FilterExpression": Attr("state").eq("queued"),
    }
    found: list[dict[str, Any]] = []
    while True:
        page = aws.table(TABLE).query(**query)
        found.extend(plain(i) for i in page.get("Items", []))
        if "LastEvaluatedKey" not in page:
            return found
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


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
    names = {"#s": "state", **{f"#f{i}": k for i, k in enumerate(fields)}}
    values: dict[str, Any] = {":to": to, **{f":v{i}": v for i, v in enumerate(fields.values())}}
    sets = ["#s = :to", *(f"#f{i} = :v{i}" for i in range(len(fields)))]
    allowed = [f":from{i}" for i in range(len(only_from))]
    values.update({f":from{i}": s for i, s in enumerate(only_from)})
    condition = f"#s IN ({', '.join(allowed)})"
    try:
        aws.table(TABLE).update_item(
            Key={"pk": _pk(workspace_id, campaign_id, shard_of(contact_id)), "sk": contact_id},
            UpdateExpression="SET " + ", ".join(sets),
            ConditionExpression=f"attribute_exists(pk) AND ({condition})",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
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


def mark_first(workspace_id: str, campaign_id: str, contact_id: str, field: str) -> bool:
    """Set `field` to now on the recipient if it was never set; True the first time."""
    from functions.core.clock import now_iso

    try:
        aws.table(TABLE).update_item(
            Key={"pk": _pk(workspace_id, campaign_id, shard_of(contact_id)), "sk": contact_id},
            UpdateExpression="SET #f = :now",
            ConditionExpression="attribute_exists(pk) AND attribute_not_exists(#f)",
            ExpressionAttributeNames={"#f": field},
            ExpressionAttributeValues={":now": now_iso()},
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def add_to_set(workspace_id: str, campaign_id: str, contact_id: str, field: str, value: str) -> bool:
    """Add `value` to a set on the recipient; True when it was not there yet."""
    try:
        aws.table(TABLE).update_item(
            Key={"pk": _pk(workspace_id, campaign_id, shard_of(contact_id)), "sk": contact_id},
            UpdateExpression="ADD #f :v",
            ConditionExpression="attribute_exists(pk) AND NOT contains(#f, :one)",
            ExpressionAttributeNames={"#f": field},
            ExpressionAttributeValues={":v": {value}, ":one": value},
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


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
