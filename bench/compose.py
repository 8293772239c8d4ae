"""Compose throughput: 100-recipient requests through the real handler vs raw SES v2 SendEmail on moto.

Run: .venv/bin/python bench/compose.py   (in-process mock_aws; compare the ratio, not the rates)
"""

from __future__ import annotations

import json
import os
import time
import warnings

from environment import prepare

# moto has no SES GetAccount: the limits come from the environment, as the local runtime gives them.
ROOT = prepare(SES_MAX_SEND_RATE="1000", SES_MAX_24H_SEND="100000000")
warnings.filterwarnings("ignore")

from moto import mock_aws  # noqa: E402

REQUESTS = 5
PER_REQUEST = 100


def main() -> None:
    with mock_aws():
        from infra.local.resources import create_all
        from infra.topology import TOPOLOGY

        os.environ.update(create_all(TOPOLOGY))
        import boto3

        from functions.account import service as accounts
        from functions.compose.handler import handler as compose
        from functions.core import mime
        from functions.senders.handler import handler as senders
        from tests.builders import LambdaContext, rest_event

        _, key = accounts.ensure_operator_workspace("Bench", "bench@example.com")
        caller = accounts.authenticate(key)
        senders(
            rest_event("POST", "/v1/domains", body={"domain": "bench.example"}, caller=caller),
            LambdaContext(),
        )
        created = senders(
            rest_event(
                "POST",
                "/v1/senders",
                body={
                    "name": "b",
                    "from_name": "Bench",
                    "from_email": "b@bench.example",
                    "daily_limit": 1_000_000,
                },
                caller=caller,
            ),
            LambdaContext(),
        )
        account_key = json.loads(created["body"])["data"]["account_key"]
        started = time.perf_counter()
        for r in range(REQUESTS):
            body = {
                "account_key": account_key,
                "subject": "Hi {{ first_name }}",
                "body": "<p>Hello {{ first_name }}, your code is {{ code }}</p>",
                "recipients": {"emails": [f"r{r}-{i}@example.com" for i in range(PER_REQUEST)]},
                "variables": {"first_name": "Friend", "code": "42"},
            }
            reply = compose(rest_event("POST", "/v1/compose", body=body, caller=caller), LambdaContext())
            assert reply["statusCode"] == 200, reply["body"]
        through_api = time.perf_counter() - started
        ses = boto3.client("sesv2")
        raw = mime.build(
            from_name="Bench",
            from_email="b@bench.example",
            to="x@example.com",
            subject="Hi",
            html="<p>x</p>",
            text="x",
        )
        started = time.perf_counter()
        for i in range(REQUESTS * PER_REQUEST):
            ses.send_email(
                FromEmailAddress="b@bench.example",
                Destination={"ToAddresses": [f"raw{i}@example.com"]},
                Content={"Raw": {"Data": raw}},
                ConfigurationSetName="lettercast",
            )
        raw_s = time.perf_counter() - started
        total = REQUESTS * PER_REQUEST
        print(
            f"compose, {REQUESTS} requests x {PER_REQUEST} recipients   {total / through_api:8.0f} messages/s"
        )
        print(f"raw SES v2 SendEmail                    {total / raw_s:8.0f} messages/s")
        print(f"compose / raw                           {through_api / raw_s:8.2f}x the time per message")
        print("  (per message compose also renders, builds MIME, checks suppression, writes the send record,")
        print("   the contact's activity and an email.sent event)")


if __name__ == "__main__":
    main()
