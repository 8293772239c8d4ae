"""The one clock: real UTC time plus an offset that only moves forward (the local runtime's clock)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from werkzeug.test import Client
from werkzeug.wrappers import Request

from functions.core import clock
from infra.local.clock_pages import MAX_ADVANCE_S, ClockPages


def served(pages: ClockPages) -> Client:
    """The pages as the local gateway serves them (a local page answers a request)."""
    return Client(lambda environ, start_response: pages(Request(environ))(environ, start_response))


@pytest.fixture(autouse=True)
def _real_time() -> Iterator[None]:
    """Every test here starts, and leaves the process, on the real clock."""
    clock.set_offset(0)
    yield
    clock.set_offset(0)


def test_the_clock_is_real_utc_time_when_nothing_moved_it() -> None:
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=1)
    assert clock.offset_s() == 0
    assert abs(clock.timestamp() - datetime.now(UTC).timestamp()) < 1


def test_advancing_moves_now_forward_and_every_reading_of_it() -> None:
    moved = clock.advance(86_400)
    assert abs(moved - datetime.now(UTC) - timedelta(days=1)) < timedelta(seconds=1)
    assert abs(clock.now() - moved) < timedelta(seconds=1)
    clock.advance(60)
    assert clock.offset_s() == 86_460
    assert abs(clock.timestamp() - (datetime.now(UTC).timestamp() + 86_460)) < 1
    assert clock.today() == (datetime.now(UTC) + timedelta(seconds=86_460)).strftime("%Y-%m-%d")


@pytest.mark.parametrize("backwards", [-1, -86_400, float("nan"), float("-inf"), float("inf")])
def test_the_clock_never_goes_backward(backwards: float) -> None:
    clock.advance(3600)
    with pytest.raises(ValueError):
        clock.advance(backwards)
    with pytest.raises(ValueError):
        clock.set_offset(backwards)
    assert clock.offset_s() == 3600


def test_set_offset_puts_the_clock_where_it_was_left() -> None:
    clock.set_offset(7200)
    assert clock.offset_s() == 7200
    assert abs(clock.now() - (datetime.now(UTC) + timedelta(hours=2))) < timedelta(seconds=1)
    clock.set_offset(0)
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=1)


def test_the_advance_page_moves_the_clock_then_fires_what_fell_due() -> None:
    seen: list[float] = []
    pages = served(ClockPages(lambda: seen.append(clock.offset_s())))
    reply = pages.post("/_local/clock/advance", json={"seconds": 90})
    assert reply.status_code == 200 and reply.content_type == "application/json"
    assert reply.get_json()["data"]["offset_seconds"] == 90
    assert seen == [90]  # fired after the move, before the answer
    now = clock.parse_iso(reply.get_json()["data"]["now"])
    assert abs(now - datetime.now(UTC) - timedelta(seconds=90)) < timedelta(seconds=2)  # to the second
    shown = pages.get("/_local/clock").get_json()["data"]
    assert shown["offset_seconds"] == 90 and shown["now"].endswith("Z")
    assert seen == [90]  # reading it fires nothing


@pytest.mark.parametrize(
    "body",
    [
        {"seconds": 0},
        {"seconds": -60},
        {"seconds": MAX_ADVANCE_S + 1},
        {"seconds": "60"},
        {"seconds": True},
        {"seconds": None},
        {},
        [60],
        "60",
    ],
)
def test_the_advance_page_refuses_anything_but_a_forward_number_of_seconds(body: object) -> None:
    fired: list[int] = []
    pages = served(ClockPages(lambda: fired.append(1)))
    reply = pages.post("/_local/clock/advance", json=body)
    assert reply.status_code == 400
    error = reply.get_json()["error"]
    assert error["code"] == "validation_failed" and error["message"].startswith("seconds: ")
    assert [f["field"] for f in error["fields"]] == ["seconds"]
    assert (clock.offset_s(), fired) == (0, [])


def test_the_advance_page_refuses_a_body_that_is_not_json() -> None:
    pages = served(ClockPages(lambda: None))
    reply = pages.post("/_local/clock/advance", data=b"{seconds: 60", content_type="application/json")
    assert reply.status_code == 400 and reply.get_json()["error"]["fields"][0]["field"] == "seconds"
    assert json.loads(pages.get("/_local/clock").data)["data"]["offset_seconds"] == 0
    assert pages.get("/_local/clock/advance").status_code == 404  # advancing is a POST
