"""DynamoDB access for automations (table `catalog`) and their runs and stats (table `automation-runs`).

Keys and the access patterns they serve:
  catalog  pk = WS#<ws>#AUTOMATION        sk = AU#<id>          -> an automation; the workspace's automations,
                                                                  newest first; all of them (the trigger
                                                                  fan-out; core/events.listened reads their
                                                                  `listens` to know what is heard)
  catalog  pk = WS#<ws>#AUTOMATION        sk = COUNT            -> how many the workspace has (the limit)
  runs     pk = WS#<ws>#AU#<automation>   sk = RUN#<contact>    -> a contact's run of an automation (one per
                                                                  contact: re-entry rewrites it); the runs of
                                                                  an automation, by contact
  runs     pk = WS#<ws>#AU#<automation>   sk = STATS#<nn>       -> one of STATS_SHARDS counter items (a burst
                                                                  of entries spreads over them; readers sum)
  runs GSI `contact`: contact_pk = WS#<ws>#C#<contact>  sk      -> the runs of a contact (it leaves them all
                                                                  when it unsubscribes, bounces or is erased)
  runs GSI `due`: due_pk = DUE#<nn>  due_sk = <iso>#<ws>#<au>#<c> -> waiting runs by the time they go on,
                                                                  spread over DUE_SHARDS partitions; only a
                                                                  waiting run has these attributes (sparse)

A run moves only by conditional writes on its `version`: whoever moves it from a version first owns that
step, so a step happens once however jobs race or are redelivered.
"""

from __future__ import annotations

import random
import zlib
from typing import Any

from boto3.dynamodb.conditions import Attr, Key

from functions.core import aws, events
from functions.core.dynamo import (
    TransactionConflict,
    batch_get,
    decimals,
    plain,
    query_page,
    transact,
    update_if,
    without_keys,
)

CATALOG = "catalog"
RUNS = "automation_runs"
STATS_SHARDS = 16
DUE_SHARDS = 16
COUNT_SK = "COUNT"


class LimitReached(Exception):
    """The workspace has as many automations as it may."""


class RunMoved(Exception):
    """The run was moved by someone else since it was read (its version changed): that move wins."""


def automations_pk(workspace_id: str) -> str:
    return events.automations_pk(workspace_id)


def _key(workspace_id: str, automation_id: str) -> dict[str, str]:
    return {"pk": automations_pk(workspace_id), "sk": f"AU#{automation_id}"}


def _runs_pk(workspace_id: str, automation_id: str) -> str:
    return f"WS#{workspace_id}#AU#{automation_id}"


def run_key(workspace_id: str, automation_id: str, contact_id: str) -> dict[str, str]:
    return {"pk": _runs_pk(workspace_id, automation_id), "sk": f"RUN#{contact_id}"}


def contact_pk(workspace_id: str, contact_id: str) -> str:
    return f"WS#{workspace_id}#C#{contact_id}"


def due_pk(workspace_id: str, automation_id: str, contact_id: str) -> str:
    shard = zlib.crc32(f"{workspace_id}/{automation_id}/{contact_id}".encode()) % DUE_SHARDS
    return f"DUE#{shard:02d}"


def due_sk(at: str, workspace_id: str, automation_id: str, contact_id: str) -> str:
    return f"{at}#{workspace_id}#{automation_id}#{contact_id}"


# --- automations ---------------------------------------------------------------------------------------


