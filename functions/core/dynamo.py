"""DynamoDB helpers shared by every store: transactions, pages, plain values."""

from __future__ import annotations

import random
import time
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeSerializer
from botocore.exceptions import ClientError

from functions.core import aws, numbers, pagination


class TransactionConflict(Exception):
    """A condition in a transaction failed; `reasons` has one code per item ('None' when it passed)."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(", ".join(reasons))
        self.reasons = reasons


class Throttled(Exception):
    """DynamoDB had no capacity for the request, even after botocore's own retries: nothing was written.
    A new on-demand table takes 4,000 write units a second at first; an import's chunk workers together
    ask for far more, so the bulk writer waits and tries again (functions/contacts/bulk.py)."""


# A cancelled transaction's reasons that say "no capacity", and the same said of a whole request.
THROTTLED_REASONS = frozenset({"ThrottlingError", "ProvisionedThroughputExceeded"})
_THROTTLED_REQUESTS = frozenset(
    {"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"}
)


def transact(items: list[dict[str, Any]]) -> None:
    _transact(aws.dynamodb_client(), items)


MAX_PAUSE_S = 2.0  # the longest pause before asking a throttled table again
_SERIALIZER = TypeSerializer()
_VALUES = ("Item", "Key", "ExpressionAttributeValues")


def transact_bulk(items: list[dict[str, Any]]) -> None:
    """`transact` for transactions of many items (conditions as strings): the values go straight to the
    wire format and through a client that does not check each parameter against the model. The resource
    API's client walks every value of the request three times (copy, conditions, values) before botocore
    checks and serializes it: most of the CPU of a 100-item transaction, for the same request. Raises
    Throttled when DynamoDB had no capacity for it, TransactionConflict when a condition failed."""
    wire = []
    for item in items:
        ((operation, request),) = item.items()
        request = dict(request)
        if not isinstance(request.get("ConditionExpression", ""), str):
            raise TypeError("transact_bulk takes conditions written as strings")
        for part in _VALUES:
            if part in request:
                request[part] = {k: _SERIALIZER.serialize(v) for k, v in request[part].items()}
        wire.append({operation: request})
    try:
        _transact(aws.client_unvalidated("dynamodb"), wire)
    except TransactionConflict as conflict:
        if THROTTLED_REASONS & set(conflict.reasons):
            raise Throttled(str(conflict)) from conflict
        raise
    except ClientError as exc:
        if exc.response["Error"]["Code"] in _THROTTLED_REQUESTS:
            raise Throttled(exc.response["Error"]["Code"]) from exc
        raise


def _transact(client: Any, items: list[dict[str, Any]]) -> None:
    try:
        client.transact_write_items(TransactItems=items)
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "TransactionCanceledException":
            raise
        reasons = [r.get("Code", "None") for r in exc.response.get("CancellationReasons", [])]
        raise TransactionConflict(reasons) from exc


def batch_get(table_name: str, keys: list[dict[str, Any]], consistent: bool = False) -> list[dict[str, Any]]:
    """The items of these keys that exist (BatchGetItem, 100 keys a call, unprocessed keys asked again)."""
    found: list[dict[str, Any]] = []
    client = aws.dynamodb_client()
    for start in range(0, len(keys), 100):
        request: dict[str, Any] = {
            table_name: {
                "Keys": keys[start : start + 100],
                **({"ConsistentRead": True} if consistent else {}),
            }
        }
        attempt = 0
        while request:
            response = client.batch_get_item(RequestItems=request)
            found.extend(response.get("Responses", {}).get(table_name, []))
            request = response.get("UnprocessedKeys") or {}
            if request:  # not read for want of capacity: asked again after a growing pause, as AWS advises
                time.sleep(random.uniform(0.5, 1.0) * min(MAX_PAUSE_S, 0.05 * 2**attempt))
                attempt += 1
    return found


def is_condition_failure(exc: ClientError) -> bool:
    return exc.response["Error"]["Code"] == "ConditionalCheckFailedException"


def plain(value: Any) -> Any:
    """Decimals back to int/float, sets to sorted lists: what JSON and pydantic expect."""
    if isinstance(value, Decimal):
        # 6.09E+124 is integral, but as an int of 125 digits DynamoDB could not store it again: a float, as
        # it came in.
        if value == value.to_integral_value() and value.adjusted() < numbers.MAX_DIGITS:
            return int(value)
        return float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, set):
        return sorted(plain(v) for v in value)
    return value


def query_page(
    table: Any, *, scope: str, limit: int, cursor: str | None, **query: Any
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of a Query, resumed from a signed cursor; `scope` binds the cursor to this listing."""
    start = pagination.decode(scope, cursor)
    items: list[dict[str, Any]] = []
    last_key = start
    # A filter can return short pages: keep reading until the page is full or the partition ends.
    while True:
        kwargs = {**query, "Limit": limit - len(items)}
        if last_key:
            kwargs["ExclusiveStartKey"] = last_key
        response = table.query(**kwargs)
        items.extend(response.get("Items", []))
        last_key = response.get("LastEvaluatedKey")
        if not last_key or len(items) >= limit:
            break
    return [plain(i) for i in items], pagination.encode(scope, last_key)


def transact_many(items: list[dict[str, Any]]) -> None:
    """The first 100 items atomically (put what must be atomic first), the rest in further transactions."""
    for start in range(0, len(items), 100):
        transact(items[start : start + 100])


def decimals(value: Any) -> Any:
    """Floats as Decimals (DynamoDB has no float: boto3 refuses one), recursively."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {k: decimals(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decimals(v) for v in value]
    return value


def without_keys(item: dict[str, Any] | None) -> dict[str, Any] | None:
    """An item as the domain sees it: plain values, no pk/sk."""
    if item is None:
        return None
    clean = plain(item)
    clean.pop("pk", None)
    clean.pop("sk", None)
    return clean


def add_within(
    table: Any, key: dict[str, Any], field: str, count: int, limit: int, *, expires: int | None = None
) -> bool:
    """ADD `count` to the counter `field` only if it stays within `limit`; False (nothing added) if not.

    `expires`: the item's TTL (set once, when the counter is created)."""
    update = "ADD #n :n"
    values: dict[str, Any] = {":n": count, ":room": limit - count}
    if expires is not None:
        update += " SET expiration = if_not_exists(expiration, :expires)"
        values[":expires"] = expires
    try:
        table.update_item(
            Key=key,
            UpdateExpression=update,
            ConditionExpression="attribute_not_exists(#n) OR #n <= :room",
            ExpressionAttributeNames={"#n": field},
            ExpressionAttributeValues=values,
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def update_if(table: Any, **update: Any) -> bool:
    """UpdateItem with a ConditionExpression; False (nothing changed) when the condition did not hold."""
    try:
        table.update_item(**update)
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def put_if(table: Any, item: dict[str, Any], *, exists: bool) -> bool:
    """Put an item that must (exists=True) or must not yet exist; False when that did not hold."""
    condition = "attribute_exists(pk)" if exists else "attribute_not_exists(pk)"
    try:
        table.put_item(Item=item, ConditionExpression=condition)
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def delete_existing(table: Any, key: dict[str, Any]) -> bool:
    """Delete an item; False when it was not there."""
    try:
        table.delete_item(Key=key, ConditionExpression="attribute_exists(pk)")
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True
