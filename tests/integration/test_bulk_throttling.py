"""The bulk writer when DynamoDB throttles it (moto never does: DynamoDB's answer is played here, on the
bulk writer's client, before the request would leave): it waits and writes the same transaction again,
counts stay exact, and past its patience a request answers 503 with nothing half-written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse

from functions.contacts import bulk
from functions.contacts.handler import handler
from functions.core import aws
from functions.core.auth import Caller
from functions.imports.handler import handler as imports_handler
from tests.integration.conftest import Background, Client
from tests.integration.test_contacts_batch import email_items, today_stats
from tests.integration.test_imports import finished, send

EVENT = "before-call.dynamodb.TransactWriteItems"


class Throttling:
    """Answers the next `times` TransactWriteItems of the bulk writer as a throttled DynamoDB would."""

    def __init__(self) -> None:
        self.times = 0
        self.answered = 0
        self.request_level = False

    def __call__(self, params: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]] | None:
        if self.times <= 0:
            return None
        self.times -= 1
        self.answered += 1
        if self.request_level:
            error = {"Code": "ProvisionedThroughputExceededException", "Message": "Rate exceeded"}
            return AWSResponse("", 400, {}, None), {"Error": error, "ResponseMetadata": {}}
        items = json.loads(params["body"])["TransactItems"]
        reasons = [{"Code": "ThrottlingError", "Message": "Throughput exceeds the current capacity"}]
        reasons += [{"Code": "None"}] * (len(items) - 1)
        error = {"Code": "TransactionCanceledException", "Message": "Transaction cancelled"}
        return AWSResponse("", 400, {}, None), {
            "Error": error,
            "CancellationReasons": reasons,
            "ResponseMetadata": {},
        }


@pytest.fixture
def throttling() -> Iterator[Throttling]:
    answer = Throttling()
    events = aws.client_unvalidated("dynamodb").meta.events
    events.register_first(EVENT, answer)
    yield answer
    events.unregister(EVENT, answer)


@pytest.fixture
def api(workspace: Caller) -> Client:
    return Client(handler, workspace)


BATCH = {"contacts": [{"email": f"t{i}@example.com", "first_name": f"T{i}"} for i in range(3)]}


def test_a_throttled_batch_waits_and_writes_each_contact_once(api: Client, throttling: Throttling) -> None:
    throttling.times = 3

    reply = api.post("/v1/contacts/batch", BATCH)

    assert reply.status == 200, reply.body
    assert throttling.answered == 3
    assert (reply.data["created"], reply.data["errors"]) == (3, [])
    assert email_items(api.caller.workspace_id) == [f"t{i}@example.com" for i in range(3)]
    assert (today_stats(api)["added"], today_stats(api)["sum"]) == (3, 3)  # counted once


def test_a_request_throttled_as_a_whole_is_waited_out_too(api: Client, throttling: Throttling) -> None:
    throttling.request_level, throttling.times = True, 2

    reply = api.post("/v1/contacts/batch", BATCH)

    assert reply.status == 200, reply.body
    assert (reply.data["created"], throttling.answered) == (3, 2)


def test_a_batch_throttled_past_its_patience_is_a_503_with_nothing_written(
    api: Client, throttling: Throttling, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "REQUEST_PATIENCE_S", 0.3)
    throttling.times = 10_000

    reply = api.post("/v1/contacts/batch", BATCH)

    assert reply.status == 503, reply.body
    assert reply.body["error"]["code"] == "service_unavailable"
    assert "again" in reply.body["error"]["message"]
    assert email_items(api.caller.workspace_id) == []
    assert api.get("/v1/contacts").data == []

    throttling.times = 0  # capacity again: the same body finishes the job
    assert api.post("/v1/contacts/batch", BATCH).data["created"] == 3


def test_an_import_chunk_waits_out_throttling_and_imports_every_row(
    workspace: Caller, background: Background, throttling: Throttling
) -> None:
    imports = Client(imports_handler, workspace)
    throttling.times = 4
    text = "email,first_name\r\n" + "".join(f"i{i}@example.com,I{i}\r\n" for i in range(40))

    done = finished(imports, background, send(imports, text)["id"])

    assert (done["status"], done["created"], done["failed_rows"]) == ("completed", 40, 0), done
    assert throttling.answered == 4
    assert len(email_items(workspace.workspace_id)) == 40
