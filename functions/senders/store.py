"""DynamoDB access for senders and domains (table `catalog`).

pk = WS#<ws>#SENDER   sk = S#<sender_id>   -> a sender; a workspace's senders newest first
pk = ACCKEY#<key>     sk = ACCKEY          -> account_key -> (workspace, sender): compose's lookup
pk = WS#<ws>#DOMAIN   sk = D#<domain_id>   -> a sending domain
pk = IDENTITY#<name>  sk = IDENTITY        -> which workspace owns an SES identity (domain or address):
                                              SES identities are account-wide, workspaces must not share
"""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Key

from functions.core import aws
from functions.core.dynamo import TransactionConflict, query_page, transact, without_keys

TABLE = "catalog"


def _name() -> str:
    return aws.table(TABLE).name


def _sender_key(workspace_id: str, sender_id: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#SENDER", "sk": f"S#{sender_id}"}


def _domain_key(workspace_id: str, domain_id: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#DOMAIN", "sk": f"D#{domain_id}"}


def _identity_key(identity: str) -> dict[str, str]:
    return {"pk": f"IDENTITY#{identity}", "sk": "IDENTITY"}


def identity_owner(identity: str) -> str | None:
    item = aws.table(TABLE).get_item(Key=_identity_key(identity)).get("Item")
    return item["workspace_id"] if item else None


def claim_identity(identity: str, workspace_id: str) -> bool:
    """Own an SES identity; False when another workspace already does."""
    try:
        transact(
            [
                {
                    "Put": {
                        "TableName": _name(),
                        "Item": {**_identity_key(identity), "workspace_id": workspace_id},
                        "ConditionExpression": "attribute_not_exists(pk) OR workspace_id = :ws",
                        "ExpressionAttributeValues": {":ws": workspace_id},
                    }
                }
            ]
        )
    except TransactionConflict:
        return False
    return True


def release_identity(identity: str) -> None:
    aws.table(TABLE).delete_item(Key=_identity_key(identity))


# --- senders ---------------------------------------------------------------------------------


def put_sender(item: dict[str, Any]) -> None:
    transact(
        [
            {
                "Put": {
                    "TableName": _name(),
                    "Item": {**_sender_key(item["workspace_id"], item["id"]), **item},
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            },
            {
                "Put": {
                    "TableName": _name(),
                    "Item": {
                        "pk": f"ACCKEY#{item['account_key']}",
                        "sk": "ACCKEY",
                        "workspace_id": item["workspace_id"],
                        "sender_id": item["id"],
                    },
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            },
        ]
    )


def replace_sender(item: dict[str, Any]) -> None:
    aws.table(TABLE).put_item(
        Item={**_sender_key(item["workspace_id"], item["id"]), **item},
        ConditionExpression="attribute_exists(pk)",
    )


def get_sender(workspace_id: str, sender_id: str) -> dict[str, Any] | None:
    return without_keys(aws.table(TABLE).get_item(Key=_sender_key(workspace_id, sender_id)).get("Item"))


def sender_by_account_key(account_key: str) -> dict[str, Any] | None:
    found = aws.table(TABLE).get_item(Key={"pk": f"ACCKEY#{account_key}", "sk": "ACCKEY"}).get("Item")
    return get_sender(found["workspace_id"], found["sender_id"]) if found else None


def senders_page(
    workspace_id: str, limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    items, next_cursor = query_page(
        aws.table(TABLE),
        scope=f"senders:{workspace_id}",
        limit=limit,
        cursor=cursor,
        KeyConditionExpression=Key("pk").eq(f"WS#{workspace_id}#SENDER"),
        ScanIndexForward=False,
    )
    return [i for i in (without_keys(i) for i in items) if i], next_cursor


def delete_sender(item: dict[str, Any]) -> None:
    transact(
        [
            {
                "Delete": {
                    "TableName": _name(),
                    "Key": _sender_key(item["workspace_id"], item["id"]),
                    "ConditionExpression": "attribute_exists(pk)",
                }
            },
            {
                "Delete": {
                    "TableName": _name(),
                    "Key": {"pk": f"ACCKEY#{item['account_key']}", "sk": "ACCKEY"},
                }
            },
        ]
    )


# --- domains ---------------------------------------------------------------------------------


def put_domain(item: dict[str, Any]) -> None:
    aws.table(TABLE).put_item(Item={**_domain_key(item["workspace_id"], item["id"]), **item})


def get_domain(workspace_id: str, domain_id: str) -> dict[str, Any] | None:
    return without_keys(aws.table(TABLE).get_item(Key=_domain_key(workspace_id, domain_id)).get("Item"))


def domains_page(
    workspace_id: str, limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    items, next_cursor = query_page(
        aws.table(TABLE),
        scope=f"domains:{workspace_id}",
        limit=limit,
        cursor=cursor,
        KeyConditionExpression=Key("pk").eq(f"WS#{workspace_id}#DOMAIN"),
        ScanIndexForward=False,
    )
    return [i for i in (without_keys(i) for i in items) if i], next_cursor


def delete_domain(workspace_id: str, domain_id: str) -> None:
    aws.table(TABLE).delete_item(Key=_domain_key(workspace_id, domain_id))
