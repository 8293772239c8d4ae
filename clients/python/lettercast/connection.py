"""`connect()`: the generated AuthenticatedClient, wired to the retrying, idempotent transports."""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from lettercast.generated import AuthenticatedClient
from lettercast.retries import AsyncRetryTransport, RetryPolicy, RetryTransport

USER_AGENT = "lettercast-python"


def connect(
    base_url: str,
    api_key: str,
    *,
    timeout_s: float = 30.0,
    policy: RetryPolicy | None = None,
    headers: Mapping[str, str] | None = None,
    transport: httpx.BaseTransport | None = None,
    async_transport: httpx.AsyncBaseTransport | None = None,
    raise_on_unexpected_status: bool = True,
) -> AuthenticatedClient:
    """A client for the API at `base_url` (the gateway URL, stage path included) authenticated by `api_key`.

    Its synchronous and asynchronous httpx clients both retry through `policy` (see lettercast.retries)
    and give each POST an Idempotency-Key. `timeout_s` bounds each try, not the retries together.
    `transport` / `async_transport` replace the network below the retries (proxies, tests).
    With `raise_on_unexpected_status`, a status the API does not document raises
    `lettercast.UnexpectedStatus`; documented errors (400, 404, 429, ...) are returned as `Error` models.
    """
    policy = policy or RetryPolicy()
    timeout = httpx.Timeout(timeout_s)
    sent = {"Authorization": f"Bearer {api_key}", "User-Agent": USER_AGENT, **(headers or {})}
    client = AuthenticatedClient(
        base_url=base_url,
        token=api_key,
        headers=dict(sent),
        timeout=timeout,
        raise_on_unexpected_status=raise_on_unexpected_status,
    )
    client.set_httpx_client(
        httpx.Client(
            base_url=base_url, headers=sent, timeout=timeout, transport=RetryTransport(transport, policy)
        )
    )
    client.set_async_httpx_client(
        httpx.AsyncClient(
            base_url=base_url,
            headers=sent,
            timeout=timeout,
            transport=AsyncRetryTransport(async_transport, policy),
        )
    )
    return client
