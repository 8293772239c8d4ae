"""Webhook deliveries, end to end on moto: domain events -> stream poller -> fan-out -> webhooks queue ->
delivery worker -> a real HTTP receiver on 127.0.0.1 that verifies every request with `standardwebhooks`.

The pollers are driven by hand (infra.local.pollers). Deliveries to loopback are allowed only in the local
runtime, so these tests run with the stage "local"; the first retry is due at once (setting
webhook_first_retry_s = 0) unless a test is about that delay.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from functions.contacts.handler import handler as contacts_handler
from functions.core import aws, events, queues
from functions.core.auth import Caller
from functions.core.clock import iso, parse_iso
from functions.core.settings import settings
from functions.lists import service as lists
from functions.outbox.worker import handler as fanout_handler
from functions.webhooks import signatures, store
from functions.webhooks.handler import handler
from functions.webhooks.jobs import WebhookEvent, WebhookJob
from functions.webhooks.workers import delivery_handler
from infra.local.events import LambdaContext, sqs_record, stream_record
from tests.integration.conftest import Background, Client, Clock
from tests.receiver import Receiver

# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    yield receiver
    receiver.close()


@pytest.fixture
def local(monkeypatch: pytest.MonkeyPatch, aws: dict[str, str]) -> None:
    """The local runtime's rules (loopback receivers allowed); the first retry due at once."""
    monkeypatch.setenv("LETTERCAST_STAGE", "local")
    monkeypatch.setenv("LETTERCAST_WEBHOOK_FIRST_RETRY_S", "0")
    settings.cache_clear()
    signatures.reset()


@pytest.fixture
def api(workspace: Caller, local: None) -> Client:
    return Client(handler, workspace)


@dataclass
class Hook:
    id: str
    secret: str
    path: str


def hook(
    api: Client, receiver: Receiver, path: str, topics: list[str], answers: list[int] | None = None
) -> Hook:
    made = api.post("/v1/webhooks", {"url": receiver.url(path), "topics": topics})
    assert made.status == 201, made.body
    receiver.secrets[path] = made.data["secret"]
    if answers:
        receiver.answers[path] = answers
    return Hook(made.data["id"], made.data["secret"], path)


def new_contact(workspace: Caller, email: str) -> dict[str, Any]:
    reply = Client(contacts_handler, workspace).post("/v1/contacts", {"email": email})
    assert reply.status == 201, reply.body
    return reply.data


def deliver(background: Background) -> None:
    """The domain-events stream to the fan-out, then every job that is due to the delivery worker."""
    background.streams["domain-events"].poll_once()
    background.queues["webhooks"].drain()


def deliveries(api: Client, hook_id: str, query: str = "") -> list[dict[str, Any]]:
    reply = api.get(f"/v1/webhooks/{hook_id}/deliveries{query}")
    assert reply.status == 200, reply.body
    return reply.data


def waiting(background: Background) -> tuple[int, int]:
    """Messages on the webhooks queue: (visible, in flight)."""
    attributes = aws.client("sqs").get_queue_attributes(
        QueueUrl=background.queues["webhooks"].url,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]), int(
        attributes["ApproximateNumberOfMessagesNotVisible"]
    )


# --- delivering -----------------------------------------------------------------------------------


def test_a_new_contact_reaches_the_receiver_as_contact_created_signed(
    api: Client, workspace: Caller, receiver: Receiver, background: Background
) -> None:
    created = hook(api, receiver, "/created", ["contact.created"])
    everything = hook(api, receiver, "/all", ["*"])
    hook(api, receiver, "/deleted", ["contact.deleted"])
    contact = new_contact(workspace, "ann@example.com")

    deliver(background)

    (request,) = receiver.seen("/created")
    assert request.payload is not None, "the signature verifies"
    assert request.payload["type"] == "contact.created"
    assert request.payload["data"]["contact"]["id"] == contact["id"]
    assert request.payload["data"]["contact"]["email"] == "ann@example.com"
    assert set(request.payload) == {"id", "type", "created_at", "data"}
    assert request.headers["webhook-id"] == request.payload["id"]
    assert request.headers["content-type"] == "application/json"
    assert request.headers["user-agent"] == "Lettercast-Webhooks/1"
    assert request.body == json.dumps(request.payload, separators=(",", ":")).encode()  # compact
    assert [r.headers["webhook-id"] for r in receiver.seen("/all")] == [request.headers["webhook-id"]]
    assert receiver.seen("/deleted") == []
    (log,) = deliveries(api, created.id)
    assert log["id"] == log["event_id"] == request.payload["id"]
    assert (log["type"], log["status"], log["next_retry_at"]) == ("contact.created", "succeeded", None)
    assert [(a["status_code"], a["error"]) for a in log["attempts"]] == [(200, None)]
    assert deliveries(api, everything.id)[0]["status"] == "succeeded"


