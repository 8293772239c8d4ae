"""When a failed webhook delivery is tried again: a growing delay, 9 attempts within 24 hours.

Each attempt is one receive of the job from the webhooks queue (its ApproximateReceiveCount), and the queue
moves a job to its DLQ after `ATTEMPTS` receives (`max_receives` in infra/topology.py), so the schedule and
the queue must agree: tests/unit/test_webhook_retries.py keeps them equal.
"""

from __future__ import annotations

# The wait after failed attempt n (n = 1..8) before attempt n + 1: 5 s, 1 min, 5 min, 30 min, 2 h, 5 h, 8 h,
# 8 h. Every wait is under SQS's 12 h limit on a message's visibility timeout.
DELAYS_S: tuple[int, ...] = (5, 60, 300, 1_800, 7_200, 18_000, 28_800, 28_800)
ATTEMPTS = len(DELAYS_S) + 1


def delay_after(attempt: int, first_s: int = DELAYS_S[0]) -> int | None:
    """Seconds to wait after failed attempt `attempt` (1-based); None when it was the last one.

    `first_s` replaces the first wait (settings().webhook_first_retry_s)."""
    attempt = max(attempt, 1)
    if attempt >= ATTEMPTS:
        return None
    return first_s if attempt == 1 else DELAYS_S[attempt - 1]


def total_s(first_s: int = DELAYS_S[0]) -> int:
    """From the first attempt to the last, waits only."""
    return first_s + sum(DELAYS_S[1:])
