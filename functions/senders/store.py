"""DynamoDB access for senders and domains (table `catalog`).

pk = WS#<ws>#SENDER   sk = S#<sender_id>   -> a sender; a workspace's senders newest first
pk = ACCKEY#<key>     sk = ACCKEY          -> account_key -> (workspace, sender): compose's lookup
pk = WS#<ws>#DOMAIN   sk = D#<domain_id>   -> a sending domain: a workspace's claim until it proves it
pk = DOMAIN#<name>    sk = WS#<ws>         -> the same claim by name: one per workspace and domain; every
                                              workspace that claims a domain (one query)
pk = IDENTITY#<name>  sk = IDENTITY        -> which workspace holds an SES identity (SES identities are
                                              account-wide, workspaces must not share one):
    a domain:  the workspace that proved it with its TXT record (`proven_at`); unproven claims write nothing
    an address: the workspace whose sender asked SES to verify it (`claimed_at`): SES mails one link and
               cannot say which workspace asked, so one workspace at a time
    Items without `proven_at`/`claimed_at` were written before proof was required: they own nothing.
"""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from functions.core import aws
from functions.core.dynamo import (
    TransactionConflict,
    is_condition_failure,
    plain,
    query_page,
    transact,
    without_keys,
)

TABLE = "catalog"


class DomainExists(Exception):
    """The workspace already has a claim of this domain."""


def _name() -> str:
    return aws.table(TABLE).name