def create(item: dict[str, Any], limit: int) -> None:
    """The automation and one more on the workspace's count, together; LimitReached at `limit`."""
    ws = item["workspace_id"]
    name = aws.table(CATALOG).name
    try:
        transact(
            [
                {
                    "Update": {
                        "TableName": name,
                        "Key": {"pk": automations_pk(ws), "sk": COUNT_SK},
                        "UpdateExpression": "ADD #n :one",
                        "ConditionExpression": "attribute_not_exists(#n) OR #n < :limit",
                        "ExpressionAttributeNames": {"#n": "count"},
                        "ExpressionAttributeValues": {":one": 1, ":limit": limit},
                    }
                },
                {
                    "Put": {
                        "TableName": name,
                        "Item": {**_key(ws, item["id"]), **decimals(item)},  # an update step's numbers
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
            ]
        )
    except TransactionConflict as exc:
        if exc.reasons[0] == "ConditionalCheckFailed":
            raise LimitReached from None
        raise


def get(workspace_id: str, automation_id: str) -> dict[str, Any] | None:
    response = aws.table(CATALOG).get_item(Key=_key(workspace_id, automation_id), ConsistentRead=True)
    return without_keys(response.get("Item"))


def list_page(workspace_id: str, limit: int, cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
    items, next_cursor = query_page(
        aws.table(CATALOG),
        scope=f"automations:{workspace_id}",
        limit=limit,
        cursor=cursor,
        KeyConditionExpression=Key("pk").eq(automations_pk(workspace_id)) & Key("sk").begins_with("AU#"),
        ScanIndexForward=False,
    )
    return [without_keys(i) or {} for i in items], next_cursor


def all_of(workspace_id: str) -> list[dict[str, Any]]:
    """Every automation of the workspace (at most MAX_AUTOMATIONS: one or two pages)."""
    query: dict[str, Any] = {
        "KeyConditionExpression": Key("pk").eq(automations_pk(workspace_id)) & Key("sk").begins_with("AU#")
    }
    found = []
    while True:
        page = aws.table(CATALOG).query(**query)
        found.extend(without_keys(i) or {} for i in page.get("Items", []))
        if "LastEvaluatedKey" not in page:
            return found
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def update(workspace_id: str, automation_id: str, changes: dict[str, Any], only_in: tuple[str, ...]) -> bool:
    """Set `changes` on an automation whose status is one of `only_in`; False when it is not (or gone)."""
    names = {f"#f{i}": k for i, k in enumerate(changes)}
    values: dict[str, Any] = {f":v{i}": decimals(v) for i, v in enumerate(changes.values())}
    values.update({f":s{i}": s for i, s in enumerate(only_in)})
    allowed = ", ".join(f":s{i}" for i in range(len(only_in)))
    return update_if(
        aws.table(CATALOG),
        Key=_key(workspace_id, automation_id),
        UpdateExpression="SET " + ", ".join(f"#f{i} = :v{i}" for i in range(len(changes))),
        ConditionExpression=f"attribute_exists(pk) AND #status IN ({allowed})",
        ExpressionAttributeNames={**names, "#status": "status"},
        ExpressionAttributeValues=values,
    )


def delete(workspace_id: str, automation_id: str) -> bool:
    name = aws.table(CATALOG).name
    try:
        transact(
            [
                {
                    "Delete": {
                        "TableName": name,
                        "Key": _key(workspace_id, automation_id),
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                },
                {
                    "Update": {
                        "TableName": name,
                        "Key": {"pk": automations_pk(workspace_id), "sk": COUNT_SK},
                        "UpdateExpression": "ADD #n :minus",
                        "ExpressionAttributeNames": {"#n": "count"},
                        "ExpressionAttributeValues": {":minus": -1},
                    }
                },
            ]
        )
    except TransactionConflict:
        return False
    return True


# --- runs ----------------------------------------------------------------------------------------------


def get_run(workspace_id: str, automation_id: str, contact_id: str) -> dict[str, Any] | None:
    response = aws.table(RUNS).get_item(
        Key=run_key(workspace_id, automation_id, contact_id), ConsistentRead=True
    )
    return plain(response["Item"]) if "Item" in response else None


def runs_page(
    workspace_id: str, automation_id: str, status: str | None, limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    query: dict[str, Any] = {
        "KeyConditionExpression": Key("pk").eq(_runs_pk(workspace_id, automation_id))
        & Key("sk").begins_with("RUN#")
    }
    if status:
        query["FilterExpression"] = Attr("status").eq(status)
    return query_page(
        aws.table(RUNS),
        scope=f"runs:{workspace_id}:{automation_id}:{status or ''}",
        limit=limit,
        cursor=cursor,
        **query,
    )


def runs_of_contact(workspace_id: str, contact_id: str) -> list[dict[str, Any]]:
    """The contact's runs (GSI `contact`; eventually consistent: a run entered a moment ago is caught by
    the check every step makes of the contact)."""
    query: dict[str, Any] = {
        "IndexName": "contact",
        "KeyConditionExpression": Key("contact_pk").eq(contact_pk(workspace_id, contact_id)),
    }
    found = []
    while True:
        page = aws.table(RUNS).query(**query)
        found.extend(plain(i) for i in page.get("Items", []))
        if "LastEvaluatedKey" not in page:
            return found
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def due_runs(shard: int, until: str, limit: int, start: dict[str, Any] | None = None) -> tuple[list, Any]:
    """Waiting runs of one due shard whose time is at or before `until` (ISO), oldest first."""
    query: dict[str, Any] = {
        "IndexName": "due",
        "KeyConditionExpression": Key("due_pk").eq(f"DUE#{shard:02d}") & Key("due_sk").lte(until + "~"),
        "Limit": limit,
    }
    if start:
        query["ExclusiveStartKey"] = start
    page = aws.table(RUNS).query(**query)
    return [plain(i) for i in page.get("Items", [])], page.get("LastEvaluatedKey")


def lease(run: dict[str, Any], until: str) -> bool:
    """Push a due run's time to `until` while its job is on the queue: the next sweep leaves it alone
    unless the job is lost. False when the run moved meanwhile (nothing to do: its mover queued it)."""
    return update_if(
        aws.table(RUNS),
        Key={"pk": run["pk"], "sk": run["sk"]},
        UpdateExpression="SET due_sk = :later",
        # As read: a run that moved, or that another sweep leased meanwhile, is someone else's.
        ConditionExpression="#v = :v AND due_sk = :seen",
        ExpressionAttributeNames={"#v": "version"},
        ExpressionAttributeValues={
            ":v": run["version"],
            ":seen": run["due_sk"],
            ":later": due_sk(until, run["workspace_id"], run["automation_id"], run["contact_id"]),
        },
    )


def _stats_key(workspace_id: str, automation_id: str) -> dict[str, str]:
    shard = random.randrange(STATS_SHARDS)
    return {"pk": _runs_pk(workspace_id, automation_id), "sk": f"STATS#{shard:02d}"}


def count_item(workspace_id: str, automation_id: str, counts: dict[str, int]) -> dict[str, Any]:
    """A TransactWriteItems entry that adds `counts` to the automation's stats (one shard of them)."""
    names = {f"#c{i}": k for i, k in enumerate(counts)}
    values = {f":c{i}": v for i, v in enumerate(counts.values())}
    return {
        "Update": {
            "TableName": aws.table(RUNS).name,
            "Key": _stats_key(workspace_id, automation_id),
            "UpdateExpression": "ADD " + ", ".join(f"#c{i} :c{i}" for i in range(len(counts))),
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }
    }


def count(workspace_id: str, automation_id: str, counts: dict[str, int]) -> None:
    update = count_item(workspace_id, automation_id, counts)["Update"]
    update.pop("TableName")
    aws.table(RUNS).update_item(**update)


def stats(workspace_id: str, automation_id: str) -> dict[str, int]:
    """The sums of every stats shard."""
    items = aws.table(RUNS).query(
        KeyConditionExpression=Key("pk").eq(_runs_pk(workspace_id, automation_id))
        & Key("sk").begins_with("STATS#")
    )["Items"]
    totals: dict[str, int] = {}
    for item in items:
        for name, value in plain(item).items():
            if name not in ("pk", "sk"):
                totals[name] = totals.get(name, 0) + int(value)
    return totals


def run_item(run: dict[str, Any]) -> dict[str, Any]:
    """A run as written: its keys, the contact index, and the due index while it waits."""
    ws, au, contact = run["workspace_id"], run["automation_id"], run["contact_id"]
    item = {**run, **run_key(ws, au, contact), "contact_pk": contact_pk(ws, contact)}
    item.pop("due_pk", None)
    item.pop("due_sk", None)
    for marks in ("opened", "clicked"):  # number sets of step indexes (read back as lists)
        item.pop(marks, None)
        if run.get(marks):
            item[marks] = {int(step) for step in run[marks]}
    if run["status"] == "active" and run.get("next_at"):
        item["due_pk"] = due_pk(ws, au, contact)
        item["due_sk"] = due_sk(run["next_at"], ws, au, contact)
    return {k: v for k, v in item.items() if v is not None}


def put_run(run: dict[str, Any], expected_version: int | None, extra: list[dict[str, Any]]) -> None:
    """Write the run if it is still at `expected_version` (None: it must not exist yet), with `extra`
    in the same transaction; RunMoved when someone else moved it first."""
    condition: dict[str, Any] = (
        {"ConditionExpression": "attribute_not_exists(pk)"}
        if expected_version is None
        else {
            "ConditionExpression": "#v = :v",
            "ExpressionAttributeNames": {"#v": "version"},
            "ExpressionAttributeValues": {":v": expected_version},
        }
    )
    put = {"Put": {"TableName": aws.table(RUNS).name, "Item": run_item(run), **condition}}
    try:
        transact([put, *extra])
    except TransactionConflict as exc:
        if exc.reasons[0] == "ConditionalCheckFailed":
            raise RunMoved from None
        raise


def mark_once(workspace_id: str, automation_id: str, contact_id: str, field: str, step: int) -> bool:
    """Add `step` to the run's set `field` (opened, clicked) unless it is there; True the first time."""
    return update_if(
        aws.table(RUNS),
        Key=run_key(workspace_id, automation_id, contact_id),
        UpdateExpression="ADD #f :s",
        ConditionExpression="attribute_exists(pk) AND NOT contains(#f, :n)",
        ExpressionAttributeNames={"#f": field},
        ExpressionAttributeValues={":s": {step}, ":n": step},
    )


def contacts_runs(workspace_id: str, keys: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """The runs of these (automation, contact) pairs that exist (BatchGetItem, consistent)."""
    found = batch_get(aws.table(RUNS).name, [run_key(workspace_id, a, c) for a, c in keys], consistent=True)
    return [plain(i) for i in found]
