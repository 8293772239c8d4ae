"""The Python client's retries and automatic Idempotency-Key, over an httpx MockTransport (no server)."""

from __future__ import annotations

import asyncio
import io
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "clients" / "python"))

from lettercast import AsyncRetryTransport, RetryPolicy, RetryTransport, connect  # noqa: E402
from lettercast.generated.api.contacts import get_contact  # noqa: E402
from lettercast.generated.models import Error  # noqa: E402
from lettercast.retries import retry_after_s  # noqa: E402

URL = "http://api.test"


class Server:
    """Answers with the given statuses in turn (the last one for ever) and records every request."""

    def __init__(
        self, *answers: int | Callable[[httpx.Request], httpx.Response], retry_after: str | None = None
    ):
        self.answers = list(answers)
        self.retry_after = retry_after
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers[min(len(self.requests), len(self.answers)) - 1]
        if callable(answer):
            return answer(request)
        headers = {"Retry-After": self.retry_after} if self.retry_after and answer in (429, 503) else {}
        return httpx.Response(answer, headers=headers, json={"error": {"code": "c", "message": "m"}})

    @property
    def keys(self) -> list[str | None]:
        return [request.headers.get("Idempotency-Key") for request in self.requests]


def _client(server: Server, policy: RetryPolicy | None = None) -> tuple[httpx.Client, list[float]]:
    waits: list[float] = []
    transport = RetryTransport(httpx.MockTransport(server), policy or RetryPolicy(), sleep=waits.append)
    return httpx.Client(base_url=URL, transport=transport), waits


def _refuse_connection(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


def _lose_answer(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadError("connection reset", request=request)


@pytest.mark.parametrize("status", [429, 503])
def test_a_post_retried_after_a_busy_answer_keeps_its_idempotency_key(status: int) -> None:
    server = Server(status, 201, retry_after="2")
    client, waits = _client(server)

    answer = client.post("/v1/lists", json={"name": "News"})

    assert answer.status_code == 201
    assert len(server.requests) == 2 and server.keys[0] and server.keys[0] == server.keys[1]
    assert server.requests[1].content == server.requests[0].content
    assert waits == [2.0]


class Wire(httpx.BaseTransport):
    """Sends a body as a network does, by iterating its stream once (MockTransport would buffer it first)."""

    def __init__(self, *statuses: int) -> None:
        self.statuses = list(statuses)
        self.bodies: list[bytes] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.bodies.append(b"".join(request.stream))  # type: ignore[arg-type]
        return httpx.Response(self.statuses.pop(0))


def test_a_body_streamed_from_a_file_is_sent_whole_again() -> None:
    wire = Wire(503, 201)
    client = httpx.Client(base_url=URL, transport=RetryTransport(wire, sleep=lambda _: None))

    client.post("/v1/imports", content=io.BytesIO(b"email\nann@example.com\n"))

    assert wire.bodies == [b"email\nann@example.com\n"] * 2


def test_each_post_gets_a_key_of_its_own_and_a_get_none() -> None:
    server = Server(200)
    client, _ = _client(server)

    client.post("/v1/lists", json={})
    client.post("/v1/lists", json={})
    client.get("/v1/lists")

    first, second, read = server.keys
    assert first and second and first != second
    assert read is None


def test_a_key_the_caller_chose_is_sent_unchanged() -> None:
    server = Server(503, 201)
    client, _ = _client(server)

    client.post("/v1/lists", json={}, headers={"Idempotency-Key": "make-news-list"})

    assert server.keys == ["make-news-list", "make-news-list"]


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 500])
def test_other_errors_are_answered_at_once(status: int) -> None:
    server = Server(status, 201)
    client, waits = _client(server)

    assert client.post("/v1/lists", json={}).status_code == status
    assert len(server.requests) == 1 and waits == []


def test_retries_stop_after_the_policy_s_count_with_the_last_answer() -> None:
    server = Server(503)
    client, waits = _client(server, RetryPolicy(max_retries=3))

    assert client.get("/v1/lists").status_code == 503
    assert len(server.requests) == 4 and len(waits) == 3


def test_without_retry_after_the_wait_is_a_growing_jittered_backoff_under_the_cap() -> None:
    server = Server(429)
    policy = RetryPolicy(max_retries=6, backoff_base_s=0.5, max_wait_s=4.0)
    client, waits = _client(server, policy)

    client.get("/v1/lists")

    ceilings = [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    assert all(ceiling / 2 <= wait <= ceiling for wait, ceiling in zip(waits, ceilings, strict=True))


def test_a_retry_after_beyond_the_cap_goes_back_to_the_caller() -> None:
    server = Server(429, 201, retry_after="3600")
    client, waits = _client(server, RetryPolicy(max_wait_s=30))

    answer = client.post("/v1/compose", json={})

    assert answer.status_code == 429 and answer.headers["Retry-After"] == "3600"
    assert len(server.requests) == 1 and waits == []


def test_a_refused_connection_is_tried_again() -> None:
    server = Server(_refuse_connection, 201)
    client, waits = _client(server)

    assert client.patch("/v1/contacts/x", json={}).status_code == 201
    assert len(server.requests) == 2 and len(waits) == 1


def test_a_lost_answer_is_tried_again_only_where_repeating_is_harmless() -> None:
    post_server, patch_server = Server(_lose_answer, 201), Server(_lose_answer, 200)
    post_client, _ = _client(post_server)
    patch_client, _ = _client(patch_server)

    assert post_client.post("/v1/lists", json={}).status_code == 201
    with pytest.raises(httpx.ReadError):
        patch_client.patch("/v1/contacts/x", json={})

    assert post_server.keys[0] == post_server.keys[1]
    assert len(patch_server.requests) == 1


def test_retry_after_may_be_an_http_date() -> None:
    later = datetime.now(UTC) + timedelta(seconds=20)

    assert 15 < retry_after_s(format_datetime(later, usegmt=True)) <= 20
    assert retry_after_s("1.5") == 1.5
    assert retry_after_s("soon") is None


def test_the_async_client_retries_with_the_same_key() -> None:
    server = Server(503, 201)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    async def post() -> httpx.Response:
        transport = AsyncRetryTransport(httpx.MockTransport(server), RetryPolicy(), sleep=sleep)
        async with httpx.AsyncClient(base_url=URL, transport=transport) as client:
            return await client.post("/v1/lists", json={})

    assert asyncio.run(post()).status_code == 201
    assert server.keys[0] and server.keys[0] == server.keys[1] and len(waits) == 1


def test_connect_gives_the_generated_client_the_key_and_the_retries() -> None:
    server = Server(503, 404)
    client = connect(
        URL, "lc_test", policy=RetryPolicy(backoff_base_s=0), transport=httpx.MockTransport(server)
    )

    answer = get_contact.sync_detailed("missing", client=client)

    assert answer.status_code == 404 and isinstance(answer.parsed, Error)
    assert [r.headers["Authorization"] for r in server.requests] == ["Bearer lc_test"] * 2
