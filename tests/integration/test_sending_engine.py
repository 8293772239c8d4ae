"""The sending engine under concurrency: never twice (racing workers, a redelivery while the first try
runs), limits given back for what SES refused, and SES's answers as domain outcomes."""

from __future__ import annotations

import json
import threading
from collections import Counter

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError, ReadTimeoutError

from functions.campaigns import sender as send_worker
from functions.campaigns.handler import handler
from functions.core import aws
from functions.core.auth import Caller
from functions.core.clock import today
from functions.core.settings import settings
from functions.lists.handler import handler as lists_handler
from functions.sending import engine
from functions.sending import store as sending_store
from functions.sending.message import Message
from functions.sending.tags import SesTags
from tests.integration.conftest import Background, Client, sender_and_list, ses_answers

EMAILS = [f"r{i}@example.com" for i in range(20)]


def outbox() -> list:
    from moto.ses.models import ses_backends

    return list(ses_backends["123456789012"]["us-east-1"].sent_messages)


@pytest.fixture
def world(workspace: Caller, background: Background) -> dict:
    lists = Client(lists_handler, workspace)
    sender, list_id = sender_and_list(workspace)
    for email in EMAILS:
        lists.post(f"/v1/lists/{list_id}/subscribers", {"email": email, "first_name": "R"})
    api = Client(handler, workspace)
    campaign = api.post(
        "/v1/campaigns",
        {
            "title": "T",
            "subject": "Hi {{ first_name }}",
            "html": "<p>x</p>",
            "list_id": list_id,
            "sender_id": sender["id"],
        },
    ).data
    api.post(f"/v1/campaigns/{campaign['id']}/send", {})
    background.queues["dispatch"].drain()
    jobs: list[dict] = []  # one per shard; held by this test, which plays the workers itself
    while (
        got := aws.client("sqs")
        .receive_message(
            QueueUrl=background.queues["send"].url, MaxNumberOfMessages=10, VisibilityTimeout=600
        )
        .get("Messages")
    ):
        jobs += got
    contact_ids = [cid for job in jobs for cid in json.loads(job["Body"])["contact_ids"]]
    assert len(contact_ids) == len(EMAILS)
    return {"api": api, "id": campaign["id"], "sender": sender, "contact_ids": contact_ids, "ws": workspace}


def per_address(before: int) -> Counter[str]:
    return Counter(m.destinations[0] for m in outbox()[before:])


def stats(world: dict) -> tuple[int, int, int, str]:
    data = world["api"].get(f"/v1/campaigns/{world['id']}/stats").data
    status = world["api"].get(f"/v1/campaigns/{world['id']}").data["status"]
    return data["sent"], data["failed"], data["skipped"], status


def test_workers_racing_on_one_batch_send_each_recipient_once(world: dict) -> None:
    before = len(outbox())
    workspace_id, campaign_id, ids = world["ws"].workspace_id, world["id"], world["contact_ids"]
    racers = [
        threading.Thread(
            target=send_worker.send_batch, args=(workspace_id, campaign_id, ids), kwargs={"workers": 8}
        )
        for _ in range(3)
    ]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join()

    assert per_address(before) == Counter(EMAILS)
    assert stats(world) == (20, 0, 0, "sent")