def test_a_receiver_that_fails_once_gets_the_same_webhook_id_again(
    api: Client, workspace: Caller, receiver: Receiver, background: Background
) -> None:
    flaky = hook(api, receiver, "/flaky", ["contact.created"], answers=[500, 200])
    new_contact(workspace, "bob@example.com")

    background.streams["domain-events"].poll_once()
    background.queues["webhooks"].poll_once()
    (pending,) = deliveries(api, flaky.id)
    assert pending["status"] == "pending" and pending["next_retry_at"] is not None
    assert api.get(f"/v1/webhooks/{flaky.id}").data["failing_since"] is not None
    background.queues["webhooks"].drain()

    first, second = receiver.seen("/flaky")
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == second.payload["id"]
    assert first.body == second.body
    assert first.payload is not None and second.payload is not None
    (log,) = deliveries(api, flaky.id)
    assert [a["status_code"] for a in log["attempts"]] == [500, 200]
    assert log["attempts"][0]["error"] == "HTTP 500: receiver says no"
    assert (log["status"], log["next_retry_at"]) == ("succeeded", None)
    assert api.get(f"/v1/webhooks/{flaky.id}").data["failing_since"] is None  # a success clears it
    assert waiting(background) == (0, 0)


def test_a_failed_attempt_is_tried_again_after_the_first_delay_of_the_schedule(
    api: Client,
    workspace: Caller,
    receiver: Receiver,
    background: Background,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("LETTERCAST_WEBHOOK_FIRST_RETRY_S")
    settings.cache_clear()
    failing = hook(api, receiver, "/down", ["contact.created"], answers=[503])
    new_contact(workspace, "cy@example.com")

    deliver(background)

    assert len(receiver.seen("/down")) == 1  # not again at once: the job waits, invisible
    assert waiting(background) == (0, 1)
    (log,) = deliveries(api, failing.id)
    wait = parse_iso(log["next_retry_at"]) - parse_iso(log["attempts"][0]["at"])
    assert wait == timedelta(seconds=5)


def test_a_redirect_is_a_failure_and_is_not_followed(
    api: Client, workspace: Caller, receiver: Receiver, background: Background
) -> None:
    moved = hook(api, receiver, "/moved", ["contact.created"], answers=[302])
    new_contact(workspace, "dee@example.com")

    background.streams["domain-events"].poll_once()
    background.queues["webhooks"].poll_once()

    assert len(receiver.seen("/moved")) == 1 and receiver.seen("/elsewhere") == []
    (log,) = deliveries(api, moved.id)
    assert log["status"] == "pending"
    assert log["attempts"][0]["status_code"] == 302
    assert log["attempts"][0]["error"] == "redirect to /elsewhere not followed"


def test_an_endpoint_failing_for_more_than_three_days_is_disabled(
    api: Client, workspace: Caller, receiver: Receiver, background: Background
) -> None:
    down = hook(api, receiver, "/down", ["contact.created"], answers=[500])
    recent = hook(api, receiver, "/recent", ["contact.created"], answers=[500])
    workspace_id = workspace.workspace_id
    long_ago = iso(datetime.now(UTC) - timedelta(days=3, minutes=1))
    store.update(workspace_id, down.id, {"failing_since": long_ago})
    two_days_ago = iso(datetime.now(UTC) - timedelta(days=2))
    store.update(workspace_id, recent.id, {"failing_since": two_days_ago})
    assert events.wanted(workspace_id, "email.opened") is False
    # Saying "enabled" again of an enabled webhook forgets none of its failures.
    api.patch(f"/v1/webhooks/{recent.id}", {"topics": ["contact.created", "email.opened"], "enabled": True})
    new_contact(workspace, "eve@example.com")

    background.streams["domain-events"].poll_once()
    background.queues["webhooks"].poll_once()

    disabled = api.get(f"/v1/webhooks/{down.id}").data
    assert (disabled["enabled"], disabled["disabled_reason"]) == (False, "endpoint_failing")
    assert disabled["failing_since"] == long_ago
    still = api.get(f"/v1/webhooks/{recent.id}").data
    assert (still["enabled"], still["disabled_reason"], still["failing_since"]) == (True, None, two_days_ago)
    # Its retry is dropped when it comes up: recorded, never sent.
    background.queues["webhooks"].drain()
    assert len(receiver.seen("/down")) == 1
    (log,) = deliveries(api, down.id)
    assert log["status"] == "failed"
    assert [a["error"] for a in log["attempts"]] == ["HTTP 500: receiver says no", "webhook_disabled"]
    refused = api.post(f"/v1/webhooks/{down.id}/test")
    assert (refused.status, refused.error["code"]) == (422, "webhook_disabled")

    enabled = api.patch(f"/v1/webhooks/{down.id}", {"enabled": True}).data
    assert (enabled["enabled"], enabled["disabled_reason"], enabled["failing_since"]) == (True, None, None)


def test_a_deleted_webhooks_queued_deliveries_are_dropped(
    api: Client, workspace: Caller, receiver: Receiver, background: Background
) -> None:
    gone = hook(api, receiver, "/gone", ["contact.created"])
    new_contact(workspace, "fay@example.com")
    background.streams["domain-events"].poll_once()
    assert waiting(background) == (1, 0)

    api.delete(f"/v1/webhooks/{gone.id}")
    background.queues["webhooks"].drain()

    assert receiver.seen("/gone") == []
    assert waiting(background) == (0, 0)


def test_a_webhook_disabled_by_its_owner_gets_nothing_queued_before(
    api: Client, workspace: Caller, receiver: Receiver, background: Background
) -> None:
    paused = hook(api, receiver, "/paused", ["contact.created"])
    new_contact(workspace, "gus@example.com")
    background.streams["domain-events"].poll_once()

    api.patch(f"/v1/webhooks/{paused.id}", {"enabled": False})
    background.queues["webhooks"].drain()
    new_contact(workspace, "hal@example.com")
    deliver(background)

    assert receiver.seen("/paused") == []
    (log,) = deliveries(api, paused.id, "?status=failed")
    assert [a["error"] for a in log["attempts"]] == ["webhook_disabled"]


def test_a_receiver_whose_address_is_no_longer_allowed_is_not_reached(
    api: Client,
    workspace: Caller,
    receiver: Receiver,
    background: Background,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Checked again at every attempt: here the loopback address was allowed when the webhook was saved
    (local runtime) and is not any more (as a name whose DNS answer changed to a private address)."""
    moved = hook(api, receiver, "/hook", ["contact.created"])
    new_contact(workspace, "ida@example.com")
    monkeypatch.setenv("LETTERCAST_STAGE", "prod")
    settings.cache_clear()

    background.streams["domain-events"].poll_once()
    background.queues["webhooks"].poll_once()

    assert receiver.seen("/hook") == []
    (log,) = deliveries(api, moved.id)
    assert log["status"] == "pending"
    assert [(a["status_code"], a["error"]) for a in log["attempts"]] == [(None, "address_not_allowed")]


# --- secrets ------------------------------------------------------------------------------------


def test_after_a_rotation_deliveries_verify_with_the_new_secret_and_for_a_day_the_old_one(
    api: Client, receiver: Receiver, background: Background
) -> None:
    hooked = hook(api, receiver, "/hook", ["*"])
    rotated = api.post(f"/v1/webhooks/{hooked.id}/rotate-secret").data["secret"]

    api.post(f"/v1/webhooks/{hooked.id}/test")
    background.queues["webhooks"].drain()

    (request,) = receiver.seen("/hook")
    assert request.verifies_with(rotated) and request.verifies_with(hooked.secret)
    assert len(request.headers["webhook-signature"].split(" ")) == 2


def test_once_the_previous_secret_expired_only_the_new_one_verifies(
    api: Client,
    workspace: Caller,
    receiver: Receiver,
    background: Background,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hooked = hook(api, receiver, "/hook", ["*"])
    expiring = api.post(f"/v1/webhooks/{hooked.id}/rotate-secret").data["secret"]
    store.update(workspace.workspace_id, hooked.id, {"previous_secret_until": iso(datetime.now(UTC))})
    api.post(f"/v1/webhooks/{hooked.id}/test")
    background.queues["webhooks"].drain()
    monkeypatch.setenv("LETTERCAST_WEBHOOK_SECRET_OVERLAP_S", "0")  # a rotation that stops the old one now
    settings.cache_clear()
    latest = api.post(f"/v1/webhooks/{hooked.id}/rotate-secret").data["secret"]
    api.post(f"/v1/webhooks/{hooked.id}/test")

    background.queues["webhooks"].drain()

    day_later, at_once = receiver.seen("/hook")
    assert day_later.verifies_with(expiring) and not day_later.verifies_with(hooked.secret)
    assert at_once.verifies_with(latest) and not at_once.verifies_with(expiring)
    assert [len(r.headers["webhook-signature"].split(" ")) for r in (day_later, at_once)] == [1, 1]


# --- test deliveries and manual retries ------------------------------------------------------------


def test_the_test_endpoint_delivers_a_webhook_test_event(
    api: Client, receiver: Receiver, background: Background
) -> None:
    hooked = hook(api, receiver, "/hook", ["contact.created"])

    queued = api.post(f"/v1/webhooks/{hooked.id}/test")

    assert queued.status == 202, queued.body
    assert (queued.data["type"], queued.data["status"], queued.data["attempts"]) == (
        "webhook.test",
        "pending",
        [],
    )
    background.queues["webhooks"].drain()
    (request,) = receiver.seen("/hook")
    assert request.payload["type"] == "webhook.test"
    assert request.payload["id"] == request.headers["webhook-id"] == queued.data["id"]
    assert request.payload["data"]["webhook_id"] == hooked.id
    (log,) = deliveries(api, hooked.id)
    assert (log["id"], log["status"], len(log["attempts"])) == (queued.data["id"], "succeeded", 1)


def test_a_delivery_is_stamped_with_the_wall_clock_so_it_verifies_after_the_local_clock_moved(
    api: Client, receiver: Receiver, background: Background, time: Clock
) -> None:
    hooked = hook(api, receiver, "/hook", ["*"])
    time.advance(days=2)  # as `POST /_local/clock/advance` does: the receiver's clock has not moved

    api.post(f"/v1/webhooks/{hooked.id}/test")
    background.queues["webhooks"].drain()

    (request,) = receiver.seen("/hook")
    assert request.payload is not None, "verify() accepts the timestamp (it refuses one 5 minutes off)"
    assert abs(int(request.headers["webhook-timestamp"]) - datetime.now(UTC).timestamp()) < 60


def test_a_failed_test_delivery_is_not_retried_until_asked_and_a_manual_retry_adds_an_attempt(
    api: Client, receiver: Receiver, background: Background
) -> None:
    hooked = hook(api, receiver, "/hook", ["*"], answers=[500, 200])
    delivery_id = api.post(f"/v1/webhooks/{hooked.id}/test").data["id"]
    background.queues["webhooks"].drain()
    (failed,) = deliveries(api, hooked.id, "?status=failed")
    assert [a["status_code"] for a in failed["attempts"]] == [500]
    assert waiting(background) == (0, 0)  # a manual attempt is never retried by itself

    retried = api.post(f"/v1/webhooks/{hooked.id}/deliveries/{delivery_id}/retry")

    assert retried.status == 202, retried.body
    assert retried.data["status"] == "pending"
    background.queues["webhooks"].drain()
    (log,) = deliveries(api, hooked.id, "?status=succeeded")
    assert log["id"] == delivery_id
    assert [a["status_code"] for a in log["attempts"]] == [500, 200]
    assert [r.headers["webhook-id"] for r in receiver.seen("/hook")] == [delivery_id, delivery_id]
    assert deliveries(api, hooked.id, "?status=failed") == []


def test_a_manual_retry_of_an_event_sends_it_again_with_the_same_webhook_id(
    api: Client, workspace: Caller, receiver: Receiver, background: Background
) -> None:
    hooked = hook(api, receiver, "/hook", ["contact.created"])
    new_contact(workspace, "jo@example.com")
    deliver(background)
    (delivered,) = deliveries(api, hooked.id)

    assert api.post(f"/v1/webhooks/{hooked.id}/deliveries/{delivered['id']}/retry").status == 202
    background.queues["webhooks"].drain()

    first, again = receiver.seen("/hook")
    assert first.body == again.body and again.payload is not None
    assert first.headers["webhook-id"] == again.headers["webhook-id"] == delivered["id"]
    (log,) = deliveries(api, hooked.id)
    assert [a["status_code"] for a in log["attempts"]] == [200, 200]


def test_deliveries_are_listed_newest_first_and_by_status(
    api: Client, receiver: Receiver, background: Background
) -> None:
    hooked = hook(api, receiver, "/hook", ["*"], answers=[200, 500, 200])
    ids = []
    for _ in range(3):  # one at a time, so that the second is the one that fails
        ids.append(api.post(f"/v1/webhooks/{hooked.id}/test").data["id"])
        background.queues["webhooks"].drain()

    assert [d["id"] for d in deliveries(api, hooked.id)] == ids[::-1]
    assert [d["id"] for d in deliveries(api, hooked.id, "?status=succeeded")] == [ids[2], ids[0]]
    assert [d["id"] for d in deliveries(api, hooked.id, "?status=failed")] == [ids[1]]
    page = api.get(f"/v1/webhooks/{hooked.id}/deliveries?limit=2")
    rest = api.get(f"/v1/webhooks/{hooked.id}/deliveries?limit=2&cursor={page.body['next_cursor']}")
    assert [d["id"] for d in page.data + rest.data] == ids[::-1]


# --- the workers with the events AWS sends ---------------------------------------------------------


def test_only_new_events_fan_out_not_changes_or_expiries(
    api: Client, workspace: Caller, receiver: Receiver, background: Background
) -> None:
    hook(api, receiver, "/hook", ["*"])
    new_contact(workspace, "kim@example.com")
    poller = background.streams["domain-events"]
    streams = poller.streams
    shard = next(iter(poller.iterators))
    iterator = streams.get_shard_iterator(
        StreamArn=poller.arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON"
    )
    records: list[dict[str, Any]] = []
    position = iterator["ShardIterator"]
    while position:  # every record of the stream: earlier tests of this worker wrote to it too
        page = streams.get_records(ShardIterator=position, Limit=1000)
        records += page["Records"]
        position = page.get("NextShardIterator") if page["Records"] else None
    (inserted,) = [
        r
        for r in records
        if r["eventName"] == "INSERT" and workspace.workspace_id in r["dynamodb"]["Keys"]["pk"]["S"]
    ]
    modified = {**inserted, "eventID": "m", "eventName": "MODIFY"}
    removed = {**inserted, "eventID": "r", "eventName": "REMOVE"}
    removed["dynamodb"] = {k: v for k, v in inserted["dynamodb"].items() if k != "NewImage"}
    removed["dynamodb"]["OldImage"] = inserted["dynamodb"]["NewImage"]

    changes = fanout_handler(
        {"Records": [stream_record(r, poller.arn) for r in (modified, removed)]}, LambdaContext("fanout")
    )
    assert changes == {"batchItemFailures": []}
    assert waiting(background) == (0, 0)
    fanout_handler({"Records": [stream_record(inserted, poller.arn)]}, LambdaContext("fanout"))
    assert waiting(background) == (1, 0)


def test_the_last_failed_attempt_is_left_to_the_queue_for_its_dead_letter_queue(
    api: Client, workspace: Caller, receiver: Receiver, background: Background
) -> None:
    down = hook(api, receiver, "/down", ["*"], answers=[500])
    sqs = aws.client("sqs")
    queue = background.queues["webhooks"]
    event = WebhookEvent(
        id="01a00000-0000-7000-8000-000000000001", type="contact.created", created_at=iso(datetime.now(UTC))
    )
    job = WebhookJob(workspace_id=workspace.workspace_id, webhook_id=down.id, event=event)
    sqs.send_message(QueueUrl=queue.url, MessageBody=json.dumps(job.body()))
    (message,) = sqs.receive_message(QueueUrl=queue.url, AttributeNames=["All"])["Messages"]
    message["Attributes"]["ApproximateReceiveCount"] = "9"  # as SQS counts it on the ninth receive
    bad = {**message, "MessageId": "not-a-job", "Body": '{"webhook_id": 1}'}

    answer = delivery_handler(
        {"Records": [sqs_record(m, queue.arn) for m in (message, bad)]}, LambdaContext("d")
    )

    failed = {f["itemIdentifier"] for f in answer["batchItemFailures"]}
    assert failed == {message["MessageId"], "not-a-job"}
    (log,) = deliveries(api, down.id)
    assert (log["status"], log["next_retry_at"], len(log["attempts"])) == ("failed", None, 1)


def test_a_burst_of_a_thousand_contact_changes_reaches_the_receiver_each_once(
    api: Client, workspace: Caller, receiver: Receiver, background: Background
) -> None:
    hook(api, receiver, "/burst", ["contact.created", "contact.updated"])
    # 500 contacts made, then each changed: two POST /v1/contacts/batch calls (their service), which tell
    # each change as the single routes do while a webhook listens.
    made = lists.upsert_many(workspace.workspace_id, [{"email": f"burst{i}@example.com"} for i in range(500)])
    assert (made.created, made.errors) == (500, [])
    changed = [{"email": f"burst{i}@example.com", "first_name": f"B{i}"} for i in range(500)]
    assert lists.upsert_many(workspace.workspace_id, changed).updated == 500

    background.settle(rounds=50)

    arrived = receiver.seen("/burst")
    assert all(r.payload is not None for r in arrived), "every request verifies"
    once = {r.webhook_id: r.payload for r in arrived}  # deduplicated by webhook-id, as receivers do
    assert len(once) == 1000
    changes = {(p["type"], p["data"]["contact"]["email"]) for p in once.values()}
    assert changes == {
        (kind, f"burst{i}@example.com") for kind in ("contact.created", "contact.updated") for i in range(500)
    }


def test_a_duplicate_job_of_a_delivered_event_is_logged_and_never_undoes_the_success(
    api: Client, workspace: Caller, receiver: Receiver, background: Background
) -> None:
    made = hook(api, receiver, "/twice", ["contact.created"], answers=[200, 500])
    new_contact(workspace, "dup@example.com")
    deliver(background)
    [first] = deliveries(api, made.id)
    assert first["status"] == "succeeded"

    # The stream handed the same event to the fan-out again (at least once): a second job of it.
    (request,) = receiver.seen("/twice")
    event = WebhookEvent.model_validate(json.loads(request.body))
    job = WebhookJob(workspace_id=workspace.workspace_id, webhook_id=made.id, event=event)
    queues.send_all("webhooks", [job.body()])
    background.queues["webhooks"].drain()

    assert [r.webhook_id for r in receiver.seen("/twice")] == [event.id, event.id]
    [after] = deliveries(api, made.id)
    assert after["status"] == "succeeded" and after["next_retry_at"] is None
    assert [a["status_code"] for a in after["attempts"]] == [200, 500]
    assert waiting(background) == (0, 0), "nothing left to retry"


def test_a_webhook_hears_nothing_that_happened_before_it_was_made(
    api: Client, workspace: Caller, receiver: Receiver, background: Background, time: Clock
) -> None:
    new_contact(workspace, "before@example.com")  # its event waits on the stream, not yet fanned out

    time.tick()  # the webhook is made in a later second
    made = hook(api, receiver, "/since", ["contact.created"])
    new_contact(workspace, "after@example.com")
    deliver(background)

    assert [r.payload["data"]["contact"]["email"] for r in receiver.seen("/since")] == ["after@example.com"]
    assert len(deliveries(api, made.id)) == 1