def _sender_key(workspace_id: str, sender_id: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#SENDER", "sk": f"S#{sender_id}"}


def _domain_key(workspace_id: str, domain_id: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#DOMAIN", "sk": f"D#{domain_id}"}


def _claim_key(domain: str, workspace_id: str) -> dict[str, str]:
    return {"pk": f"DOMAIN#{domain}", "sk": f"WS#{workspace_id}"}


def _identity_key(identity: str) -> dict[str, str]:
    return {"pk": f"IDENTITY#{identity}", "sk": "IDENTITY"}


def _identity(identity: str) -> dict[str, Any] | None:
    return without_keys(aws.table(TABLE).get_item(Key=_identity_key(identity)).get("Item"))


def _put_if(item: dict[str, Any], condition: str, values: dict[str, Any]) -> bool:
    extra = {"ExpressionAttributeValues": values} if values else {}
    try:
        aws.table(TABLE).put_item(Item=item, ConditionExpression=condition, **extra)
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def _release(identity: str, workspace_id: str) -> None:
    try:
        aws.table(TABLE).delete_item(
            Key=_identity_key(identity),
            ConditionExpression="workspace_id = :ws",
            ExpressionAttributeValues={":ws": workspace_id},
        )
    except ClientError as exc:
        if not is_condition_failure(exc):
            raise


def domain_owner(domain: str) -> str | None:
    """The workspace that proved `domain`, if one did."""
    item = _identity(domain)
    return item["workspace_id"] if item and item.get("proven_at") else None


def take_domain(domain: str, workspace_id: str, at: str, *, from_owner: str | None = None) -> bool:
    """Own `domain` (its proof was found): False when another workspace owns it, unless it is `from_owner`,
    whose own proof is gone. One conditional write, so two proofs at once leave one owner."""
    condition = "attribute_not_exists(pk) OR attribute_not_exists(proven_at) OR workspace_id = :ws"
    values = {":ws": workspace_id}
    if from_owner:
        condition += " OR workspace_id = :was"
        values[":was"] = from_owner
    item = {**_identity_key(domain), "workspace_id": workspace_id, "proven_at": at}
    return _put_if(item, condition, values)


def release_domain(domain: str, workspace_id: str) -> None:
    """Give up owning `domain`, if this workspace does."""
    _release(domain, workspace_id)


def address_claim(address: str) -> dict[str, Any] | None:
    """{workspace_id, claimed_at?} of the workspace whose sender claimed `address`."""
    return _identity(address)


def claim_address(
    address: str, workspace_id: str, at: str, *, replacing: dict[str, Any] | None = None
) -> bool:
    """Claim `address` for this workspace: when nobody has, or in place of `replacing` (a claim seen expired)
    if it is still that one; False otherwise."""
    values: dict[str, Any] = {}
    if replacing is None:
        condition = "attribute_not_exists(pk)"
    else:
        values[":was"] = replacing["workspace_id"]
        if replacing.get("claimed_at"):
            condition = "workspace_id = :was AND claimed_at = :at"
            values[":at"] = replacing["claimed_at"]
        else:
            condition = "workspace_id = :was AND attribute_not_exists(claimed_at)"
    item = {**_identity_key(address), "workspace_id": workspace_id, "claimed_at": at}
    return _put_if(item, condition, values)


def release_address(address: str, workspace_id: str) -> None:
    _release(address, workspace_id)


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


def sends_from(workspace_id: str, address: str) -> bool:
    """Whether a sender of this workspace has `address` as its from address."""
    return sender_from(workspace_id, address) is not None


def sender_from(workspace_id: str, address: str) -> dict[str, Any] | None:
    """A sender of this workspace with `address` as its from address (the newest), or None."""
    table = aws.table(TABLE)
    query: dict[str, Any] = {
        "KeyConditionExpression": Key("pk").eq(f"WS#{workspace_id}#SENDER"),
        "FilterExpression": Attr("from_email").eq(address),
        "ScanIndexForward": False,
    }
    while True:
        page = table.query(**query)
        if page.get("Items"):
            return without_keys(page["Items"][0])
        if "LastEvaluatedKey" not in page:
            return None
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


class SenderGone(Exception):
    """The sender was deleted already."""


def delete_sender(item: dict[str, Any]) -> None:
    """The sender and its account key, together. SenderGone: it was deleted already."""
    try:
        transact(_sender_deletion(item))
    except TransactionConflict:
        raise SenderGone from None


def _sender_deletion(item: dict[str, Any]) -> list[dict[str, Any]]:
    return [
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


# --- domains ---------------------------------------------------------------------------------


def put_domain(item: dict[str, Any]) -> None:
    """Store a new claim of a domain; DomainExists when the workspace already claims that domain."""
    claim = {
        **_claim_key(item["domain"], item["workspace_id"]),
        "workspace_id": item["workspace_id"],
        "domain_id": item["id"],
        "created_at": item["created_at"],
    }
    try:
        transact(
            [
                {
                    "Put": {
                        "TableName": _name(),
                        "Item": claim,
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
                {
                    "Put": {
                        "TableName": _name(),
                        "Item": {**_domain_key(item["workspace_id"], item["id"]), **item},
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
            ]
        )
    except TransactionConflict:
        raise DomainExists(item["domain"]) from None


def claim_of(domain: str, workspace_id: str) -> dict[str, Any] | None:
    """{domain_id, created_at} of this workspace's claim of `domain`."""
    return without_keys(aws.table(TABLE).get_item(Key=_claim_key(domain, workspace_id)).get("Item"))


def claims(domain: str) -> list[dict[str, Any]]:
    """Every workspace's claim of `domain` ({workspace_id, domain_id, created_at})."""
    table, found = aws.table(TABLE), []
    query: dict[str, Any] = {"KeyConditionExpression": Key("pk").eq(f"DOMAIN#{domain}")}
    while True:
        page = table.query(**query)
        found += [plain(i) for i in page.get("Items", [])]
        if "LastEvaluatedKey" not in page:
            return found
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


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


def delete_domain(item: dict[str, Any]) -> None:
    """Remove a domain and its claim by name (a domain added before claims had one has none)."""
    transact(
        [
            {"Delete": {"TableName": _name(), "Key": _domain_key(item["workspace_id"], item["id"])}},
            {
                "Delete": {
                    "TableName": _name(),
                    "Key": _claim_key(item["domain"], item["workspace_id"]),
                    "ConditionExpression": "attribute_not_exists(pk) OR domain_id = :id",
                    "ExpressionAttributeValues": {":id": item["id"]},
                }
            },
        ]
    )
