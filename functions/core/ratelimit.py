"""Per-workspace request rate limit: a fixed one-minute window counted with one atomic ADD.

The counters live in the idempotency table (short-lived request bookkeeping with a TTL), so no function
needs another grant. Every answer carries RateLimit-* headers; past the limit it is a 429 with Retry-After.
"""

from __future__ import annotations

import time

from functions.core import aws
from functions.core.errors import RateLimited
from functions.core.settings import resource_name, settings

WINDOW_S = 60


def take(workspace_id: str) -> dict[str, str]:
    """Count one request; returns the RateLimit-* headers, or raises RateLimited (429)."""
    limit = settings().rate_limit_per_minute
    moment = time.time()
    window = int(moment // WINDOW_S)
    reset = max(1, int((window + 1) * WINDOW_S - moment))
    response = aws.dynamodb_client().update_item(
        TableName=resource_name("TABLE_IDEMPOTENCY"),
        Key={"id": f"ratelimit#{workspace_id}#{window}"},
        UpdateExpression="ADD #n :one SET expiration = if_not_exists(expiration, :expires)",
        ExpressionAttributeNames={"#n": "requests"},
        ExpressionAttributeValues={":one": 1, ":expires": (window + 2) * WINDOW_S},
        ReturnValues="UPDATED_NEW",
    )
    used = int(response["Attributes"]["requests"])
    headers = {
        "RateLimit-Limit": str(limit),
        "RateLimit-Remaining": str(max(0, limit - used)),
        "RateLimit-Reset": str(reset),
    }
    if used > limit:
        raise RateLimited(
            f"More than {limit} requests a minute for this workspace; retry in {reset} s",
            retry_after_s=reset,
            headers=headers,
        )
    return headers
