"""Shared fixtures: AWS on moto (mock_aws) with every topology resource, and callers."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

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
)
os.environ.pop("AWS_ENDPOINT_URL", None)


@pytest.fixture
def aws() -> Iterator[dict[str, str]]:
    """moto with every resource of the topology; yields the environment that names them."""
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