def test_a_batch_redelivered_while_its_first_try_still_runs_sends_nobody_twice(
    world: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As deployed: a recount waits while a worker may still be counting what it sent (tests set 0).
    monkeypatch.setenv("RECOUNT_SETTLE_S", "120")
    settings.cache_clear()
    before = len(outbox())
    workspace_id, campaign_id, ids = world["ws"].workspace_id, world["id"], world["contact_ids"]
    calls: list[str] = []

    def redeliver_midway(params: dict, **_: object) -> None:
        calls.append(params["Destination"]["ToAddresses"][0])
        if len(calls) == 5:  # the first try is half-way: the queue hands the same job to another worker
            send_worker.send_batch(workspace_id, campaign_id, ids, redelivered=True, workers=4)

    with ses_answers(redeliver_midway):
        send_worker.send_batch(workspace_id, campaign_id, ids, workers=4)

    assert per_address(before) == Counter(EMAILS)
    assert stats(world) == (20, 0, 0, "sent")


def test_what_ses_refuses_gives_its_place_back_in_the_daily_limits(world: dict) -> None:
    workspace_id, sender = world["ws"].workspace_id, world["sender"]
    sender_key = {"pk": f"WS#{workspace_id}#SENDER#{sender['id']}", "sk": f"DAY#{today()}"}
    sender_used = lambda: int((aws.table("sends").get_item(Key=sender_key).get("Item") or {}).get("sent", 0))  # noqa: E731
    account_used = lambda: sending_store.account_count(f"ses-day#{today()}")  # noqa: E731
    sender_before, account_before, before = sender_used(), account_used(), len(outbox())

    def refuse_three(params: dict, **_: object) -> None:
        if params["Destination"]["ToAddresses"][0] in EMAILS[:3]:
            raise ClientError({"Error": {"Code": "MessageRejected", "Message": "no"}}, "SendEmail")

    with ses_answers(refuse_three):
        send_worker.send_batch(workspace_id, world["id"], world["contact_ids"], workers=8)

    assert sum(per_address(before).values()) == 17
    assert sender_used() - sender_before == 17
    assert account_used() - account_before == 17
    assert stats(world) == (17, 3, 0, "sent")


def _messages(workspace_id: str, n: int, subject: str = "Hello") -> list[Message]:
    return [
        Message(
            to=f"m{i}@example.com",
            subject=subject,
            html="<p>hi</p>",
            text="hi",
            tags=SesTags(workspace=workspace_id, kind="test"),
            key=str(i),
        )
        for i in range(n)
    ]


@pytest.mark.parametrize(
    ("error", "result"),
    [
        (ClientError({"Error": {"Code": "MessageRejected", "Message": "no"}}, "SendEmail"), "refused"),
        (
            ClientError({"Error": {"Code": "TooManyRequestsException", "Message": "slow"}}, "SendEmail"),
            "throttled",
        ),
        (
            ClientError(
                {"Error": {"Code": "InternalFailure"}, "ResponseMetadata": {"HTTPStatusCode": 500}}, "X"
            ),
            "throttled",
        ),
        (
            ClientError({"Error": {"Code": "LimitExceeded", "Message": "Daily message quota exceeded"}}, "X"),
            "quota_exhausted",
        ),
        (ReadTimeoutError(endpoint_url="https://email"), "unknown"),
        (EndpointConnectionError(endpoint_url="https://email"), "throttled"),  # it never left
        (NoCredentialsError(), "error"),  # waiting will not mend it: the job fails, then its DLQ
        (RuntimeError("a bug"), "error"),
    ],
)
def test_ses_answers_become_outcomes_and_nothing_escapes(world: dict, error: Exception, result: str) -> None:
    sender = world["sender"]
    messages = _messages(world["ws"].workspace_id, 4)

    def fail_the_second(params: dict, **_: object) -> None:
        if params["Destination"]["ToAddresses"][0] == "m1@example.com":
            raise error

    with ses_answers(fail_the_second):
        outcomes = engine.deliver(sender, messages, workers=1)

    assert [o.message.key for o in outcomes] == ["0", "1", "2", "3"]
    assert outcomes[0].result == "sent" and outcomes[0].ses_message_id
    assert outcomes[1].result == result
    stops = result in ("throttled", "quota_exhausted")  # the rest is not tried once SES pushes back
    assert [o.result for o in outcomes[2:]] == ([result, result] if stops else ["sent", "sent"])


def test_a_message_that_cannot_be_built_is_invalid_alone_and_nothing_is_claimed_for_it(world: dict) -> None:
    broken = _messages(world["ws"].workspace_id, 1, "Line\nbreak")[0].model_copy(update={"key": "broken"})
    messages = [*_messages(world["ws"].workspace_id, 2), broken]
    claimed: list[str] = []

    def claim(message: Message) -> bool:
        claimed.append(message.key)
        return True

    outcomes = engine.deliver(world["sender"], messages, claim=claim, workers=3)

    assert [o.result for o in outcomes] == ["sent", "sent", "invalid"]
    assert outcomes[2].code == "header_control_characters"
    assert sorted(claimed) == ["0", "1"]


def test_a_claim_that_fails_sends_nothing_and_is_an_error_not_a_skip(world: dict) -> None:
    before = len(outbox())

    def broken_claim(message: Message) -> bool:
        raise ClientError({"Error": {"Code": "InternalServerError", "Message": "x"}}, "UpdateItem")

    outcomes = engine.deliver(world["sender"], _messages(world["ws"].workspace_id, 3), claim=broken_claim)

    assert [o.result for o in outcomes] == ["error"] * 3
    assert len(outbox()) == before


def test_a_request_that_must_send_everything_is_not_held_for_the_rate(
    world: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a sandbox account's 1 message a second, waiting for 30 tokens would outlast any API request:
    a whole request takes what the current window has and reserves the daily limits for all."""
    from functions.compose.handler import handler as compose_handler
    from functions.sending.capacity import Capacity
    from tests.integration.test_send_quota import Clock

    monkeypatch.setenv("SES_MAX_SEND_RATE", "1")
    settings.cache_clear()
    workspace_id, sender = world["ws"].workspace_id, world["sender"]
    clock = Clock(3_000_000.0)
    sender_key = {"pk": f"WS#{workspace_id}#SENDER#{sender['id']}", "sk": f"DAY#{today()}"}
    used = lambda: int((aws.table("sends").get_item(Key=sender_key).get("Item") or {}).get("sent", 0))  # noqa: E731
    used_before = used()

    grant = Capacity(workspace_id, sender, sleep=clock.sleep, clock=clock).take(30, whole=True)

    assert grant.count == 30
    assert sum(clock.slept) <= 1.0  # one window at most, not thirty seconds
    assert used() - used_before == 30

    before = len(outbox())
    emails = [f"whole{i}@example.com" for i in range(12)]
    reply = Client(compose_handler, world["ws"]).post(
        "/v1/compose",
        {
            "account_key": sender["account_key"],
            "subject": "Hi",
            "body": "<p>x</p>",
            "recipients": {"emails": emails},
        },
    )
    assert reply.status == 200 and reply.body["sent"] == 12, reply.body
    assert sorted(m.destinations[0] for m in outbox()[before:]) == sorted(emails)
