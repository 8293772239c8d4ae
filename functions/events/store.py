"""DynamoDB access for behavioural events: the event inbox, and the transaction that applies an event.

An event arrives as one item of the inbox table (`event-inbox`), and the API's work ends there:

  pk = WS#<ws>#EV#<event id>   sk = EVENT   -> the event as accepted (name, properties, times, the contact
                                              as named), put with attribute_not_exists(pk): the event id is
                                              the client's `id` when it gave one, so a retry counts once.

The table's stream brings each new item to the event-apply worker, which records the event where it is
read: an entry of the contact's activity and a count in its `events.<name>` summary (both the contacts
group's, functions/contacts/store.py) and an `event.created` outbox item, in one transaction with the
inbox item's own change, which is what makes a redelivered record change nothing twice:
  - with a client id, the item is rewritten as {contact_id, position, applied} (kept until it expires, with
    the event: a retry then finds it, and the event it points to) on condition that it was not applied;
  - without one, it is deleted, on condition that it is still there.

Access patterns:
  - accept an event: one PutItem (a batch: one TransactWriteItems of up to 100 puts);
  - a retried id: that put's failed condition returns the item (ALL_OLD), then, once applied, the activity
    entry it points to;
  - apply an event: one TransactWriteItems (summary update, activity put, outbox put, inbox change).
"""

from __future__ import annotations

import random
import time
from typing import Any

from boto3.dynamodb.types import TypeDeserializer
from botocore.exceptions import ClientError

from functions.core import aws
from functions.core.dynamo import TransactionConflict, is_condition_failure, plain, transact

INBOX = "event_inbox"
CONDITION_FAILED = "ConditionalCheckFailed"
MAX_TRANSACTION = 100  # DynamoDB's limit of items in one transaction
ATTEMPTS = 10
_deserialize = TypeDeserializer().deserialize


class AlreadyApplied(Exception):
    """The inbox item was applied before (the transaction wrote nothing)."""


class ContactMoved(Exception):
    """The contact's summary changed, or the contact was erased, since it was read: read it again."""


class Busy(Exception):
    """Another transaction was writing the same items at that moment (DynamoDB's TransactionConflict)."""


def key(workspace_id: str, event_id: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#EV#{event_id}", "sk": "EVENT"}


def _table_name() -> str:
    return aws.table(INBOX).name


def accept(item: dict[str, Any]) -> dict[str, Any] | None:
    """Put a new event into the inbox. None: it is in; else the item already there under its id."""
    try:
        aws.table(INBOX).put_item(
            Item=item,
            ConditionExpression="attribute_not_exists(pk)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    except ClientError as exc:
        if not is_condition_failure(exc):
            raise
        old = exc.response.get("Item")  # an error's body is not deserialized for us
        if old:
            return plain({name: _deserialize(value) for name, value in old.items()})
        there = aws.table(INBOX).get_item(Key={"pk": item["pk"], "sk": item["sk"]}, ConsistentRead=True)
        return plain(there.get("Item")) or {}  # {}: it expired between the two (as good as applied)
    return None


def accept_many(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Put up to 100 new events into the inbox at once; returns those not put because their id was there.

    One transaction: conditions are per item in it (a batch write has none), and a cancelled transaction
    says which item's condition failed, so those are set aside and the rest written again.
    Busy: another writer held one of the items every time."""
    assert len(items) <= MAX_TRANSACTION
    name = _table_name()
    waiting, there = list(items), []
    for attempt in range(ATTEMPTS):
        if not waiting:
            return there
        puts = [
            {"Put": {"TableName": name, "Item": item, "ConditionExpression": "attribute_not_exists(pk)"}}
            for item in waiting
        ]
        try:
            transact(puts)
            return there
        except TransactionConflict as conflict:
            if set(conflict.reasons) - {"None", CONDITION_FAILED, "TransactionConflict"}:
                raise
            failed = {i for i, reason in enumerate(conflict.reasons) if reason == CONDITION_FAILED}
            there += [waiting[i] for i in sorted(failed)]
            waiting = [item for i, item in enumerate(waiting) if i not in failed]
            if not failed:  # another writer of the same ids at that moment: wait a little
                time.sleep(random.uniform(0, min(0.1, 0.005 * 2**attempt)))
    raise Busy


def applied(
    workspace_id: str, event_id: str, keep: bool, contact_id: str, position: str, expires_at: int
) -> dict[str, Any]:
    """The transaction item that marks an inbox item applied: it fails when it was applied already."""
    if not keep:
        return {
            "Delete": {
                "TableName": _table_name(),
                "Key": key(workspace_id, event_id),
                "ConditionExpression": "attribute_exists(pk)",
            }
        }
    item = {
        **key(workspace_id, event_id),
        "contact_id": contact_id,
        "position": position,
        "applied": True,
        "expires_at": expires_at,
    }
    return {
        "Put": {
            "TableName": _table_name(),
            "Item": item,
            "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(applied)",
        }
    }


def pending(workspace_id: str, event_id: str) -> bool:
    """Whether the inbox item is still there and not applied (a strongly consistent read)."""
    item = aws.table(INBOX).get_item(Key=key(workspace_id, event_id), ConsistentRead=True).get("Item")
    return item is not None and "applied" not in item


def drop(workspace_id: str, event_id: str) -> None:
    """Forget an inbox item that cannot be applied (its contact is gone), unless it was applied."""
    try:
        aws.table(INBOX).delete_item(
            Key=key(workspace_id, event_id), ConditionExpression="attribute_not_exists(applied)"
        )
    except ClientError as exc:
        if not is_condition_failure(exc):
            raise


def apply(
    contact_items: list[dict[str, Any]], others: list[dict[str, Any]], inbox_item: dict[str, Any]
) -> None:
    """One transaction: the contact's items first, then `others`, then the inbox item's change (last).

    AlreadyApplied: the inbox item was applied before; ContactMoved: a condition of the contact's items
    failed; Busy: DynamoDB cancelled it for a concurrent transaction on the same items. (botocore gives each
    call a ClientRequestToken of its own, so a call it sends again after a lost answer is not applied
    twice.)"""
    items = [*contact_items, *others, inbox_item]
    try:
        transact(items)
    except TransactionConflict as conflict:
        reasons = conflict.reasons
        if len(reasons) == len(items) and reasons[-1] == CONDITION_FAILED:
            raise AlreadyApplied from None  # decisive even if the summary moved too: it was counted
        if CONDITION_FAILED in reasons[: len(contact_items)]:
            raise ContactMoved from None
        if "TransactionConflict" in reasons:
            raise Busy from None
        raise
