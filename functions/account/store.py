"""DynamoDB access for workspaces and API keys (table `accounts`).

Keys and the access patterns they serve:
  pk = WS#<ws>         sk = PROFILE        -> the workspace profile and its counters (GET /v1/account)
  pk = WS#<ws>         sk = KEY#<key_id>   -> the workspace's keys, newest first (GET /v1/api-keys)
  pk = KEYHASH#<sha>   sk = KEYHASH        -> key lookup by hash, one GetItem per authorizer call
  pk = OPERATOR        sk = OPERATOR       -> the operator's bootstrap workspace, created at most once
  pk = SLUG#<slug>     sk = SLUG           -> a workspace's slug, unique across the installation: the claim,
                                              written in the transaction that sets it on the profile, and
                                              the lookup of the public pages (/pages/<slug>/...)
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from functions.core import aws
from functions.core.dynamo import TransactionConflict, is_condition_failure, plain, query_page, transact

TABLE = "accounts"


def _ws(workspace_id: str) -> str:
    return f"WS#{workspace_id}"


def _hash_key(key_hash: str) -> dict[str, str]:
    return {"pk": f"KEYHASH#{key_hash}", "sk": "KEYHASH"}


def _table_name() -> str:
    return aws.table(TABLE).name


def _key_items(workspace_id: str, key: dict[str, Any], operator: bool) -> list[dict[str, Any]]:
    key_item = {"pk": _ws(workspace_id), "sk": f"KEY#{key['key_id']}", **key}
    lookup = {
        **_hash_key(key["hash"]),
        "workspace_id": workspace_id,
        "key_id": key["key_id"],
        "scopes": key["scopes"],
        "operator": operator,
    }
    name = _table_name()
    return [
        {"Put": {"TableName": name, "Item": key_item, "ConditionExpression": "attribute_not_exists(pk)"}},
        {"Put": {"TableName": name, "Item": lookup, "ConditionExpression": "attribute_not_exists(pk)"}},
    ]


def create_workspace(profile: dict[str, Any], key: dict[str, Any], *, operator: bool) -> None:
    """Profile, first key and its lookup in one transaction; the operator marker at most once."""
    name = _table_name()
    items = [
        {
            "Put": {
                "TableName": name,
                "Item": {"pk": _ws(profile["workspace_id"]), "sk": "PROFILE", **profile},
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        },
        *_key_items(profile["workspace_id"], key, operator),
    ]
    if operator:
        marker = {"pk": "OPERATOR", "sk": "OPERATOR", "workspace_id": profile["workspace_id"]}
        items.append(
            {"Put": {"TableName": name, "Item": marker, "ConditionExpression": "attribute_not_exists(pk)"}}
        )
    transact(items)


def operator_workspace_id() -> str | None:
    item = aws.table(TABLE).get_item(Key={"pk": "OPERATOR", "sk": "OPERATOR"}).get("Item")
    return item["workspace_id"] if item else None


def get_profile(workspace_id: str, *, consistent: bool = False) -> dict[str, Any] | None:
    item = (
        aws.table(TABLE)
        .get_item(Key={"pk": _ws(workspace_id), "sk": "PROFILE"}, ConsistentRead=consistent)
        .get("Item")
    )
    return plain(item) if item else None


class SlugTaken(Exception):
    """Another workspace has this slug."""


class SlugMoved(Exception):
    """The profile's slug is no longer the one read (changed meanwhile), or the profile is gone."""


def _slug_key(slug: str) -> dict[str, str]:
    return {"pk": f"SLUG#{slug}", "sk": "SLUG"}


def update_profile(
    workspace_id: str, changes: dict[str, Any], updated_at: str, *, slug_was: str | None = None
) -> dict[str, Any]:
    """Set the given fields (None removes one); the profile must exist.

    A `slug` among the changes is claimed (SlugTaken when another workspace holds it) and `slug_was`, the
    profile's slug as read, freed, in one transaction with the profile; SlugMoved when the profile's slug
    is not `slug_was` any more."""
    sets = {k: v for k, v in changes.items() if v is not None}
    removes = [k for k, v in changes.items() if v is None]
    names = {f"#f{i}": k for i, k in enumerate([*sets, *removes])}
    by_field = {v: k for k, v in names.items()}
    values = {f":v{i}": v for i, v in enumerate(sets.values())}
    values[":u"] = updated_at
    expression = "SET " + ", ".join(
        [*(f"{by_field[k]} = :v{i}" for i, k in enumerate(sets)), "updated_at = :u"]
    )
    if removes:
        expression += " REMOVE " + ", ".join(by_field[k] for k in removes)
    extra = {"ExpressionAttributeNames": names} if names else {}
    key = {"pk": _ws(workspace_id), "sk": "PROFILE"}
    if "slug" in sets:
        _change_slug(workspace_id, key, expression, values, names, sets["slug"], slug_was)
        profile = get_profile(workspace_id, consistent=True)
        if profile is None:
            raise SlugMoved
        return profile
    response = aws.table(TABLE).update_item(
        Key=key,
        UpdateExpression=expression,
        ExpressionAttributeValues=values,
        ConditionExpression="attribute_exists(pk)",
        ReturnValues="ALL_NEW",
        **extra,
    )
    return plain(response["Attributes"])


