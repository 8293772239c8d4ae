"""The local runtime's write-ahead journal: every change to the simulated AWS, committed per invocation.

A *unit* is one invocation as AWS would run it: an API request's authorizer, then its handler, a queue batch
(the handler and the deletes of its messages), a stream batch (the handler and the new stream position),
a schedule firing, an SES feedback publication. The changes a unit makes (DynamoDB items, queue
messages, S3 objects, schedules, messages SES sent, ...) are collected as they happen and appended to
the journal as one line when the unit ends, before an API response leaves; a stop at any moment (a
crash included) loses only units that had not ended, whole, and their work is still queued to run again.

Units that change something run one at a time: a unit takes the writer lock at its first change and
holds it until its line is written. So the journal's order is the order of the changes, and no unit
ever builds on another's changes that a crash could still take away. Units that only read never wait.

Which unit a change belongs to travels with the request: boto3 calls made inside a unit carry the
`X-Lettercast-Unit` header, which the moto server's middleware puts back in the context of the thread
that applies the change (see `capture.py`).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import itertools
import json
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

HEADER = "X-Lettercast-Unit"
_ENVIRON_KEY = "HTTP_X_LETTERCAST_UNIT"

Change = list[Any]  # [kind, ...] - see state.py for the kinds

UNIT: contextvars.ContextVar[str | None] = contextvars.ContextVar("lettercast_unit", default=None)
_ids = itertools.count(1)
_active: Journal | None = None


class Journal:
    """An append-only file of committed units, one JSON line each (a torn last line is ignored)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = path.open("ab")
        self._lock = threading.Condition()
        self._owner: str | None = None  # a unit re-enters freely (a transaction's puts are changes too)
        self._pending: dict[str, list[Change]] = {}
        self._closed = False

    # --- the writer lock ---------------------------------------------------------------------

    def _acquire(self, unit: str) -> None:
        with self._lock:
            while self._owner not in (None, unit):
                self._lock.wait()
            self._owner = unit

    def _release(self, unit: str) -> None:
        with self._lock:
            if self._owner == unit:
                self._owner = None
                self._lock.notify_all()

    @contextlib.contextmanager
    def changing(self) -> Iterator[Callable[[Change], None]]:
        """Around one change to the simulated AWS: waits for the writer lock, yields `add(change)`.

        Inside a unit the changes wait for its end; outside any (a client of the moto endpoint, the
        runtime starting) the change is a unit of its own, written at once.
        """
        unit = UNIT.get()
        own = unit is None
        if own:
            unit = f"op-{next(_ids)}"
            token = UNIT.set(unit)
        self._acquire(unit)
        try:
            yield self._pending.setdefault(unit, []).append
        finally:
            if own:
                UNIT.reset(token)
                self.commit(unit)

    def add(self, change: Change) -> None:
        """Record a change of the runtime's own (a stream position, a feedback sent) in the current unit."""
        with self.changing() as add:
            add(change)

    def commit(self, unit: str) -> None:
        changes = self._pending.pop(unit, None)
        try:
            if changes:
                line = json.dumps(changes, separators=(",", ":"), default=_bytes) + "\n"
                with self._lock:
                    if self._closed:  # stopping: a unit ending now is cut off, as by a crash
                        return
                    self._file.write(line.encode())
                    self._file.flush()  # in the OS's hands: a killed process loses nothing written
        finally:
            self._release(unit)

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """No unit is between its first change and its commit (for a checkpoint)."""
        self._acquire("checkpoint")
        try:
            yield
        finally:
            self._release("checkpoint")

    def rotate(self, path: Path) -> None:
        """Continue in a new file (call it inside `exclusive()`, right after a checkpoint)."""
        self._file.close()
        self.path = path
        self._file = path.open("ab")

    def size(self) -> int:
        return self.path.stat().st_size if self.path.exists() else 0

    def close(self) -> None:
        """No more commits: a unit still running when the runtime stops runs again at the next start."""
        with self._lock:
            self._closed = True
            self._file.close()


def _bytes(value: Any) -> Any:
    if isinstance(value, bytes | bytearray):
        import base64

        return {"__b64__": base64.b64encode(bytes(value)).decode()}
    return str(value)


def read(path: Path) -> Iterator[list[Change]]:
    """The committed units of a journal file, in order; stops at a torn last line (a crash mid-write)."""
    if not path.exists():
        return
    with path.open("rb") as lines:
        for raw in lines:
            if not raw.endswith(b"\n"):
                return
            try:
                yield json.loads(raw)
            except ValueError:
                return


# --- which unit is running ---------------------------------------------------------------------


def active() -> Journal | None:
    return _active


def activate(journal: Journal | None) -> None:
    global _active
    _active = journal


@contextlib.contextmanager
def unit() -> Iterator[None]:
    """One invocation: its changes are committed together when it ends (nested units join the outer)."""
    journal = _active
    if journal is None or UNIT.get() is not None:
        yield
        return
    name = f"unit-{next(_ids)}"
    token = UNIT.set(name)
    try:
        yield
    finally:
        UNIT.reset(token)
        journal.commit(name)


def record(change: Change) -> None:
    """A change of the runtime's own, in the current unit (nothing when no journal is kept)."""
    if _active is not None:
        _active.add(change)


def _tag_request(request: Any, **_: Any) -> None:
    name = UNIT.get()
    if name is not None:
        request.headers[HEADER] = name


def middleware(app: Callable[..., Any]) -> Callable[..., Any]:
    """The moto server's WSGI app, run in the unit named by the request's header."""

    def run(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        token = UNIT.set(environ.get(_ENVIRON_KEY))
        try:
            return app(environ, start_response)
        finally:
            UNIT.reset(token)

    return run


_installed = False


def install_client_side() -> None:
    """Every boto3 call names its unit; threads started from a pool run in their submitter's unit."""
    global _installed
    if _installed:
        return
    import boto3

    boto3._get_default_session().events.register("before-send", _tag_request)
    original = ThreadPoolExecutor.submit

    @functools.wraps(original)
    def submit(self: ThreadPoolExecutor, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        return original(self, contextvars.copy_context().run, fn, *args, **kwargs)

    ThreadPoolExecutor.submit = submit  # type: ignore[method-assign]
    _installed = True


def open_for(directory: Path, generation: int) -> Journal:
    directory.mkdir(parents=True, exist_ok=True)
    return Journal(directory / f"journal-{generation}.log")


def remove_older(directory: Path, generation: int) -> None:
    for path in directory.glob("journal-*.log"):
        number = path.stem.removeprefix("journal-")
        if number.isdigit() and int(number) < generation:
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
