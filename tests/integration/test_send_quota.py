"""SES's limits for the account: one send rate shared by every worker, and the daily quota."""

from __future__ import annotations

import pytest

from functions.sending import quota


class Clock:
    """Time that moves only when someone sleeps."""

    def __init__(self, start: float) -> None:
        self.now = start
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_workers_share_one_send_rate(aws: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SES_MAX_SEND_RATE", "14")
    clock = Clock(1_000.25)
    first = quota.take_send_tokens(50, sleep=clock.sleep, clock=clock)
    second = quota.take_send_tokens(50, sleep=clock.sleep, clock=clock)  # another worker, same second
    assert first == 14 and second == 14
    assert clock.slept == [0.75]  # it waited for the next second: 14 a second between them
    assert quota.take_send_tokens(3, sleep=clock.sleep, clock=clock) == 3  # what is left of that second


def test_a_rate_below_one_a_second_spaces_single_messages(aws: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SES_MAX_SEND_RATE", "0.5")
    clock = Clock(1_000.0)
    assert quota.take_send_tokens(10, sleep=clock.sleep, clock=clock) == 1
    assert quota.take_send_tokens(10, sleep=clock.sleep, clock=clock) == 1
    assert clock.slept == [2.0]


def test_the_daily_quota_gives_what_fits_then_nothing(aws: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    # The counters are the whole account's: days on which no other test of the worker sends anything.
    day, next_day = "1999-11-23", "1999-11-24"
    monkeypatch.setenv("SES_MAX_24H_SEND", "120")
    assert quota.reserve_daily(100, day) == 100
    assert quota.reserve_daily(50, day) == 20  # the room that is left
    assert quota.reserve_daily(1, day) == 0
    quota.release_daily(5, day)  # five were not sent after all
    assert quota.reserve_daily(10, day) == 5
    assert quota.reserve_daily(10, next_day) == 10  # a new day


def test_the_limits_come_from_ses_unless_overridden(aws: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    from functions.core import aws as core_aws

    monkeypatch.delenv("SES_MAX_SEND_RATE")
    monkeypatch.setattr(quota, "_cached", None)
    ses = core_aws.client("sesv2")

    def account(**_: object) -> dict:
        return {"SendQuota": {"MaxSendRate": 14.0, "Max24HourSend": 50_000.0, "SentLast24Hours": 3.0}}

    monkeypatch.setattr(ses, "get_account", account)  # moto has no GetAccount
    assert quota.current() == quota.Quota(max_rate=14.0, max_24h=1_000_000)  # the daily one is overridden


def test_limits_ses_will_not_give_are_a_503_at_first_and_the_last_known_ones_after(
    aws: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    from botocore.exceptions import ClientError

    from functions.core import aws as core_aws

    monkeypatch.delenv("SES_MAX_SEND_RATE")
    monkeypatch.setattr(quota, "_cached", None)
    ses = core_aws.client("sesv2")
    answers: list[dict] = []

    def account(**_: object) -> dict:
        if not answers:
            raise ClientError({"Error": {"Code": "ServiceUnavailable", "Message": "down"}}, "GetAccount")
        return answers[0]

    monkeypatch.setattr(ses, "get_account", account)
    with pytest.raises(quota.LimitsUnknown) as unknown:
        quota.current()
    assert (unknown.value.status, unknown.value.code) == (503, "ses_unavailable")

    answers.append({"SendQuota": {"MaxSendRate": 14.0, "Max24HourSend": 50_000.0}})
    assert quota.current().max_rate == 14.0
    answers.clear()
    monkeypatch.setattr(quota, "CACHE_S", -1.0)  # the minute passed, and SES is down again
    assert quota.current().max_rate == 14.0  # what SES said last still holds
