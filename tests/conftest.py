"""Shared fixtures: AWS on moto (mock_aws) with every topology resource, once per test worker.

The topology is created once per worker (pytest-xdist runs each worker as its own session) and shared by
every test the worker runs: tests stay apart by workspace, as the design promises tenants do (each test
gets its own, tests/integration/conftest.py). What the whole account shares is put back before each test
that uses AWS (`_account_state`): queues, schedules, the SES outbox, the settings read from the
environment; and the tables are emptied before each test module, since moto's scans and index queries
walk every item of a table and would slow down as the worker's tests add to them.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# Where tests/browser keeps its screenshots of the public pages, for a person to look at after a run.
SCREENSHOTS = ROOT / ".artifacts" / "browser"
STARTED = time.time()

# Set before any handler module is imported: handlers read settings at cold start.
os.environ.update(
    AWS_DEFAULT_REGION="us-east-1",
    AWS_REGION="us-east-1",
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    POWERTOOLS_TRACE_DISABLED="1",
    POWERTOOLS_METRICS_DISABLED="1",
    POWERTOOLS_LOG_LEVEL="WARNING",
    POWERTOOLS_SERVICE_NAME="lettercast-test",
    PUBLIC_BASE_URL="https://lettercast.test",
    # moto has no SES GetAccount: the account's limits as SES would report them, and no waiting to retry.
    SES_MAX_SEND_RATE="1000",
    SES_MAX_24H_SEND="1000000",
    THROTTLE_BACKOFF_S="0",
    RECOUNT_SETTLE_S="0",  # no worker outlives its call here: recount at once
    # Each test starts on empty queues (reset_account_state): purged more often than SQS's once a minute.
    MOTO_SQS_ENFORCE_STRICT_QUEUE_PURGE_BEHAVIOUR="false",
)
os.environ.pop("AWS_ENDPOINT_URL", None)


@pytest.fixture(scope="session")
def aws() -> Iterator[dict[str, str]]:
    """moto with every resource of the topology, once per worker; yields the environment that names them."""
    from moto import mock_aws

    from functions.core import aws as core_aws
    from functions.core import idempotency, signing
    from infra.local.resources import create_all
    from infra.topology import TOPOLOGY

    with mock_aws():
        env = create_all(TOPOLOGY)
        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        for module in (core_aws, signing, idempotency):
            module.reset()
        try:
            yield env
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
            for module in (core_aws, signing, idempotency):
                module.reset()


def _uses_aws(item: pytest.Item) -> bool:
    return "aws" in getattr(item, "fixturenames", ())


@pytest.fixture(scope="module", autouse=True)
def _empty_tables(request: pytest.FixtureRequest) -> None:
    """Each test module that uses AWS starts on empty tables: moto's scans and index queries read every item
    of a table, so what earlier modules left would slow every later one down."""
    if any(_uses_aws(item) for item in request.session.items if item.module is request.module):
        request.getfixturevalue("aws")  # the module's first test may not ask for it, a later one does
        empty_tables()


@pytest.fixture(autouse=True)
def _account_state(request: pytest.FixtureRequest) -> Iterator[None]:
    """What the whole account shares, as a new account has it, before each test that uses AWS."""
    from functions.core.settings import settings

    if _uses_aws(request.node):
        request.getfixturevalue("aws")
        reset_account_state()
    yield
    settings.cache_clear()  # a test that changed the environment leaves no settings behind


def empty_tables() -> None:
    """Delete every item of every table of the topology (far cheaper than creating the tables again)."""
    import boto3

    from infra.topology import TOPOLOGY

    dynamodb = boto3.resource("dynamodb")
    for spec in TOPOLOGY.tables:
        table = dynamodb.Table(os.environ[spec.env])
        keys = [spec.pk, *([spec.sk] if spec.sk else [])]
        names = {f"#k{i}": key for i, key in enumerate(keys)}
        scan = {"ProjectionExpression": ", ".join(names), "ExpressionAttributeNames": names}
        with table.batch_writer() as batch:
            while True:
                page = table.scan(**scan)
                for item in page["Items"]:
                    batch.delete_item(Key=item)
                if "LastEvaluatedKey" not in page:
                    break
                scan["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def reset_account_state() -> None:
    """Empty queues with the topology's visibility timeouts, no schedules, an empty SES outbox and settings
    read again from the environment: nothing an earlier test left behind reaches this one."""
    from moto.ses.models import ses_backends

    from functions.core import aws as core_aws
    from functions.core.settings import resource_name, settings
    from infra.local.events import ACCOUNT, REGION
    from infra.topology import TOPOLOGY

    settings.cache_clear()
    sqs = core_aws.client("sqs")
    for queue in TOPOLOGY.queues:
        for url in (resource_name(queue.env), resource_name(queue.dlq_env)):
            sqs.purge_queue(QueueUrl=url)
        sqs.set_queue_attributes(
            QueueUrl=resource_name(queue.env),
            Attributes={"VisibilityTimeout": str(queue.visibility_timeout_s)},
        )
    scheduler = core_aws.client("scheduler")
    for group in scheduler.list_schedule_groups()["ScheduleGroups"]:
        for schedule in scheduler.list_schedules(GroupName=group["Name"])["Schedules"]:
            scheduler.delete_schedule(Name=schedule["Name"], GroupName=group["Name"])
    ses_backends[ACCOUNT][REGION].sent_messages.clear()  # moto's record of what SES sent


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say where this run's browser screenshots are, when the browser tests ran (and took any)."""
    taken = [shot for shot in SCREENSHOTS.glob("*.png") if shot.stat().st_mtime >= STARTED]
    if taken:
        terminalreporter.write_line(f"browser screenshots ({len(taken)} pages): {SCREENSHOTS}")
