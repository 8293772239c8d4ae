"""A CSV import in the local runtime: rows per second against raw BatchWriteItem on the same moto, the AWS
requests and their cost, and what 1,000,000 rows would take on AWS.

Run: .venv/bin/python bench/imports.py [rows=100000]   (compare the ratio, not the rates)

The local runtime runs in this process (moto server, pollers, the real handlers); a botocore hook counts
every AWS request the functions make (bench/costs.py). The file (email, first and last name, two
attribute columns, about 70 bytes a row) is uploaded to the presigned URL POST /v1/imports answers, into
a list; the clock runs from the upload to the job `completed`. Baseline in the same run: raw
BatchWriteItem of one contact-like item per row into the same contacts table on the same moto server,
half before the import and half after, so that the table's growth weighs on both alike.

The AWS projection for 1,000,000 rows takes, from this run, the requests a chunk makes per row and our
CPU per row (parsing, checking, merging: measured apart, without moto), and from the topology the chunk
size and how many chunk workers run at once; AWS latencies are stated below. DynamoDB's own write
throughput is the other bound: a new on-demand table takes up to 4,000 write units a second at first
(it doubles as it is used; the stack's contactsWarmWriteUnits context makes it ready for more).
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import boto3  # noqa: E402
import requests  # noqa: E402
from costs import PRICES, RequestCounter  # noqa: E402

from functions.imports.models import CHUNK_BYTES  # noqa: E402

HEADER = "Email Address,First Name,Last Name,Plan,City\r\n"
PLANS = ("free", "pro", "team")
CITIES = ("Oslo", "Bergen", "Lyon", "Porto", "Leeds")
# Stated AWS latencies (one request, from Lambda in the same region), for the projection.
LATENCY_S = {
    "dynamodb.TransactWriteItems": 0.025,  # up to 100 items
    "dynamodb.BatchGetItem": 0.010,
    "dynamodb.GetItem": 0.005,
    "dynamodb.PutItem": 0.006,
    "dynamodb.UpdateItem": 0.006,
    "dynamodb.Query": 0.008,
    "s3.GetObject": 0.060,  # a 1 MB range
    "s3.PutObject": 0.040,
    "s3.HeadObject": 0.020,
    "sqs.SendMessageBatch": 0.010,
}
LAMBDA_GB_S = 0.0000133334  # arm64
NEW_TABLE_WRU_S = 4000  # a new on-demand table's write throughput at first


def row(i: int) -> str:
    return f"u{i:07d}@example.com,First{i},Last{i},{PLANS[i % 3]},{CITIES[i % 5]}\r\n"


def our_cpu_per_row(rows: int) -> float:
    """CPU seconds a row costs our code alone: parsed, checked as a contact, folded (no AWS)."""
    from functions.contacts import bulk
    from functions.contacts.models import ContactUpsert
    from functions.imports import csvfile

    data = (HEADER + "".join(row(i) for i in range(rows))).encode()
    shape = csvfile.sniff(data[: csvfile.SAMPLE_BYTES])
    started = time.process_time()
    parsed = list(csvfile.rows(data[shape.header_bytes :], shape, 2))
    folded, _ = bulk.fold([bulk.Row(p.line, ContactUpsert.model_validate(p.values)) for p in parsed])
    assert len(folded) == rows
    return (time.process_time() - started) / rows


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    counter = RequestCounter()
    counter.install()
    from infra.local.runtime import LocalRuntime, free_port
    from infra.topology import TOPOLOGY

    runtime = LocalRuntime(Path(tempfile.mkdtemp(prefix="lettercast-bench-")), free_port())
    url = runtime.start()
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {runtime.key}"

    def call(method: str, path: str, **kwargs: Any) -> Any:
        # Long: the local runtime runs one writing invocation at a time, and a chunk takes a while there.
        reply = session.request(method, url + path, timeout=600, **kwargs)
        assert reply.status_code < 300, (path, reply.status_code, reply.text)
        return reply.json()["data"] if reply.content else None

    table = boto3.resource("dynamodb").Table(runtime.env["TABLE_CONTACTS"])

    def raw(start: int, count: int) -> float:
        began = time.perf_counter()
        with table.batch_writer() as batch:
            for i in range(start, start + count):
                batch.put_item(
                    Item={
                        "pk": f"WS#raw#S#{i % 16}",
                        "sk": f"C#{i:07d}",
                        "email": f"r{i:07d}@example.com",
                        "first_name": f"First{i}",
                        "last_name": f"Last{i}",
                        "attributes": {"plan": PLANS[i % 3], "city": CITIES[i % 5]},
                        "status": "active",
                        "version": 1,
                    }
                )
        return time.perf_counter() - began

    try:
        the_list = call(
            "POST",
            "/v1/lists",
            json={"name": "Bench", "from_name": "Bench", "from_email": "news@example.com"},
        )
        data = (HEADER + "".join(row(i) for i in range(rows))).encode()
        raw_s = raw(0, rows // 2)
        job = call("POST", "/v1/imports", json={"list_id": the_list["id"], "tags": ["bench"]})
        counter.on = True
        started = time.perf_counter()
        put = requests.put(job["upload_url"], data=data, headers={"Content-Type": "text/csv"}, timeout=300)
        assert put.status_code == 200, put.text
        while True:
            done = call("GET", f"/v1/imports/{job['id']}")
            if done["status"] in ("completed", "failed"):
                break
            time.sleep(1)
        import_s = time.perf_counter() - started
        counter.on = False
        raw_s += raw(rows // 2, rows - rows // 2)
        assert done["status"] == "completed" and done["created"] == rows, done
        listed = call("GET", f"/v1/lists/{the_list['id']}")
    finally:
        runtime.stop()

    cpu = our_cpu_per_row(min(rows, 20_000))
    rate, raw_rate = rows / import_s, rows / raw_s
    print(f"{rows} rows, {len(data) / 1e6:.1f} MB, {done['chunks_total']} chunks, into a list")
    print(f"import (upload to completed)           {rate:8.0f} rows/s   ({import_s:.1f} s)")
    print(f"raw BatchWriteItem, same moto           {raw_rate:8.0f} rows/s   ({raw_s:.1f} s)")
    print(f"import / raw                            {rate / raw_rate:8.2f}   (goal >= 0.5)")
    print(f"job: created {done['created']}, failed {done['failed_rows']}", end="")
    print(f"; list subscribers {listed['subscribers_count']}")

    per_row = {k: v / rows for k, v in counter.calls.items()}
    print("\nAWS requests per 1,000 rows")
    for name, n in sorted(per_row.items(), key=lambda kv: -kv[1]):
        print(f"  {name:40s} {n * 1000:10.2f}")
    print(f"  DynamoDB units per row: {counter.wru / rows:.2f} WRU, {counter.rru / rows:.2f} RRU")
    invocations = sum(counter.invocations.values())
    for name, n in sorted(counter.invocations.items()):
        print(f"  invocations of {name:32s} {n}")

    # --- cost per 100,000 rows ---
    sqs_requests = sum(n for k, n in counter.calls.items() if k.startswith("sqs."))
    s3_requests = Counter({k: n for k, n in counter.calls.items() if k.startswith("s3.")})
    chunk_fn = TOPOLOGY.function("import-chunks")
    bytes_per_row = len(data) / rows
    io_s_per_row = sum(LATENCY_S.get(k, 0.01) * v for k, v in per_row.items() if not k.startswith("sqs."))
    lambda_s_per_row = io_s_per_row + cpu
    scale = 100_000 / rows
    cost = {
        "DynamoDB writes": counter.wru * PRICES["dynamodb.wru"] * scale,
        "DynamoDB reads": counter.rru * PRICES["dynamodb.rru"] * scale,
        "S3 requests": (
            sum(n for k, n in s3_requests.items() if k in ("s3.PutObject",)) * 0.005 / 1000
            + sum(n for k, n in s3_requests.items() if k not in ("s3.PutObject",)) * 0.0004 / 1000
        )
        * scale,
        "SQS requests": sqs_requests * PRICES["sqs.request"] * scale,
        "Lambda": (
            invocations * PRICES["lambda.invoke"] * scale
            + 100_000 * lambda_s_per_row * chunk_fn.memory_mb / 1024 * LAMBDA_GB_S
        ),
    }
    print("\nAWS cost per 100,000 rows imported (us-east-1 list prices; S3 storage for a week is cents)")
    for part, dollars in cost.items():
        print(f"  {part:18s} ${dollars:.4f}")
    print(f"  {'total':18s} ${sum(cost.values()):.4f}")

    # --- projection: 1,000,000 rows on AWS ---
    million = 1_000_000
    chunks = math.ceil(million * bytes_per_row / CHUNK_BYTES)
    workers = TOPOLOGY.queue("import-chunks").max_concurrency or 1
    chunk_s = million / chunks * lambda_s_per_row
    waves = math.ceil(chunks / workers)
    planner_s = len(data) / rows * million / 20e6 + 1.0  # the boundary scan at ~20 MB/s, plus reading
    latency_bound = planner_s + waves * chunk_s
    throughput_bound = million * counter.wru / rows / NEW_TABLE_WRU_S
    needed_wru_s = million * counter.wru / rows / (600 - planner_s)
    print("\nProjection: 1,000,000 rows on AWS")
    print(f"  our CPU per row {cpu * 1e6:.0f} us (Lambda of {chunk_fn.memory_mb} MB: one vCPU)")
    print(f"  AWS waits per row {io_s_per_row * 1e6:.0f} us at the stated latencies")
    print(f"  a chunk of {million // chunks} rows: {chunk_s:.1f} s")
    print(f"  {chunks} chunks, {workers} workers at once: {waves} waves; planner {planner_s:.1f} s")
    print(f"  bound by requests and CPU: {latency_bound / 60:.1f} min")
    print(
        f"  bound by DynamoDB writes ({counter.wru / rows:.1f} WRU a row) on a new on-demand table "
        f"({NEW_TABLE_WRU_S} WRU/s): {throughput_bound / 60:.1f} min"
    )
    print(f"  under 10 minutes takes {needed_wru_s:,.0f} WRU/s of table throughput", end="")
    print(" (warm throughput bought ahead, or a table that has been used so)")
    warm = math.ceil(needed_wru_s / 1000) * 1000
    warm_bound = million * counter.wru / rows / warm
    print(
        f"  deployed with -c contactsWarmWriteUnits={warm}: "
        f"{max(latency_bound, planner_s + warm_bound) / 60:.1f} min"
    )


if __name__ == "__main__":
    os.environ.setdefault("SES_MAX_SEND_RATE", "100000")
    main()
