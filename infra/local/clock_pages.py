"""The local clock, as pages of the local runtime: `GET /_local/clock`, `POST /_local/clock/advance`.

Advancing moves the one clock (functions/core/clock.py) forward for everything in the process: functions,
the scheduler, SES's part. What falls due then fires at once, before the answer leaves: one-time schedules
(scheduled campaigns, resumes), recurring sweeps (waits). It only goes forward, and the new offset is
journaled (["clock", total]), so it survives a restart.
"""

from __future__ import annotations

import json
import logging
import math
import threading
from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Request, Response

from functions.core import clock
from functions.core.errors import Invalid, LettercastError, RouteNotFound
from infra.local import journal

PREFIX = "/_local/clock"
MAX_ADVANCE_S = 366 * 86400
log = logging.getLogger("lettercast.local")


def _json(status: int, payload: dict[str, Any]) -> Response:
    return Response(json.dumps(payload), status=status, content_type="application/json")


def _error(error: LettercastError) -> Response:
    return _json(error.status, error.envelope())


def _now() -> Response:
    return _json(200, {"data": {"now": clock.now_iso(), "offset_seconds": clock.offset_s()}})


def _seconds(body: bytes) -> float:
    """The `seconds` of an advance request, or Invalid, in the API's envelope (the field named)."""
    try:
        payload = json.loads(body or b"null")
    except ValueError:
        payload = None
    value = payload.get("seconds") if isinstance(payload, dict) else None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not 0 < value <= MAX_ADVANCE_S
    ):
        reason = f"a number of seconds above 0 and at most {MAX_ADVANCE_S} (366 days): it only goes forward"
        raise Invalid(f"seconds: {reason}", fields=[{"field": "seconds", "in": "body", "message": reason}])
    return float(value)


class ClockPages:
    """`fire_due`: runs what fell due (the scheduler's tick), called after each advance."""

    def __init__(self, fire_due: Callable[[], Any]) -> None:
        self.fire_due = fire_due
        self._advancing = threading.Lock()  # journaled in the order the offset grows

    def __call__(self, request: Request) -> Response:
        if request.path == PREFIX and request.method == "GET":
            return _now()
        if request.path == PREFIX + "/advance" and request.method == "POST":
            try:
                return self.advance(_seconds(request.get_data()))
            except Invalid as error:
                return _error(error)
        return _error(RouteNotFound("No such route: GET /_local/clock or POST /_local/clock/advance"))

    def advance(self, seconds: float) -> Response:
        with self._advancing:
            clock.advance(seconds)
            journal.record(["clock", clock.offset_s()])
        try:
            self.fire_due()
        except Exception:  # the clock has moved all the same; what failed says why in the log
            log.exception("firing what fell due failed")
        return _now()
