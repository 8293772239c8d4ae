"""Queue sends are cut to what SQS takes in one SendMessageBatch: 10 messages and 256 KiB in all."""

from __future__ import annotations

from functions.core.queues import BATCH_BYTES, _batches


def test_small_messages_go_ten_a_batch() -> None:
    assert [len(b) for b in _batches(["x"] * 25)] == [10, 10, 5]


def test_large_messages_are_cut_by_their_summed_size() -> None:
    big = "x" * 60_000  # five of them are over 256 KiB
    batches = _batches([big] * 5)
    assert [len(b) for b in batches] == [4, 1]
    assert all(sum(len(m) for m in b) <= BATCH_BYTES for b in batches)


def test_a_message_alone_may_be_as_large_as_a_batch() -> None:
    huge, small = "x" * (BATCH_BYTES - 100), "y" * 1_000
    assert _batches([huge, small]) == [[huge], [small]]
