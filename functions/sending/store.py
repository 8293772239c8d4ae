"""DynamoDB access for what was sent (table `sends`).

pk = WS#<ws>#MSG#<message_id>   sk = MSG        -> a message and its state (sent, delivered, bounced...)
pk = SES#<ses_message_id>       sk = SES        -> SES's message id -> (workspace, message): feedback lookup
pk = WS#<ws>#SENDER#<sender>    sk = DAY#<day>  -> messages a sender sent that UTC day (atomic ADD)
pk = WS#<ws>#USAGE              sk = DAY#<day>  -> messages the workspace sent that day (account usage)
pk = WS#<ws>#SUPPRESSION        sk = <email>    -> addresses never sent to again (bounces, complaints)

Table `idempotency` (short-lived bookkeeping with a TTL), the whole AWS account's SES limits:
id = ses-rate#<window>    -> messages sent in one time window of the send rate (ADD under its capacity)
id = ses-day#<day>        -> campaign messages counted against that UTC day's SES quota
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from functions.core import aws
from functions.core.dynamo import add_within, batch_get, is_condition_failure, plain

TABLE = "sends"


def reserve(workspace_id: str, sender_id: str, day: str, count: int, limit: int) -> bool:
    """Count `count` messages against the sender's day, only if that stays within `limit`."""
    key = {"pk": f"WS#{workspace_id}#SENDER#{sender_id}", "sk": f"DAY#{day}"}
    return add_within(aws.table(TABLE), key, "sent", count, limit)


def release(workspace_id: str, sender_id: str, day: str, count: int) -> None:
    aws.table(TABLE).update_item(
        Key={"pk": f"WS#{workspace_id}#SENDER#{sender_id}", "sk": f"DAY#{day}"},
        UpdateExpression="ADD sent :n",
        ExpressionAttributeValues={":n": -count},
    )


def count_usage(workspace_id: str, day: str, count: int) -> None:
    aws.table(TABLE).update_item(
        Key={"pk": f"WS#{workspace_id}#USAGE", "sk": f"DAY#{day}"},
        UpdateExpression="ADD sent :n",
        ExpressionAttributeValues={":n": count},
    )


def usage(workspace_id: str, day: str) -> int:
    item = aws.table(TABLE).get_item(Key={"pk": f"WS#{workspace_id}#USAGE", "sk": f"DAY#{day}"}).get("Item")
    return int(item["sent"]) if item else 0


def message_items(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Transaction items for a sent message and its SES lookup (none when SES's answer was lost)."""
    name = aws.table(TABLE).name
    key = {"pk": f"WS#{message['workspace_id']}#MSG#{message['message_id']}", "sk": "MSG"}
    items = [{"Put": {"TableName": name, "Item": {**key, **message}}}]
    if message.get("ses_message_id"):
        lookup = {
            "pk": f"SES#{message['ses_message_id']}",
            "sk": "SES",
            "workspace_id": message["workspace_id"],
            "message_id": message["message_id"],
            "expires_at": message["expires_at"],
        }
        items.append({"Put": {"TableName": name, "Item": lookup}})
    return items


def get_message(workspace_id: str, message_id: str) -> dict[str, Any] | None:
    item = (
        aws.table(TABLE).get_item(Key={"pk": f"WS#{workspace_id}#MSG#{message_id}", "sk": "MSG"}).get("Item")
    )
    return plain(item) if item else None


def by_ses_id(ses_message_id: str) -> dict[str, Any] | None:
    item = aws.table(TABLE).get_item(Key={"pk": f"SES#{ses_message_id}", "sk": "SES"}).get("Item")
    return plain(item) if item else None


def advance(workspace_id: str, message_id: str, state: str, at: str, detail: dict[str, Any]) -> bool:
    """Move a message to `state` once (a redelivered SES event changes nothing). False: already there."""
    try:
        aws.table(TABLE).update_item(
            Key={"pk": f"WS#{workspace_id}#MSG#{message_id}", "sk": "MSG"},
            UpdateExpression="SET #s = :s, #at = :at, #d = :d ADD #seen :set",
            ConditionExpression="attribute_exists(pk) AND NOT contains(#seen, :s)",
            ExpressionAttributeNames={
                "#s": "state",
                "#at": f"{state}_at",
                "#d": f"{state}_detail",
                "#seen": "states",
            },
            ExpressionAttributeValues={":s": state, ":at": at, ":d": detail, ":set": {state}},
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def suppression(workspace_id: str, email: str) -> dict[str, Any] | None:
    item = aws.table(TABLE).get_item(Key={"pk": f"WS#{workspace_id}#SUPPRESSION", "sk": email}).get("Item")
    return plain(item) if item else None


def suppressions(workspace_id: str, emails: list[str]) -> dict[str, dict[str, Any]]:
    """The suppression entries of these addresses that exist, by address (BatchGetItem)."""
    keys = [{"pk": f"WS#{workspace_id}#SUPPRESSION", "sk": e} for e in dict.fromkeys(emails)]
    return {str(item["sk"]): plain(item) for item in batch_get(aws.table(TABLE).name, keys)}


def suppress(workspace_id: str, email: str, reason: str, at: str) -> None:
    aws.table(TABLE).put_item(
        Item={"pk": f"WS#{workspace_id}#SUPPRESSION", "sk": email, "email": email, "reason": reason, "at": at}
    )


# --- the account's SES limits (idempotency table) ---------------------------------------------


def add_account_count(key: str, count: int, limit: int, expires: int) -> bool:
    """ADD `count` to the account counter `key` (ses-rate#..., ses-day#...) if it stays within `limit`."""
    return add_within(aws.table("idempotency"), {"id": key}, "used", count, limit, expires=expires)


def account_count(key: str) -> int:
    item = aws.table("idempotency").get_item(Key={"id": key}, ConsistentRead=True).get("Item") or {}
    return int(item.get("used", 0))


def release_account_count(key: str, count: int) -> None:
    aws.table("idempotency").update_item(
        Key={"id": key},
        UpdateExpression="ADD #n :n",
        ExpressionAttributeNames={"#n": "used"},
        ExpressionAttributeValues={":n": -count},
    )
