"""Contacts throughput on moto (in-process mock_aws): what our code adds on top of DynamoDB itself.

1. Upserts per second through the real handler (API Gateway events) next to raw PutItem per second.
2. Enumerating 10,000 contacts through the sharded helper next to one Query loop over the same number
   of items kept in a single partition.

Run: .venv/bin/python bench/contacts.py   (moto is the bottleneck; compare the ratios, not the rates)
"""

from __future__ import annotations

import json
import os
import time

from environment import prepare

ROOT = prepare()

import warnings  # noqa: E402

from moto import mock_aws  # noqa: E402

warnings.filterwarnings("ignore")
UPSERTS = 1_000
ENUMERATED = 10_000


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:8.0f}/s"


def main() -> None:
    with mock_aws():
        from infra.local.resources import create_all
        from infra.topology import TOPOLOGY

        os.environ.update(create_all(TOPOLOGY))
        from boto3.dynamodb.conditions import Key

        from functions.account import service as accounts
        from functions.contacts import service, store
        from functions.contacts.handler import handler
        from functions.core import aws
        from functions.core.ids import new_id
        from tests.builders import LambdaContext, rest_event

        _, key = accounts.ensure_operator_workspace("Bench", "bench@example.com")
        caller = accounts.authenticate(key)
        assert caller is not None
        table = aws.table("contacts")

        # 1. upserts through the handler vs raw PutItem, same table, same run
        started = time.perf_counter()
        for i in range(UPSERTS):
            body = {"email": f"u{i}@example.com", "first_name": "Ann", "attributes": {"plan": "pro", "n": i}}
            reply = handler(rest_event("POST", "/v1/contacts", body=body, caller=caller), LambdaContext())
            assert reply["statusCode"] == 201, reply["body"]
        through_api = time.perf_counter() - started
        started = time.perf_counter()
        for i in range(UPSERTS):
            table.put_item(Item={"pk": "BENCH#RAW", "sk": f"C#{i:06d}", "email": f"r{i}@example.com", "n": i})
        raw = time.perf_counter() - started
        print(f"upserts through the handler   {rate(UPSERTS, through_api)}")
        print(f"raw DynamoDB PutItem          {rate(UPSERTS, raw)}")
        print(f"handler / raw                 {through_api / raw:8.2f}x the time per write")
        print("  (an upsert is a GetItem + a 4-item transaction + JSON validation and envelopes)")

        # 2. enumeration: sharded helper vs one Query loop over a single partition, same items
        workspace = new_id()
        baseline_pk = f"BENCH#ONE#{workspace}"
        with table.batch_writer() as batch:
            for i in range(ENUMERATED):
                contact_id = new_id()
                item = {
                    "workspace_id": workspace,
                    "id": contact_id,
                    "email": f"e{i}@example.com",
                    "status": "active",
                }
                batch.put_item(Item={**store.contact_key(workspace, contact_id), **item})
                batch.put_item(Item={"pk": baseline_pk, "sk": f"C#{contact_id}", **item})
        started = time.perf_counter()
        sharded = sum(len(page) for page in service.scan_pages(workspace))
        sharded_s = time.perf_counter() - started
        started = time.perf_counter()
        single, query = 0, {"KeyConditionExpression": Key("pk").eq(baseline_pk), "Limit": 500}
        while True:
            page = table.query(**query)
            single += len(page["Items"])
            if "LastEvaluatedKey" not in page:
                break
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        single_s = time.perf_counter() - started
        assert sharded == single == ENUMERATED, (sharded, single)
        print(f"enumerate {ENUMERATED} sharded ({store.SHARDS} shards, parallel) {sharded_s:6.2f}s")
        print(f"enumerate {ENUMERATED} one partition, one Query loop   {single_s:6.2f}s")
        print(f"sharded / single                          {sharded_s / single_s:6.2f}x")
        print(json.dumps({"note": "moto serializes requests; on DynamoDB the shards are read in parallel"}))


if __name__ == "__main__":
    main()
