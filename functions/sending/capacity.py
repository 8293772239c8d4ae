"""Room to send: every sender takes it here before the engine sends, and gives back what it did not use.

Three limits, in this order: the SES send rate (tokens shared by every worker, waited for), the account's
SES 24-hour quota, and the sender's daily limit (both reserved, and released when not used). A message
that was not sent (refused, throttled, skipped) gives its place back; rate tokens are time that passed
and are never given back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from functions.core.clock import seconds_to_midnight, timestamp, today
from functions.sending import quota, store

Limit = Literal["ses_daily_quota", "sender_daily_limit"]


class Exhausted(Exception):
    """No room left today under `limit`; it frees at UTC midnight (`retry_after_s`)."""

    def __init__(self, limit: Limit, message: str) -> None:
        super().__init__(message)
        self.limit = limit
        self.message = message
        self.retry_after_s = seconds_to_midnight()


@dataclass
class Grant:
    """Room for `count` messages now."""

    capacity: Capacity
    count: int
    given_back: int = 0

    def give_back(self, unused: int) -> None:
        """Release the places of `unused` messages that were not sent (at most what is still held)."""
        unused = min(unused, self.count - self.given_back)
        if unused > 0:
            self.given_back += unused
            self.capacity.release(unused)


@dataclass
class Capacity:
    """One sender's room to send today, in `workspace_id` (its `sender` item carries `daily_limit`)."""

    workspace_id: str
    sender: dict[str, Any]
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = timestamp
    day: str = field(default_factory=today)

    def take(self, wanted: int, *, whole: bool = False) -> Grant:
        """Room for up to `wanted` messages (at least one), waiting for the rate's tokens. `whole`: all
        `wanted` or none of the daily limits (compose and test sends answer for the whole request).

        A whole request is not held for the rate beyond its first window: it takes the tokens that window
        has, so the workers' pace yields to it, and SES's own throttling (retried by the sender) covers
        the rest. Held for 100 messages at a sandbox account's 1 a second, it could never be answered.

        Raises Exhausted when a daily limit leaves no room (or, `whole`, not enough)."""
        if not wanted:
            return Grant(self, 0)
        count = quota.take_send_tokens(wanted, self.sleep, self.clock)
        if whole:
            count = wanted
        allowed = quota.reserve_daily(count, self.day, whole=whole)
        if not allowed:
            raise Exhausted("ses_daily_quota", "The SES account's 24-hour sending quota is used up")
        if not store.reserve(
            self.workspace_id, self.sender["id"], self.day, allowed, int(self.sender["daily_limit"])
        ):
            quota.release_daily(allowed, self.day)
            raise Exhausted(
                "sender_daily_limit",
                f"The sender's daily limit of {self.sender['daily_limit']} messages is reached",
            )
        return Grant(self, allowed)

    def release(self, count: int) -> None:
        quota.release_daily(count, self.day)
        store.release(self.workspace_id, self.sender["id"], self.day, count)
