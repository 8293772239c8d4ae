"""DynamoDB access for behavioural events (table `contacts`, beside the contacts' activity).

An event is not an item of its own: it is an entry of the contact's activity and a count in the contact's
`events.<name>` summary, both the contacts group's (functions/contacts/store.py), written in one
transaction with what this store adds:

  pk = WS#<ws>#EVID#<client id>   sk = EVENT   -> an `id` the client chose: the contact and activity
                                                 position it was recorded at, so a retry counts once.
                                                 Put with attribute_not_exists(pk) in the event's own
                                                 transaction; expires (TTL expires_at) with the event.
  domain_events (functions/core/events.py): an `event.created` outbox item, which automations follow.

Access patterns:
  - record an event: one TransactWriteItems (summary update, activity put, id put, outbox put);
  - a retried id: GetItem of its id item (consistent), then the activity entry it points to.
The id item's sort key is not C#..., so the contacts stream's filter (segment evaluator) never sees it.
"""

from __future__ import annotations

from typing import Any

from functions.core import aws
from functions.core.dynamo import TransactionConflict, transact, without_keys

TABLE = "contacts"
CONDITION_FAILED = "ConditionalCheckFailed"


class AlreadyRecorded(Exception):
    """An event with this client id was recorded before (the transaction wrote nothing)."""


class ContactMoved(Exception):
    """The contact's summary changed, or the contact was erased, since it was read: read it again."""


class Busy(Exception):
    """Another transaction was writing the same contact at that moment (DynamoDB's TransactionConflict)."""


def _id_key(workspace_id: str, client_id: str) -> dict[str, str]:
    return {"pk": f"WS#{workspace_id}#EVID#{client_id}", "sk": "EVENT"}


def seen(workspace_id: str, client_id: str) -> dict[str, Any] | None:
    """Where the event with this client id was recorded ({contact_id, position}), or None."""
    item = aws.table(TABLE).get_item(Key=_id_key(workspace_id, client_id), ConsistentRead=True).get("Item")
    return without_keys(item)


def id_put(
    workspace_id: str, client_id: str, contact_id: str, position: str, expires_at: int
) -> dict[str, Any]:
    """The transaction item that claims a client id; it fails when the id was recorded already."""
    item = {
        **_id_key(workspace_id, client_id),
        "contact_id": contact_id,
        "position": position,
        "expires_at": expires_at,
    }
    return {
        "Put": {
            "TableName": aws.table(TABLE).name,
            "Item": item,
            "ConditionExpression": "attribute_not_exists(pk)",
        }
    }


def record(
    contact_items: list[dict[str, Any]], others: list[dict[str, Any]], id_item: dict[str, Any] | None
) -> None:
    """One transaction: the contact's items first, then `others`, then the client id's claim (last).

    AlreadyRecorded: the id was claimed before; ContactMoved: a condition of the contact's items failed;
    Busy: DynamoDB cancelled it for a concurrent transaction on the same items. (botocore gives each call
    a ClientRequestToken of its own, so a call it sends again after a lost answer is not applied twice.)"""
    items = [*contact_items, *others, *([id_item] if id_item else [])]
    try:
        transact(items)
    except TransactionConflict as conflict:
        reasons = conflict.reasons
        if id_item and len(reasons) == len(items) and reasons[-1] == CONDITION_FAILED:
            raise AlreadyRecorded from None  # decisive even if the summary moved too: it was counted
        if CONDITION_FAILED in reasons[: len(contact_items)]:
            raise ContactMoved from None
        if "TransactionConflict" in reasons:
            raise Busy from None
        raise
