"""Each workspace has a request rate limit: RateLimit-* headers on every answer, then 429 with Retry-After."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from functions.account.handler import handler
from functions.core import ratelimit
from functions.core.auth import Caller
from functions.core.settings import settings
from tests.integration.conftest import Client


@pytest.fixture
def four_hundred_a_minute(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("LETTERCAST_RATE_LIMIT_PER_MINUTE", "400")
    settings.cache_clear()
    yield
    settings.cache_clear()


@pytest.fixture
def three_a_minute(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("LETTERCAST_RATE_LIMIT_PER_MINUTE", "3")
    settings.cache_clear()
    yield
    settings.cache_clear()


def test_requests_past_the_limit_get_429_with_retry_after(
    three_a_minute: None, workspace: Caller, other_workspace: Caller
) -> None:
    api = Client(handler, workspace)
    first = api.get("/v1/account")
    assert first.headers["RateLimit-Limit"] == "3"
    assert first.headers["RateLimit-Remaining"] == "2"
    replies = [api.get("/v1/account") for _ in range(3)]
    assert [r.status for r in replies] == [200, 200, 429]
    refused = replies[-1]
    assert refused.error["code"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.headers["RateLimit-Remaining"] == "0"
    assert Client(handler, other_workspace).get("/v1/account").status == 200  # its own window


def test_tokens_taken_two_at_a_time_still_count_each_request(
    four_hundred_a_minute: None, workspace: Caller
) -> None:
    api = Client(handler, workspace)
    remaining = [int(api.get("/v1/account").headers["RateLimit-Remaining"]) for _ in range(5)]

    assert remaining == [399, 398, 397, 396, 395]


def test_an_instance_that_serves_one_request_holds_no_tokens_back(workspace: Caller) -> None:
    api = Client(handler, workspace)
    remaining = []
    for _ in range(5):
        ratelimit._leases.clear()  # each request on a fresh function instance, as under a burst on AWS
        remaining.append(int(api.get("/v1/account").headers["RateLimit-Remaining"]))

    assert remaining == [5999, 5998, 5997, 5996, 5995]
