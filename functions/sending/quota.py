"""SES's limits for the whole AWS account: the maximum send rate and the 24-hour sending quota.

Both are read from SES (GetAccount) and cached for a minute. SES_MAX_SEND_RATE and SES_MAX_24H_SEND
override them: the local runtime and tests (moto has no GetAccount), or an operator who wants to stay
below what SES allows.

Rate: every campaign worker takes its tokens from one item per time window (an atomic ADD kept under the
window's capacity), so however many workers run, together they keep to the rate. Daily: every send is
counted per UTC day for the account, and a batch is only sent when it fits under the quota.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from botocore.exceptions import BotoCoreError, ClientError

from functions.core import aws
from functions.core.clock import timestamp
from functions.core.errors import Unavailable
from functions.core.settings import settings
from functions.sending import store

CACHE_S = 60.0
_cached: tuple[float, Quota] | None = None


class LimitsUnknown(Unavailable):
    """SES did not say what the account's limits are (GetAccount failed) and none were read before:
    nothing is sent until it does (503 to a request; a queue job is tried again)."""

    code = "ses_unavailable"


@dataclass(frozen=True)
class Quota:
    max_rate: float  # messages per second
    max_24h: int


def current() -> Quota:
    """The account's SES limits, overrides applied."""
    global _cached
    config = settings()
    rate, daily = config.ses_max_send_rate, config.ses_max_24h_send
    if rate is not None and daily is not None:
        return Quota(rate, daily)
    if _cached is None or time.monotonic() - _cached[0] > CACHE_S:
        try:
            send_quota = aws.client("sesv2").get_account()["SendQuota"]
        except (ClientError, BotoCoreError) as exc:
            if _cached is None:
                raise LimitsUnknown(f"SES did not give the account's sending limits: {exc}") from None
            return _cached[1]  # SES did not answer this time: the limits read a minute ago still hold
        found = Quota(float(send_quota["MaxSendRate"]), int(send_quota["Max24HourSend"]))
        _cached = (time.monotonic(), found)
    found = _cached[1]
    return Quota(found.max_rate if rate is None else rate, found.max_24h if daily is None else daily)


def take_send_tokens(
    wanted: int, sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = timestamp
) -> int:
    """Wait until some of `wanted` messages may go out at the SES rate; returns how many (>= 1)."""
    rate = current().max_rate
    window_s = max(1.0, 1.0 / rate) if rate > 0 else 1.0
    capacity = max(1, int(rate * window_s))
    while True:
        moment = clock()
        window = int(moment // window_s)
        count = min(wanted, capacity)
        if store.add_account_count(f"ses-rate#{window}", count, capacity, int((window + 2) * window_s)):
            return count
        sleep(max(0.01, (window + 1) * window_s - moment))


def reserve_daily(count: int, day: str, *, whole: bool = False) -> int:
    """Count up to `count` messages against today's SES quota; returns how many fit (maybe 0). `whole`:
    all of them or none."""
    expires = int(timestamp()) + 2 * 86400
    limit = current().max_24h
    key = f"ses-day#{day}"
    if store.add_account_count(key, count, limit, expires):
        return count
    if whole:
        return 0
    room = min(count, limit - store.account_count(key))
    return room if room > 0 and store.add_account_count(key, room, limit, expires) else 0


def release_daily(count: int, day: str) -> None:
    """Give back what was reserved and not sent."""
    store.release_account_count(f"ses-day#{day}", count)
