"""The rate limit takes its tokens from DynamoDB a block at a time; the count stays exact for small limits."""

from __future__ import annotations

import pytest

from functions.core.ratelimit import block_size


@pytest.mark.parametrize(
    ("limit", "block"), [(1, 1), (3, 1), (399, 1), (400, 2), (6_000, 30), (10_000, 50), (1_000_000, 50)]
)
def test_the_largest_block_is_half_a_percent_of_the_limit_between_1_and_50(limit: int, block: int) -> None:
    assert block_size(limit) == block
