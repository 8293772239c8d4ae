"""A campaign end to end in the local runtime: recipients per second, AWS requests and their cost.

Run: .venv/bin/python bench/campaign.py [recipients=10000]

The local runtime runs in this process (moto server, pollers, the real handlers), so a botocore
`before-parameter-build` hook on the default session counts every AWS request the handlers make.
Contacts are subscribed through the API first; counting starts at POST /send and ends when the campaign
is `sent` and every delivery notice is applied. Baseline in the same run: raw SES v2 SendEmail calls to
the same moto server, one per recipient, the least any sender could do.

Two rates: the sending rate (recipients over the time from POST /send to the campaign `sent`, every
recipient's SES call made), which is what the baseline's raw sends compare with; and end to end, until
SES's delivery notices are applied too (SES's part, played locally, then the feedback worker's).

Cost per 1,000 recipients from the counted requests, at us-east-1 list prices (on-demand DynamoDB,
standard SQS, Lambda arm64 requests, SNS publishes), excluding SES itself; compared with SES's $0.10 per
1,000 emails. DynamoDB units are estimated from the request: a put is 1 WRU per KB of its item (the
audience items, 50 recipients each, are a few KB), an update or delete 1 (items here are under 1 KB), 2
inside a transaction; a read 0.5 RRU (eventually consistent) and a query 0.5 RRU a page.
Lambda duration is not counted: moto's timing says nothing about Lambda's.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SES_MAX_SEND_RATE", "100000")  # measure our cost, not SES's pace

import boto3  # noqa: E402
import requests  # noqa: E402
from costs import PRICES, SES_PRICE_PER_1000, RequestCounter  # noqa: E402


def main() -> None:
    recipients = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    counter = RequestCounter()
    counter.install()
    from infra.local.runtime import LocalRuntime, free_port

    runtime = LocalRuntime(Path(tempfile.mkdtemp(prefix="lettercast-bench-")), free_port())
    url = runtime.start()
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {runtime.key}"

    def call(method: str, path: str, **kwargs: Any) -> Any:
        reply = session.request(method, url + path, timeout=60, **kwargs)
        assert reply.status_code < 300, (path, reply.status_code, reply.text)
        return reply.json()["data"] if reply.content else None

    try:
        call("POST", "/v1/domains", json={"domain": "bench.example"})
        sender = call(
            "POST",
            "/v1/senders",
            json={
                "name": "b",
                "from_name": "Bench",
                "from_email": "news@bench.example",
                "daily_limit": 10**7,
            },
        )
        the_list = call(
            "POST",
            "/v1/lists",
            json={"name": "Bench", "from_name": "Bench", "from_email": "news@bench.example"},
        )
        started = time.perf_counter()
        with ThreadPoolExecutor(4) as pool:
            list(
                pool.map(
                    lambda i: call(
                        "POST",
                        f"/v1/lists/{the_list['id']}/subscribers",
                        json={"email": f"r{i:06d}@example.com", "first_name": f"R{i}"},
                    ),
                    range(recipients),
                )
            )
        print(f"subscribed {recipients} contacts in {time.perf_counter() - started:.1f} s")
        campaign = call(
            "POST",
            "/v1/campaigns",
            json={
                "title": "Bench",
                "subject": "Hello {{ first_name }}",
                "html": "<p>Hi {{ first_name }}</p><a href='https://bench.example/a'>A</a>"
                "<a href='{{ unsubscribe_url }}'>Unsubscribe</a>",
                "list_id": the_list["id"],
                "sender_id": sender["id"],
            },
        )
        time.sleep(1)  # let the segment evaluator settle what subscribing wrote
        counter.on = True
        started = time.perf_counter()
        call("POST", f"/v1/campaigns/{campaign['id']}/send", json={})
        sent_after = None
        while True:
            stats = call("GET", f"/v1/campaigns/{campaign['id']}/stats")
            status = call("GET", f"/v1/campaigns/{campaign['id']}")["status"]
            if status == "sent" and sent_after is None:
                sent_after = time.perf_counter() - started
            if status == "sent" and stats["delivered"] >= stats["sent"]:
                break
            time.sleep(0.5)
        elapsed = time.perf_counter() - started
        counter.on = False
        assert stats["sent"] == recipients, stats

        ses = boto3.client("sesv2")
        from functions.core import mime

        raw = mime.build(
            from_name="Bench",
            from_email="news@bench.example",
            to="x@example.com",
            subject="Hi",
            html="x",
            text="x",
        )
        baseline_n = min(recipients, 2000)
        base_started = time.perf_counter()
        for i in range(baseline_n):
            ses.send_email(
                FromEmailAddress="news@bench.example",
                Destination={"ToAddresses": [f"raw{i}@example.com"]},
                Content={"Raw": {"Data": raw}},
            )
        baseline = baseline_n / (time.perf_counter() - base_started)
    finally:
        runtime.stop()

    rate, end_to_end = recipients / sent_after, recipients / elapsed
    print(f"\ncampaign to {recipients} recipients: `sent` after {sent_after:.1f} s ({rate:.0f} recipients/s)")
    print(f"  every delivery notice applied after {elapsed:.1f} s ({end_to_end:.0f} recipients/s end to end)")
    print(f"raw SES v2 SendEmail on the same moto server: {baseline:.0f}/s")
    print(f"sending rate / raw SES rate: {rate / baseline:.2f}  (goal: at least 0.5)")
    print(f"end to end / raw SES rate:   {end_to_end / baseline:.2f}")
    print("\nAWS requests per 1,000 recipients")
    per = 1000 / recipients
    for name, n in sorted(counter.calls.items(), key=lambda kv: -kv[1]):
        print(f"  {name:40s} {n * per:10.1f}")
    by_service: Counter[str] = Counter()
    for name, n in counter.calls.items():
        by_service[name.split(".")[0]] += n
    sqs_requests = by_service["sqs"] + counter.calls["sesv2.SendEmail"]
    # SES publishes one SNS notification per event it reports; SNS delivers it to SQS (a SendMessage).
    invocations = sum(counter.invocations.values())
    sns_publishes = counter.calls["sesv2.SendEmail"]  # one delivery notice per message
    cost = {
        "DynamoDB writes": counter.wru * PRICES["dynamodb.wru"],
        "DynamoDB reads": counter.rru * PRICES["dynamodb.rru"],
        "SQS requests": sqs_requests * PRICES["sqs.request"],
        "Lambda invocations": invocations * PRICES["lambda.invoke"],
        "SNS (SES events)": sns_publishes * PRICES["sns.publish"],
    }
    print("\nLambda invocations per 1,000 recipients")
    for name, n in sorted(counter.invocations.items(), key=lambda kv: -kv[1]):
        print(f"  {name:40s} {n * per:10.1f}")
    print("\nby service per 1,000 recipients")
    for service, n in sorted(by_service.items(), key=lambda kv: -kv[1]):
        print(f"  {service:12s} {n * per:10.1f} requests")
    print(f"  DynamoDB units: {counter.wru * per:.0f} WRU, {counter.rru * per:.0f} RRU")
    print("\nAWS cost per 1,000 recipients, excluding SES")
    total = 0.0
    for part, dollars in cost.items():
        total += dollars * per
        print(f"  {part:20s} ${dollars * per:.5f}")
    print(f"  {'total':20s} ${total:.5f}")
    print(f"SES per 1,000 emails   ${SES_PRICE_PER_1000:.5f}")
    print(f"overhead / SES price   {total / SES_PRICE_PER_1000:.1%}  (goal: under 3%)")
    # A receive of delivery notices carries what has arrived: one at a trickle, ten in a big campaign's
    # flow. This run's pace decides how many it carried here; the two bounds:
    receives = counter.feedback_receives * per
    print(f"  the feedback queue's receives carried {1000 / max(receives, 1):.1f} notices each; with")
    for carried in (1, 10):
        bound = total + (1000 / carried - receives) * PRICES["sqs.request"]
        print(f"    {carried:2d} a receive: {bound / SES_PRICE_PER_1000:.1%}")
    requests_per = sum(counter.calls.values()) / recipients
    dynamodb_per = by_service["dynamodb"] / recipients
    print(
        f"per recipient: {requests_per:.2f} AWS requests ({dynamodb_per:.2f} DynamoDB), "
        f"{counter.wru / recipients:.2f} WRU, {counter.rru / recipients:.2f} RRU"
    )


if __name__ == "__main__":
    main()