def _change_slug(
    workspace_id: str,
    key: dict[str, str],
    expression: str,
    values: dict[str, Any],
    names: dict[str, str],
    slug: str,
    slug_was: str | None,
) -> None:
    """The profile update, the new slug's claim and the old one's release, together."""
    name = _table_name()
    names = {**names, "#slug": "slug"}
    if slug_was is None:
        still = "attribute_not_exists(#slug)"
    else:
        still = "#slug = :was"
        values = {**values, ":was": slug_was}
    ours = {":ws": workspace_id}
    items: list[dict[str, Any]] = [
        {
            "Update": {
                "TableName": name,
                "Key": key,
                "UpdateExpression": expression,
                "ConditionExpression": f"attribute_exists(pk) AND {still}",
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": values,
            }
        },
        {
            "Put": {
                "TableName": name,
                "Item": {**_slug_key(slug), "workspace_id": workspace_id},
                "ConditionExpression": "attribute_not_exists(pk) OR workspace_id = :ws",
                "ExpressionAttributeValues": ours,
            }
        },
    ]
    if slug_was is not None:
        items.append(
            {
                "Delete": {
                    "TableName": name,
                    "Key": _slug_key(slug_was),
                    # Never another workspace's claim (a slug freed and taken since it was read).
                    "ConditionExpression": "attribute_not_exists(pk) OR workspace_id = :ws",
                    "ExpressionAttributeValues": ours,
                }
            }
        )
    try:
        transact(items)
    except TransactionConflict as exc:
        if exc.reasons[1] == "ConditionalCheckFailed":
            raise SlugTaken from None
        if exc.reasons[0] == "ConditionalCheckFailed":
            raise SlugMoved from None
        raise


def workspace_of_slug(slug: str) -> str | None:
    """The workspace whose slug this is (one GetItem)."""
    item = aws.table(TABLE).get_item(Key=_slug_key(slug)).get("Item")
    return str(item["workspace_id"]) if item else None


def add_key(workspace_id: str, key: dict[str, Any], *, operator: bool) -> None:
    transact(_key_items(workspace_id, key, operator))


def list_keys(workspace_id: str, limit: int, cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
    return query_page(
        aws.table(TABLE),
        scope=f"keys:{workspace_id}",
        limit=limit,
        cursor=cursor,
        KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues={":pk": _ws(workspace_id), ":prefix": "KEY#"},
        ScanIndexForward=False,
    )


def get_key(workspace_id: str, key_id: str) -> dict[str, Any] | None:
    item = aws.table(TABLE).get_item(Key={"pk": _ws(workspace_id), "sk": f"KEY#{key_id}"}).get("Item")
    return plain(item) if item else None


def delete_key(workspace_id: str, key_id: str, key_hash: str) -> bool:
    """Remove the key and its lookup together; False when it was already gone."""
    name = _table_name()
    try:
        transact(
            [
                {
                    "Delete": {
                        "TableName": name,
                        "Key": {"pk": _ws(workspace_id), "sk": f"KEY#{key_id}"},
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                },
                {"Delete": {"TableName": name, "Key": _hash_key(key_hash)}},
            ]
        )
    except TransactionConflict:
        return False
    return True


def lookup_key(key_hash: str) -> dict[str, Any] | None:
    item = aws.table(TABLE).get_item(Key=_hash_key(key_hash)).get("Item")
    return plain(item) if item else None


def touch_key(workspace_id: str, key_id: str, key_hash: str, at: str) -> None:
    """Record last use on both items; a key revoked meanwhile is not brought back."""
    table = aws.table(TABLE)
    for key in ({"pk": _ws(workspace_id), "sk": f"KEY#{key_id}"}, _hash_key(key_hash)):
        try:
            table.update_item(
                Key=key,
                UpdateExpression="SET last_used_at = :at",
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeValues={":at": at},
            )
        except ClientError as exc:
            if not is_condition_failure(exc):
                raise
            return
