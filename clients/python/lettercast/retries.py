"""httpx transports that retry what the API says is worth retrying, and make every POST idempotent.

- 429 and 503 answers, and connection errors, are tried again, at most `RetryPolicy.max_retries` times.
- The wait is the answer's `Retry-After` (seconds, or an HTTP date) when it has one; a wait longer than
  `max_wait_s` is not waited at all: the answer goes back to the caller, since asking sooner than the
  server said only earns another 429 (a sender's daily limit says "after midnight"). Without the header
  the wait is an exponential backoff with jitter, capped at `max_wait_s`.
- Every POST without an `Idempotency-Key` gets one (a uuid4) before its first try, and every try of that
  request sends the same key, so the API replays the first answer instead of doing the work twice.
- Any other status (400, 401, 403, 404, 409, 422, 500, ...) is returned at once, never retried.
- A request body streamed from a file is read into memory before the first try, so a retry can send it.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import AsyncIterable, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

IDEMPOTENCY_HEADER = "Idempotency-Key"
RETRY_STATUSES = frozenset({429, 503})
# Methods whose repetition changes nothing by itself: a try that may have reached the server is repeated.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# Connection errors: the request never left (NEVER_SENT), or its answer was lost on the way (MAYBE_SENT,
# which includes a kept-alive connection the server had closed).
NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
MAYBE_SENT = (httpx.NetworkError, httpx.TimeoutException, httpx.RemoteProtocolError)


@dataclass(frozen=True)
class RetryPolicy:
    """How many times to try again and how long to wait in between."""

    max_retries: int = 3
    backoff_base_s: float = 0.5
    max_wait_s: float = 30.0
    jitter: Callable[[float, float], float] = field(default=random.uniform, repr=False, compare=False)

    def backoff(self, retry: int) -> float:
        """The wait before retry `retry` (from 0) when the server named none: half fixed, half random."""
        ceiling = min(self.max_wait_s, self.backoff_base_s * 2**retry)
        return self.jitter(ceiling / 2, ceiling)

    def wait_for(self, response: httpx.Response, retry: int) -> float | None:
        """Seconds to wait before trying `response`'s request again, or None when it must not be retried."""
        if response.status_code not in RETRY_STATUSES or retry >= self.max_retries:
            return None
        asked = retry_after_s(response.headers.get("Retry-After"))
        if asked is None:
            return self.backoff(retry)
        return asked if asked <= self.max_wait_s else None

    def wait_after_error(
        self, request: httpx.Request, error: httpx.TransportError, retry: int
    ) -> float | None:
        """Seconds to wait before sending `request` again after `error`, or None to raise it."""
        if retry >= self.max_retries:
            return None
        if not isinstance(error, NEVER_SENT):
            # The request may have reached the server: send it again only when that is harmless.
            harmless = request.method in IDEMPOTENT_METHODS or IDEMPOTENCY_HEADER in request.headers
            if not (harmless and isinstance(error, MAYBE_SENT)):
                return None
        return self.backoff(retry)


def retry_after_s(value: str | None) -> float | None:
    """`Retry-After` in seconds: a number of seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def with_idempotency_key(request: httpx.Request) -> None:
    """Give a POST a fresh `Idempotency-Key` unless the caller chose one."""
    if request.method == "POST" and IDEMPOTENCY_HEADER not in request.headers:
        request.headers[IDEMPOTENCY_HEADER] = str(uuid.uuid4())


class RetryTransport(httpx.BaseTransport):
    """Wraps a synchronous transport (default: httpx.HTTPTransport) with the retries described above."""

    def __init__(
        self,
        wrapped: httpx.BaseTransport | None = None,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.wrapped = wrapped or httpx.HTTPTransport()
        self.policy = policy or RetryPolicy()
        self._sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with_idempotency_key(request)
        request.read()  # a body streamed from a file is kept, so that a retry sends the same bytes
        retry = 0
        while True:
            try:
                response = self.wrapped.handle_request(request)
            except httpx.TransportError as error:
                wait = self.policy.wait_after_error(request, error, retry)
                if wait is None:
                    raise
            else:
                wait = self.policy.wait_for(response, retry)
                if wait is None:
                    return response
                response.close()
            self._sleep(wait)
            retry += 1

    def close(self) -> None:
        self.wrapped.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The same retries around an asynchronous transport (default: httpx.AsyncHTTPTransport)."""

    def __init__(
        self,
        wrapped: httpx.AsyncBaseTransport | None = None,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.wrapped = wrapped or httpx.AsyncHTTPTransport()
        self.policy = policy or RetryPolicy()
        self._sleep = sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        with_idempotency_key(request)
        if isinstance(request.stream, AsyncIterable):
            await request.aread()  # a body streamed from a file is kept, so that a retry sends the same bytes
        retry = 0
        while True:
            try:
                response = await self.wrapped.handle_async_request(request)
            except httpx.TransportError as error:
                wait = self.policy.wait_after_error(request, error, retry)
                if wait is None:
                    raise
            else:
                wait = self.policy.wait_for(response, retry)
                if wait is None:
                    return response
                await response.aclose()
            await self._sleep(wait)
            retry += 1

    async def aclose(self) -> None:
        await self.wrapped.aclose()
