"""Contact listing on moto (in-process mock_aws): what a page of GET /v1/contacts reads, and its time.

Writes CONTACTS contacts into one workspace, then walks the listing page by page (limit 100, newest first),
once with the old fan-out merge (every shard queried for limit+1 matches, kept below as the baseline) and
once with the lazy merge of functions/contacts/service.py, in the same run, over the same items. Items read
= the sum of ScannedCount of every Query (what DynamoDB bills), counted with a botocore event hook. Then the
same with a filter that matches one contact in ten.

Run: .venv/bin/python bench/contact_listing.py [2000]   (moto is the bottleneck; compare the ratios)
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

from environment import prepare

ROOT = prepare()
warnings.filterwarnings("ignore")

from moto import mock_aws  # noqa: E402

LIMIT = 100
PRO_EVERY = 10

Page = Callable[[str, int, "str | None", bool, Any], "tuple[list[dict[str, Any]], str | None]"]


# --- the baseline: the fan-out merge as it was before the lazy merge, copied as it stood ---------


def baseline_query_shard(
    prefix: str,
    shard: int,
    *,
    limit: int,
    descending: bool = True,
    after_id: str | None = None,
    where: Any = None,
) -> list[dict[str, Any]]:
    """The old store.query_shard: up to `limit` matching items of one shard, Query after Query."""
    from boto3.dynamodb.conditions import Key

    from functions.contacts import store
    from functions.core import aws

    key = Key("pk").eq(f"{prefix}#S#{shard}")
    if after_id:
        key &= Key("sk").lt(f"C#{after_id}") if descending else Key("sk").gt(f"C#{after_id}")
    else:
        key &= Key("sk").begins_with("C#")
    query: dict[str, Any] = {
        "TableName": store._name(),
        "KeyConditionExpression": key,
        "ScanIndexForward": not descending,
    }
    if where is not None:
        query["FilterExpression"] = where
    found: list[dict[str, Any]] = []
    client = aws.dynamodb_client()
    while len(found) < limit:
        page = client.query(**query, Limit=max(limit - len(found), 1) if where is None else max(limit, 100))
        found.extend(page.get("Items", []))
        if "LastEvaluatedKey" not in page:
            break
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    return [store._out(i) for i in found[:limit]]


def baseline_merged_page(
    prefix: str, limit: int, after: str | None, descending: bool = True, where: Any = None
) -> tuple[list[dict[str, Any]], str | None]:
    """The old service.merged_page: every shard queried for limit+1 items, all of them sorted."""
    from functions.contacts.service import _POOL
    from functions.core.sharding import SHARDS

    results = _POOL.map(
        lambda shard: baseline_query_shard(
            prefix, shard, limit=limit + 1, descending=descending, after_id=after, where=where
        ),
        range(SHARDS),
    )
    key = lambda item: item.get("contact_id") or item["id"]  # noqa: E731
    merged = sorted((item for shard in results for item in shard), key=key, reverse=descending)
    page = merged[:limit]
    return page, (key(page[-1]) if len(merged) > limit else None)


# --- the run -----------------------------------------------------------------------------------


def walk(merged_page: Page, prefix: str, where: Any, scanned: list[int]) -> dict[str, Any]:
    """Every page of the listing, newest first: the ids in order and what it took."""
    scanned.clear()
    ids: list[str] = []
    after, pages = None, 0
    started = time.perf_counter()
    while True:
        page, after = merged_page(prefix, LIMIT, after, True, where)
        ids += [item["id"] for item in page]
        pages += 1
        if after is None:
            break
    seconds = time.perf_counter() - started
    return {
        "ids": ids,
        "pages": pages,
        "read_per_item": sum(scanned) / len(ids),
        "queries_per_page": len(scanned) / pages,
        "s_per_page": seconds / pages,
    }


def compare(title: str, prefix: str, where: Any, scanned: list[int], expected: list[str]) -> None:
    from functions.contacts import service

    runs = {}
    for name, merged_page in (
        ("old fan-out (baseline)", baseline_merged_page),
        ("lazy merge", service.merged_page),
    ):
        run = runs[name] = walk(merged_page, prefix, where, scanned)
        assert run["ids"] == expected, f"{name}: the pages differ from the expected order"
        print(
            f"{title:<17} {name:<23} {run['pages']:3d} pages"
            f"  {run['read_per_item']:6.2f} items read per item returned"
            f"  {run['queries_per_page']:5.1f} Queries/page  {run['s_per_page']:6.3f} s/page"
        )
    old, new = runs.values()
    print(
        f"{title:<17} lazy / baseline: {new['read_per_item'] / old['read_per_item']:5.2f}x the items read,"
        f" {new['s_per_page'] / old['s_per_page']:5.2f}x the time per page"
    )


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000
    with mock_aws():
        from infra.local.resources import create_all
        from infra.topology import TOPOLOGY

        os.environ.update(create_all(TOPOLOGY))
        from boto3.dynamodb.conditions import Attr

        from functions.contacts import store
        from functions.core import aws
        from functions.core.ids import new_id

        workspace = new_id()
        ids, pro = [], []
        with aws.table(store.TABLE).batch_writer() as batch:
            for i in range(size):
                contact_id, plan = new_id(), "pro" if i % PRO_EVERY == 0 else "free"
                item = {
                    "workspace_id": workspace,
                    "id": contact_id,
                    "email": f"c{i}@example.com",
                    "status": "active",
                    "attributes": {"plan": plan},
                }
                batch.put_item(Item={**store.contact_key(workspace, contact_id), **item})
                ids.append(contact_id)
                if plan == "pro":
                    pro.append(contact_id)
        scanned: list[int] = []
        aws.dynamodb_client().meta.events.register(
            "after-call.dynamodb.Query",
            lambda parsed, **_: scanned.append(int(parsed.get("ScannedCount", 0))),
        )
        print(f"{size} contacts in one workspace, {store.SHARDS} shards, pages of {LIMIT}, newest first")
        compare("all contacts", f"WS#{workspace}", None, scanned, ids[::-1])
        compare(
            f"1 in {PRO_EVERY} (filter)",
            f"WS#{workspace}",
            Attr("attributes.plan").eq("pro"),
            scanned,
            pro[::-1],
        )
        print("moto serializes requests: on DynamoDB the first round of Queries runs in parallel")


if __name__ == "__main__":
    main()
