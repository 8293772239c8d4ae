"""Signup forms: submissions per second through the public handler on moto, against raw PutItem on the same
moto in the same run, for a single opt-in list and a double opt-in one (whose every signup also sends its
confirmation email); AWS requests and cost per 1,000 signups.

Run: .venv/bin/python bench/forms.py [submissions=300] [rounds=3]   (compare the ratio, not the rates)

Each submission is what a browser posts to `POST /f/{public_id}`: a form-encoded body with a new address
and a first name, from its own IP (so no rate limit is reached). Rounds alternate the form and the
baseline, so a slower moment of the machine weighs on both. The baseline is one PutItem of a small item
per submission into the contacts table: the least a signup could write.
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from typing import Any
from urllib.parse import urlencode

from environment import prepare

ROOT = prepare(LETTERCAST_DOMAIN_PROOF="assume", SES_MAX_SEND_RATE="1000", SES_MAX_24H_SEND="1000000")
warnings.filterwarnings("ignore")

import boto3  # noqa: E402
from events import LAMBDA_GB_S, LAMBDA_REQUEST, PRICES, PRICES_NOW, Counter_  # noqa: E402
from moto import mock_aws  # noqa: E402

SES_MESSAGE = 0.10 / 1000
SIGNUP_MS = 120  # an assumed Lambda duration of one signup at 512 MB (moto's timing says nothing of it)
MEMORY_GB = 0.5


def submit(public_handler: Any, public_id: str, n: int, start: int, prefix: str) -> float:
    from infra.local.events import LambdaContext
    from tests.builders import rest_event

    began = time.perf_counter()
    for i in range(start, start + n):
        body = urlencode({"email": f"{prefix}{i:06d}@example.com", "first_name": f"F{i}"})
        event = rest_event(
            "POST",
            f"/f/{public_id}",
            raw_body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "bench"},
        )
        event["requestContext"]["identity"]["sourceIp"] = f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"
        answer = public_handler(event, LambdaContext("public"))
        assert answer["statusCode"] in (200, 303), (answer["statusCode"], answer["body"][:300])
    return time.perf_counter() - began


def raw_puts(client: Any, table: str, n: int, start: int) -> float:
    began = time.perf_counter()
    for i in range(start, start + n):
        client.put_item(
            TableName=table,
            Item={"pk": {"S": f"RAW#{i}"}, "sk": {"S": "C"}, "email": {"S": f"r{i}@example.com"}},
        )
    return time.perf_counter() - began


def main(submissions: int, rounds: int) -> None:
    counter = Counter_()
    with mock_aws():
        counter.install()
        from infra.local.resources import create_all
        from infra.topology import TOPOLOGY

        env = create_all(TOPOLOGY)
        os.environ.update(env)
        from functions.account import service as accounts
        from functions.core import aws
        from functions.forms.handler import handler as forms_handler
        from functions.lists.handler import handler as lists_handler
        from functions.public.handler import handler as public_handler
        from functions.senders.handler import handler as senders_handler
        from tests.integration.conftest import Client

        aws.reset()
        _, key = accounts.ensure_operator_workspace("Bench", "bench@example.com")
        caller = accounts.authenticate(key)
        assert caller is not None
        senders = Client(senders_handler, caller)
        senders.post("/v1/domains", {"domain": "bench.example"})
        senders.post("/v1/senders", {"name": "S", "from_name": "B", "from_email": "hi@bench.example"})
        lists = Client(lists_handler, caller)
        forms = Client(forms_handler, caller)
        public_ids = {}
        for kind, double in (("single", False), ("double", True)):
            made = lists.post(
                "/v1/lists",
                {"name": kind, "from_name": "B", "from_email": "hi@bench.example", "double_opt_in": double},
            ).data
            form = forms.post("/v1/forms", {"name": kind, "list_id": made["id"], "fields": []})
            assert form.status == 201, form.body
            public_ids[kind] = form.data["public_id"]
        dynamo = boto3.client("dynamodb")
        table = env["TABLE_CONTACTS"]

        took = {"single": 0.0, "double": 0.0, "raw": 0.0}
        calls: dict[str, Any] = {}
        for r in range(rounds):
            for kind in ("single", "double"):
                counter.reset()
                counter.on = r == 0
                took[kind] += submit(public_handler, public_ids[kind], submissions, r * submissions, kind[0])
                counter.on = False
                if r == 0:
                    calls[kind] = (dict(counter.calls), counter.wru, counter.rru)
            took["raw"] += raw_puts(dynamo, table, submissions, r * submissions)

    total = submissions * rounds
    raw_rate = total / took["raw"]
    print(f"forms bench: {total} submissions per form through POST /f/{{public_id}} (moto in-process)")
    print(f"  raw PutItem: {raw_rate:.0f}/s")
    for kind in ("single", "double"):
        rate = total / took[kind]
        label = "single opt-in" if kind == "single" else "double opt-in (+ confirmation email)"
        print(f"  {label}: {rate:.0f} submissions/s; ratio to raw PutItem: {rate / raw_rate:.2f}")
    for kind in ("single", "double"):
        counts, wru, rru = calls[kind]
        per = 1000 / submissions
        requests = ", ".join(f"{k} {v * per:.0f}" for k, v in sorted(counts.items()))
        print(f"  AWS requests per 1,000 {kind} opt-in signups: {requests}")
        emails = 1000 if kind == "double" else 0
        lam = 1000 * (LAMBDA_REQUEST + MEMORY_GB * SIGNUP_MS / 1000 * LAMBDA_GB_S)
        for label, prices in (("list prices", PRICES), ("today's prices", PRICES_NOW)):
            dynamo_cost = (wru * prices["wru"] + rru * prices["rru"]) * per
            print(
                f"    cost per 1,000 ({label}): ${dynamo_cost + lam:.4f} beside SES "
                f"(DynamoDB {wru * per:.0f} WRU, {rru * per:.0f} RRU ${dynamo_cost:.4f}, Lambda ${lam:.4f})"
                + (f"; SES ${emails * SES_MESSAGE:.2f} for the confirmations" if emails else "")
            )


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*(args + [300, 3][len(args) :]))
