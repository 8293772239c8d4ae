"""Integration fixtures: a new workspace per test with a full-access key, and an HTTP-like client over the
handlers. The topology is shared by the tests of a worker (tests/conftest.py): a test only ever sees its own
workspaces, never assumes a table is empty, and names domains and sender addresses after its workspace."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

import pytest

from functions.core import clock
from functions.core.auth import Caller
from tests.builders import LambdaContext, rest_event


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: Any

    @property
    def data(self) -> Any:
        return self.body["data"]

    @property
    def error(self) -> dict[str, Any]:
        return self.body["error"]


class Client:
    """Calls one function's Lambda handler with API Gateway REST proxy events, as a caller would."""

    def __init__(self, handler: Any, caller: Caller | None) -> None:
        self.handler = handler
        self.caller = caller

    def as_(self, caller: Caller | None) -> Client:
        return Client(self.handler, caller)

    def call(self, method: str, url: str, body: Any = None, **kwargs: Any) -> Reply:
        event = rest_event(method, url, body=body, caller=self.caller, **kwargs)
        raw = self.handler(event, LambdaContext())
        headers = {k: v[-1] for k, v in (raw.get("multiValueHeaders") or {}).items()}
        headers.update(raw.get("headers") or {})
        text = raw.get("body") or ""
        return Reply(raw["statusCode"], headers, json.loads(text) if text else None)

    def get(self, url: str, **kw: Any) -> Reply:
        return self.call("GET", url, **kw)

    def post(self, url: str, body: Any = None, **kw: Any) -> Reply:
        return self.call("POST", url, body, **kw)

    def patch(self, url: str, body: Any = None, **kw: Any) -> Reply:
        return self.call("PATCH", url, body, **kw)

    def delete(self, url: str, **kw: Any) -> Reply:
        return self.call("DELETE", url, **kw)


def forget_operator_workspace() -> None:
    """Remove the marker by which the bootstrap creates the operator's workspace at most once, so that the
    next bootstrap creates one again. The topology outlives a test, so this is how each test gets an operator
    workspace of its own; earlier ones keep their keys and data, as other tenants would."""
    from functions.account import store
    from functions.core import aws as core_aws

    core_aws.table(store.TABLE).delete_item(Key={"pk": "OPERATOR", "sk": "OPERATOR"})


@pytest.fixture
def operator_key(aws: dict[str, str]) -> str:
    """The admin key of a new operator workspace, made for this test as the bootstrap makes it."""
    from functions.account import service

    forget_operator_workspace()
    _, raw_key = service.ensure_operator_workspace("Operator", "operator@example.com")
    assert raw_key is not None
    return raw_key


@pytest.fixture
def workspace(operator_key: str) -> Caller:
    """A new operator workspace with its admin key, as the authorizer would describe the caller."""
    from functions.account import service

    caller = service.authenticate(operator_key)
    assert caller is not None and caller.operator
    return caller


@pytest.fixture
def other_workspace(workspace: Caller) -> Caller:
    """A second, ordinary workspace: isolation tests use it."""
    from functions.account import service
    from functions.account.models import WorkspaceCreate

    created = service.create_workspace(WorkspaceCreate(name="Other", email="other@example.com"))
    caller = service.authenticate(created.key.key)
    assert caller is not None
    return caller


@dataclass
class Background:
    """The event sources of the topology, driven by hand: queues and streams deliver when told."""

    queues: dict[str, Any]
    streams: dict[str, Any]

    def settle(self, rounds: int = 20) -> None:
        """Deliver stream records and queue messages until nothing is left (what happens next is done)."""
        for _ in range(rounds):
            moved = sum(p.poll_once() for p in self.streams.values())
            moved += sum(p.drain() for p in self.queues.values())
            if not moved:
                return
        raise AssertionError("the background work did not settle")


@pytest.fixture
def background(aws: dict[str, str]) -> Background:
    from infra.local.pollers import queue_pollers, stream_pollers
    from infra.topology import TOPOLOGY

    return Background(queue_pollers(TOPOLOGY, aws), stream_pollers(TOPOLOGY, aws))


def sender_and_list(caller: Caller) -> tuple[dict[str, Any], str]:
    """A verified sender on the workspace's own domain and an empty list from it: what a campaign needs."""
    from functions.lists.handler import handler as lists_handler
    from functions.senders.handler import handler as senders_handler
    from tests.builders import domain_of

    senders = Client(senders_handler, caller)
    domain = domain_of(caller)
    senders.post("/v1/domains", {"domain": domain})
    sender = senders.post("/v1/senders", {"name": "S", "from_name": "Acme", "from_email": f"news@{domain}"})
    lists = Client(lists_handler, caller)
    created = lists.post("/v1/lists", {"name": "N", "from_name": "A", "from_email": f"news@{domain}"})
    return sender.data, created.data["id"]


def send_without_counting(workspace_id: str, campaign_id: str, contact_ids: list[str]) -> dict[str, int]:
    """What a send worker does before it dies: sends to these recipients (claims, SES, activity) and
    counts nothing. Returns what it would have counted."""
    from collections import Counter

    from functions.campaigns import lifecycle, sender, store
    from functions.senders import service as senders

    campaign = store.get(workspace_id, campaign_id)
    assert campaign is not None
    counts: Counter[str] = Counter()
    sent_by = senders.load_sender(workspace_id, campaign["sender_id"])
    content, preview = lifecycle.content_and_preview(workspace_id, campaign)
    sender._send_chunk(workspace_id, campaign, sent_by, content, preview, contact_ids, counts, None)
    return dict(counts)


@contextmanager
def ses_answers(hook: Callable[..., None]) -> Iterator[None]:
    """`hook(params)` runs before each SendEmail the sending engine makes: it raises what SES would answer."""
    from functions.core import aws

    ses = aws.client_without_retries("sesv2")
    ses.meta.events.register("before-parameter-build.sesv2.SendEmail", hook)
    try:
        yield
    finally:
        ses.meta.events.unregister("before-parameter-build.sesv2.SendEmail", hook)


@contextmanager
def dynamodb_answers(operation: str, hook: Callable[..., None]) -> Iterator[None]:
    """`hook(params)` runs before each `operation` (UpdateItem, BatchGetItem...) our DynamoDB calls make:
    it raises what a failing call, or a worker dying there, would."""
    from functions.core import aws

    events = aws.dynamodb_client().meta.events
    events.register(f"before-parameter-build.dynamodb.{operation}", hook)
    try:
        yield
    finally:
        events.unregister(f"before-parameter-build.dynamodb.{operation}", hook)


class Clock:
    """Moves the one clock (functions/core/clock.py) of every service forward: times are to the second,
    so a step taken in a second of its own has one answer to "newest first" or "made before"."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.offset = timedelta()
        moved = self

        class Moved(datetime):
            @classmethod
            def now(cls, tz: tzinfo | None = None) -> datetime:
                return datetime.now(tz) + moved.offset

        monkeypatch.setattr(clock, "datetime", Moved)

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)

    def tick(self) -> None:
        self.advance(seconds=2)


@pytest.fixture
def time(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)
