"""The retry schedule of webhook deliveries: 9 attempts, growing delays, all within 24 hours."""

from __future__ import annotations

from itertools import pairwise

from functions.core.settings import Settings
from functions.webhooks import retries
from infra.topology import TOPOLOGY


def test_the_schedule_makes_nine_attempts_with_growing_delays() -> None:
    delays = [retries.delay_after(n) for n in range(1, 10)]

    assert delays == [5, 60, 300, 1_800, 7_200, 18_000, 28_800, 28_800, None]
    assert all(a <= b for a, b in pairwise(delays[:-1]))


def test_the_attempts_end_within_a_day_and_each_wait_fits_in_sqs() -> None:
    assert 23 * 3600 < retries.total_s() < 24 * 3600
    assert max(retries.DELAYS_S) <= 12 * 3600  # SQS's longest visibility timeout


def test_every_receive_of_the_job_is_one_attempt_until_the_queue_dead_letters_it() -> None:
    assert retries.ATTEMPTS == TOPOLOGY.queue("webhooks").max_receives == 9
    assert retries.delay_after(retries.ATTEMPTS) is None
    assert retries.delay_after(retries.ATTEMPTS + 3) is None  # redriven from the DLQ: no more retries


def test_the_first_delay_is_a_setting_the_rest_stay() -> None:
    assert Settings().webhook_first_retry_s == 5
    assert retries.delay_after(1, first_s=0) == 0
    assert retries.delay_after(2, first_s=0) == 60
    assert retries.total_s(first_s=0) == retries.total_s() - 5
