"""Per-workspace request rate limit: a fixed one-minute window, counted in DynamoDB with atomic ADDs.

The counters live in the idempotency table (short-lived request bookkeeping with a TTL), so no function
needs another grant. Every answer carries RateLimit-* headers; past the limit it is a 429 with Retry-After.

A function instance takes its tokens a block at a time and spends them from memory: one DynamoDB write per
block instead of one per request. In each window an instance's first block is one token and each next one
twice the last, up to half a percent of the limit (at most 50): an instance that serves few requests holds
few, a busy one writes a few times a minute. Tokens an instance took but did not spend are lost when the
window ends, so a workspace may be refused that many requests early: at most the last block of each
running instance, itself at most what the instance spent before it. Below 400 a minute every block is one
token and the count is exact.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from functions.core import aws
from functions.core.clock import timestamp
from functions.core.errors import RateLimited
from functions.core.settings import resource_name, settings

WINDOW_S = 60
BLOCK_SHARE = 200  # a block is limit // BLOCK_SHARE tokens
MAX_BLOCK = 50


@dataclass
class _Lease:
    window: int
    left: int  # tokens of the block not spent yet
    used: int  # the window's count after the block was taken (every instance's requests)
    block: int  # the size of that block


_leases: dict[str, _Lease] = {}
_lock = threading.Lock()


def block_size(limit: int) -> int:
    """The largest block an instance takes."""
    return max(1, min(MAX_BLOCK, limit // BLOCK_SHARE))


def take(workspace_id: str) -> dict[str, str]:
    """Count one request; returns the RateLimit-* headers, or raises RateLimited (429)."""
    limit = settings().rate_limit_per_minute
    with _lock:
        moment = timestamp()
        window = int(moment // WINDOW_S)
        lease = _leases.get(workspace_id)
        if lease is None or lease.window < window:
            lease = _leases[workspace_id] = _take_block(workspace_id, window, 1, limit)
        elif lease.left <= 0:
            size = min(block_size(limit), 2 * lease.block)
            lease = _leases[workspace_id] = _take_block(workspace_id, lease.window, size, limit)
        lease.left -= 1
        # Requests counted but not made yet (this block's rest) are not "remaining" for anyone else.
        used = lease.used - max(0, lease.left)
        allowed = lease.left >= 0 and used <= limit
        reset = max(1, int((lease.window + 1) * WINDOW_S - moment))
    headers = {
        "RateLimit-Limit": str(limit),
        "RateLimit-Remaining": str(max(0, limit - used)),
        "RateLimit-Reset": str(reset),
    }
    if not allowed:
        raise RateLimited(
            f"More than {limit} requests a minute for this workspace; retry in {reset} s",
            retry_after_s=reset,
            headers=headers,
        )
    return headers


def _take_block(workspace_id: str, window: int, size: int, limit: int) -> _Lease:
    response = aws.dynamodb_client().update_item(
        TableName=resource_name("TABLE_IDEMPOTENCY"),
        Key={"id": f"ratelimit#{workspace_id}#{window}"},
        UpdateExpression="ADD #n :size SET expiration = if_not_exists(expiration, :expires)",
        ExpressionAttributeNames={"#n": "requests"},
        ExpressionAttributeValues={":size": size, ":expires": (window + 2) * WINDOW_S},
        ReturnValues="UPDATED_NEW",
    )
    used = int(response["Attributes"]["requests"])
    # Past the limit, only the block's tokens under it are spendable (none when it started past it).
    spendable = max(0, min(size, limit - (used - size)))
    return _Lease(window=window, left=spendable, used=used - size + spendable, block=size)


def allow(key: str, limit: int, window_s: int) -> tuple[bool, int]:
    """Count one hit of `key` in its fixed window of `window_s` seconds: (within `limit`, seconds until the
    window ends). One atomic ADD in the idempotency table; the counter expires with its window.

    For limits that are not per workspace (a public form's per-address and per-source limits): `key` names
    what is counted and must hold no personal data (hash an address first)."""
    moment = timestamp()
    window = int(moment // window_s)
    response = aws.dynamodb_client().update_item(
        TableName=resource_name("TABLE_IDEMPOTENCY"),
        Key={"id": f"limit#{key}#{window_s}#{window}"},
        UpdateExpression="ADD #n :one SET expiration = if_not_exists(expiration, :expires)",
        ExpressionAttributeNames={"#n": "hits"},
        ExpressionAttributeValues={":one": 1, ":expires": (window + 2) * window_s},
        ReturnValues="UPDATED_NEW",
    )
    hits = int(response["Attributes"]["hits"])
    return hits <= limit, max(1, int((window + 1) * window_s - moment))
