"""Sending a campaign: the audience, exactly once per recipient, throttling, cancel, unsubscribe links."""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email import message_from_string, policy

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, ReadTimeoutError

from functions.campaigns.handler import handler
from functions.contacts.handler import handler as contacts_handler
from functions.core import aws
from functions.core.auth import Caller
from functions.core.settings import settings
from functions.lists.handler import handler as lists_handler
from functions.public.handler import handler as public_handler
from infra.local.pollers import load_handler
from infra.local.scheduler import Scheduler
from infra.local.ses import SesFeedback
from infra.topology import TOPOLOGY
from tests.builders import LambdaContext, rest_event
from tests.integration.conftest import (
    Background,
    Client,
    dynamodb_answers,
    send_without_counting,
    sender_and_list,
    ses_answers,
)

HTML = "<p>Hi {{ first_name }}</p><a href='{{ unsubscribe_url }}'>unsubscribe</a>"


def one_time_schedules() -> Scheduler:
    """The local scheduler of the topology's one-time schedules, firing their real targets (its recurring
    sweeps fire on their own clock: tests/integration/test_local_scheduler.py)."""
    return Scheduler(
        replace(TOPOLOGY, recurring=()),
        lambda name, event: load_handler(TOPOLOGY.function(name).handler)(event, LambdaContext()),
    )


def outbox() -> list:
    from moto.ses.models import ses_backends

    return list(ses_backends["123456789012"]["us-east-1"].sent_messages)


@pytest.fixture
def setup(workspace: Caller) -> dict:
    lists = Client(lists_handler, workspace)
    contacts = Client(contacts_handler, workspace)
    sender, list_id = sender_and_list(workspace)
    for i in range(12):
        lists.post(f"/v1/lists/{list_id}/subscribers", {"email": f"s{i}@example.com", "first_name": f"S{i}"})
    for i in (0, 1):
        lists.delete(f"/v1/lists/{list_id}/subscribers/s{i}@example.com")  # unsubscribed: not recipients
    bounced = contacts.get("/v1/contacts/s2@example.com").data
    from functions.contacts import service as contacts_service

    contacts_service.set_status(workspace.workspace_id, bounced["id"], "bounced")  # skipped with a reason
    api = Client(handler, workspace)
    campaign = api.post(
        "/v1/campaigns",
        {
            "title": "T",
            "subject": "News for {{ first_name }}",
            "html": HTML,
            "list_id": list_id,
            "sender_id": sender["id"],
        },
    ).data
    return {"api": api, "campaign": campaign, "list_id": list_id, "lists": lists}


def delivered_to(before: int) -> list[str]:
    return sorted(m.destinations[0] for m in outbox()[before:])


def redeliver_at_once(background: Background, queue: str) -> None:
    """The visibility timeout passing at once: a failed message comes back on the next poll."""
    aws.client("sqs").set_queue_attributes(
        QueueUrl=background.queues[queue].url, Attributes={"VisibilityTimeout": "0"}
    )


def test_a_campaign_reaches_each_subscriber_once_and_becomes_sent(
    setup: dict, background: Background
) -> None:
    api, campaign = setup["api"], setup["campaign"]
    before = len(outbox())
    started = api.post(f"/v1/campaigns/{campaign['id']}/send", {})
    assert started.status == 202 and started.data["status"] == "sending"
    assert api.post(f"/v1/campaigns/{campaign['id']}/send", {}).status == 422  # not twice
    background.settle()

    assert delivered_to(before) == sorted(f"s{i}@example.com" for i in range(3, 12))
    assert api.get(f"/v1/campaigns/{campaign['id']}").data["status"] == "sent"
    stats = api.get(f"/v1/campaigns/{campaign['id']}/stats").data
    assert (stats["recipients"], stats["sent"], stats["skipped"], stats["failed"]) == (10, 9, 1, 0)
    SesFeedback(os.environ["TOPIC_FEEDBACK_ARN"]).tick()  # SES reports deliveries
    background.settle()
    assert api.get(f"/v1/campaigns/{campaign['id']}/stats").data["delivered"] == 9
    delivered = api.get(f"/v1/campaigns/{campaign['id']}/recipients?state=delivered&limit=100").data
    ses_ids = {m.id for m in outbox()[before:]}
    assert len(delivered) == 9 and {r["message_id"] for r in delivered} == ses_ids  # SES's ids, traceable
    skipped = api.get(f"/v1/campaigns/{campaign['id']}/recipients?state=skipped").data
    assert [(r["email"], r["reason"]) for r in skipped] == [("s2@example.com", "bounced")]
    everyone = api.get(f"/v1/campaigns/{campaign['id']}/recipients?limit=4")
    seen = [r["email"] for r in everyone.data]
    while everyone.body["next_cursor"]:
        everyone = api.get(
            f"/v1/campaigns/{campaign['id']}/recipients?limit=4&cursor={everyone.body['next_cursor']}"
        )
        seen += [r["email"] for r in everyone.data]
    assert sorted(seen) == sorted(f"s{i}@example.com" for i in range(2, 12))

    message = message_from_string(outbox()[-1].raw_data, policy=policy.default)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].startswith("<https://lettercast.test/u/")
    assert message["Subject"].startswith("News for S")


def test_a_contacts_activity_shows_the_campaign_it_was_sent_among_its_own_entries(
    setup: dict, background: Background, other_workspace: Caller
) -> None:
    api, campaign = setup["api"], setup["campaign"]
    contacts = Client(contacts_handler, api.caller)
    api.post(f"/v1/campaigns/{campaign['id']}/send", {})
    background.settle()
    s3 = contacts.get("/v1/contacts/s3@example.com").data
    from functions.contacts import service as contacts_service

    later = (datetime.now(UTC) + timedelta(seconds=2)).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )  # times are to the second
    contacts_service.record_activity(api.caller.workspace_id, s3["id"], "event", {"name": "later"}, later)

    everything = contacts.get(f"/v1/contacts/{s3['id']}/activity?limit=100").data
    sent = [a for a in everything if a["type"] == "sent"]
    assert [(a["data"]["campaign_id"], a["data"]["subject"]) for a in sent] == [
        (campaign["id"], "News for S3")
    ]
    assert everything[0]["type"] == "event"  # newest first
    assert [a["occurred_at"] for a in everything] == sorted(
        (a["occurred_at"] for a in everything), reverse=True
    )
    one_by_one, reply = [], contacts.get(f"/v1/contacts/{s3['id']}/activity?limit=1")
    while True:
        one_by_one += reply.data
        if not reply.body["next_cursor"]:
            break
        reply = contacts.get(f"/v1/contacts/{s3['id']}/activity?limit=1&cursor={reply.body['next_cursor']}")
    assert one_by_one == everything
    s0 = contacts.get("/v1/contacts/s0@example.com").data  # unsubscribed before: not sent
    assert [
        a["type"] for a in contacts.get(f"/v1/contacts/{s0['id']}/activity").data if a["type"] == "sent"
    ] == []
    assert contacts.as_(other_workspace).get(f"/v1/contacts/{s3['id']}/activity").status == 404


def test_a_batch_that_fails_half_way_is_retried_without_repeating_anyone(
    setup: dict, background: Background
) -> None:
    api, campaign = setup["api"], setup["campaign"]
    calls = {"n": 0}

    def throttle_some(**_: object) -> None:
        calls["n"] += 1
        if calls["n"] in (4, 5, 6):  # SES throttles for a while, mid-batch
            raise ClientError(
                {"Error": {"Code": "TooManyRequestsException", "Message": "slow down"}}, "SendEmail"
            )

    redeliver_at_once(background, "send")
    before = len(outbox())
    with ses_answers(throttle_some):
        api.post(f"/v1/campaigns/{campaign['id']}/send", {})
        background.settle()
    background.settle()
    assert calls["n"] == 9 + 3  # nine messages, three refused by SES on the way
    assert delivered_to(before) == sorted(f"s{i}@example.com" for i in range(3, 12))  # all, none twice
    assert api.get(f"/v1/campaigns/{campaign['id']}").data["status"] == "sent"


def test_a_message_ses_refuses_fails_that_recipient_with_the_code_and_the_rest_are_sent(
    setup: dict, background: Background
) -> None:
    api, campaign = setup["api"], setup["campaign"]

    def refuse_one(params: dict, **_: object) -> None:
        if params["Destination"]["ToAddresses"] == ["s5@example.com"]:
            raise ClientError({"Error": {"Code": "MessageRejected", "Message": "no"}}, "SendEmail")

    before = len(outbox())
    with ses_answers(refuse_one):
        api.post(f"/v1/campaigns/{campaign['id']}/send", {})
        background.settle()
    assert delivered_to(before) == sorted(f"s{i}@example.com" for i in range(3, 12) if i != 5)
    failed = api.get(f"/v1/campaigns/{campaign['id']}/recipients?state=failed").data
    assert [(r["email"], r["reason"]) for r in failed] == [("s5@example.com", "MessageRejected")]
    stats = api.get(f"/v1/campaigns/{campaign['id']}/stats").data
    assert (stats["sent"], stats["failed"], stats["skipped"]) == (8, 1, 1)
    assert api.get(f"/v1/campaigns/{campaign['id']}").data["status"] == "sent"


def test_cancel_stops_the_remaining_recipients(setup: dict, background: Background) -> None:
    api, campaign = setup["api"], setup["campaign"]
    before = len(outbox())
    api.post(f"/v1/campaigns/{campaign['id']}/send", {})
    background.queues["dispatch"].drain()  # the audience is fixed and queued
    assert api.post(f"/v1/campaigns/{campaign['id']}/cancel", {}).data["status"] == "cancelled"
    background.settle()
    assert delivered_to(before) == []
    stats = api.get(f"/v1/campaigns/{campaign['id']}/stats").data
    assert stats["sent"] == 0 and stats["skipped"] == stats["recipients"] == 10
    assert api.get(f"/v1/campaigns/{campaign['id']}").data["status"] == "cancelled"


def test_the_unsubscribe_link_unsubscribes_from_the_list(
    setup: dict, background: Background, workspace: Caller
) -> None:
    api, campaign = setup["api"], setup["campaign"]
    api.post(f"/v1/campaigns/{campaign['id']}/send", {})
    background.settle()
    message = message_from_string(outbox()[-1].raw_data, policy=policy.default)
    link = re.search(r"<https://lettercast.test(/u/[^>]+)>", message["List-Unsubscribe"]).group(1)
    recipient = message["To"]
    page = public_handler(rest_event("GET", link, headers={"Content-Type": "text/html"}), LambdaContext())
    assert page["statusCode"] == 200 and "Unsubscribe" in page["body"]
    one_click = public_handler(
        rest_event(
            "POST",
            link,
            raw_body="List-Unsubscribe=One-Click",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        LambdaContext(),
    )
    assert one_click["statusCode"] == 200
    member = setup["lists"].get(f"/v1/lists/{setup['list_id']}/subscribers/{recipient}").data
    assert member["lists"][0]["status"] == "unsubscribed"
    assert api.get(f"/v1/campaigns/{campaign['id']}/stats").data["unsubscribed"] == 1
    forged = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
    assert public_handler(rest_event("POST", forged), LambdaContext())["statusCode"] == 404
    assert public_handler(rest_event("GET", "/u/garbage"), LambdaContext())["statusCode"] == 404


def test_a_scheduled_campaign_fires_once_at_its_time(setup: dict, background: Background) -> None:
    api, campaign = setup["api"], setup["campaign"]
    scheduled = api.post(f"/v1/campaigns/{campaign['id']}/send", {"send_at": "2030-01-01T09:00:00+01:00"})
    assert scheduled.status == 202
    assert (scheduled.data["status"], scheduled.data["send_at"]) == ("scheduled", "2030-01-01T08:00:00Z")
    schedule = aws.client("scheduler").get_schedule(Name=f"campaign-{campaign['id']}", GroupName="lettercast")
    assert schedule["ScheduleExpression"] == "at(2030-01-01T08:00:00)"
    rescheduled = api.post(f"/v1/campaigns/{campaign['id']}/send", {"send_at": "2030-01-02T08:00:00Z"})
    assert rescheduled.data["send_at"] == "2030-01-02T08:00:00Z"

    player = one_time_schedules()
    assert player.tick(datetime(2030, 1, 1, 12, tzinfo=UTC)) == 0  # the first time was replaced
    before = len(outbox())
    assert player.tick(datetime(2030, 1, 2, 8, 0, 1, tzinfo=UTC)) == 1
    from functions.campaigns.workers import start_handler

    again = start_handler(
        {"workspace_id": api.caller.workspace_id, "campaign_id": campaign["id"]}, LambdaContext()
    )
    assert again == {"started": False}  # a schedule delivered twice starts it once
    background.settle()
    assert len(outbox()) - before == 9
    assert api.get(f"/v1/campaigns/{campaign['id']}").data["status"] == "sent"


def test_cancelling_a_scheduled_campaign_removes_its_schedule(setup: dict) -> None:
    api, campaign = setup["api"], setup["campaign"]
    api.post(f"/v1/campaigns/{campaign['id']}/send", {"send_at": "2030-01-01T08:00:00Z"})
    assert api.post(f"/v1/campaigns/{campaign['id']}/cancel", {}).data["status"] == "cancelled"
    schedules = aws.client("scheduler").list_schedules(GroupName="lettercast")["Schedules"]
    assert schedules == []
    assert api.post(f"/v1/campaigns/{campaign['id']}/send", {}).status == 422


def test_opens_and_clicks_are_counted_once_per_recipient_for_uniques(
    setup: dict, background: Background, workspace: Caller
) -> None:
    api, campaign = setup["api"], setup["campaign"]
    api.patch(
        f"/v1/campaigns/{campaign['id']}",
        {
            "html": "<p>Hi {{ first_name }}</p><a href='https://shop.example/sale'>Sale</a> "
            "<a href='{{ unsubscribe_url }}'>u</a>",
            "utm_campaign": "nov",
        },
    )
    api.post(f"/v1/campaigns/{campaign['id']}/send", {})
    background.settle()
    html = message_from_string(outbox()[-1].raw_data, policy=policy.default).get_body(("html",)).get_content()
    click = re.search(r"href='https://lettercast.test(/t/c/[^']+)'", html).group(1)
    pixel = re.search(r'src="https://lettercast.test(/t/o/[^"]+)"', html).group(1)
    assert "/u/" in html  # the unsubscribe link is left as it is

    for _ in range(2):
        opened = public_handler(rest_event("GET", pixel), LambdaContext())
        assert opened["statusCode"] == 200 and opened["isBase64Encoded"] is True
        redirect = public_handler(rest_event("GET", click), LambdaContext())
        assert redirect["statusCode"] == 302
    location = redirect["multiValueHeaders"]["Location"][0]
    assert location.startswith("https://shop.example/sale?") and "utm_campaign=nov" in location
    tampered = click[:-4] + ("AAAA" if not click.endswith("AAAA") else "BBBB")
    assert public_handler(rest_event("GET", tampered), LambdaContext())["statusCode"] == 404

    stats = api.get(f"/v1/campaigns/{campaign['id']}/stats").data
    assert (stats["opened"], stats["unique_opens"], stats["clicked"], stats["unique_clicks"]) == (2, 1, 2, 1)
    assert stats["links"] == [{"url": location, "clicks": 2, "unique_clicks": 1}]
    assert stats["open_rate"] == pytest.approx(1 / 9)


def test_a_test_send_reaches_at_most_ten_addresses_marked_and_uncounted(setup: dict) -> None:
    api, campaign = setup["api"], setup["campaign"]
    before = len(outbox())
    reply = api.post(f"/v1/campaigns/{campaign['id']}/test", {"emails": ["s5@example.com"]})
    assert reply.status == 204
    message = message_from_string(outbox()[-1].raw_data, policy=policy.default)
    assert message["Subject"] == "[Test] News for S5" and message["X-Lettercast-Test"] == "true"
    assert len(outbox()) - before == 1
    assert api.get(f"/v1/campaigns/{campaign['id']}/stats").data["sent"] == 0
    assert api.get(f"/v1/campaigns/{campaign['id']}").data["status"] == "draft"
    too_many = api.post(
        f"/v1/campaigns/{campaign['id']}/test", {"emails": [f"t{i}@example.com" for i in range(11)]}
    )
    assert too_many.status == 400


def test_a_test_send_ses_refuses_is_a_422_naming_the_address(setup: dict) -> None:
    api, campaign = setup["api"], setup["campaign"]

    def refuse_s6(params: dict, **_: object) -> None:
        if params["Destination"]["ToAddresses"] == ["s6@example.com"]:
            raise ClientError({"Error": {"Code": "MessageRejected", "Message": "no"}}, "SendEmail")

    before = len(outbox())
    with ses_answers(refuse_s6):
        reply = api.post(
            f"/v1/campaigns/{campaign['id']}/test", {"emails": ["s5@example.com", "s6@example.com"]}
        )
    assert reply.status == 422 and reply.error["code"] == "test_send_refused"
    assert reply.error["refused"] == ["s6@example.com"]
    assert [m.destinations[0] for m in outbox()[before:]] == ["s5@example.com"]


def test_throttling_longer_than_the_retries_allow_still_sends_everyone_once(
    setup: dict, background: Background
) -> None:
    api, campaign = setup["api"], setup["campaign"]
    calls = {"n": 0}

    def throttle_a_while(**_: object) -> None:
        calls["n"] += 1
        if 2 <= calls["n"] <= 9:  # eight refusals in a row: more than the queue's five receives
            raise ClientError({"Error": {"Code": "TooManyRequestsException", "Message": "slow"}}, "SendEmail")

    before = len(outbox())
    with ses_answers(throttle_a_while):
        api.post(f"/v1/campaigns/{campaign['id']}/send", {})
        background.settle(rounds=40)
    assert delivered_to(before) == sorted(f"s{i}@example.com" for i in range(3, 12))  # all, none twice
    stats = api.get(f"/v1/campaigns/{campaign['id']}/stats").data
    assert (stats["sent"], stats["failed"]) == (9, 0)
    assert api.get(f"/v1/campaigns/{campaign['id']}").data["status"] == "sent"


def test_reaching_the_ses_daily_quota_pauses_until_resumed(
    setup: dict, background: Background, monkeypatch: pytest.MonkeyPatch
) -> None:
    from functions.core.clock import today
    from functions.sending import store as sending_store

    api, campaign = setup["api"], setup["campaign"]
    # The quota counts the whole account's messages today, other tests' too: room for four more.
    sent_today = sending_store.account_count(f"ses-day#{today()}")
    monkeypatch.setenv("SES_MAX_24H_SEND", str(sent_today + 4))
    settings.cache_clear()  # the setup already read the settings
    before = len(outbox())
    api.post(f"/v1/campaigns/{campaign['id']}/send", {})
    background.settle()
    paused = api.get(f"/v1/campaigns/{campaign['id']}").data
    assert (paused["status"], paused["paused_reason"]) == ("paused", "ses_daily_quota")
    assert len(outbox()) - before == 4
    assert len(api.get(f"/v1/campaigns/{campaign['id']}/recipients?state=queued&limit=100").data) == 5
    resume = aws.client("scheduler").get_schedule(
        Name=f"campaign-{campaign['id']}-resume", GroupName="lettercast"
    )
    assert resume["ScheduleExpression"] == f"at({paused['resume_at'][:19]})"  # after midnight UTC
    assert api.post(f"/v1/campaigns/{campaign['id']}/resume", {}).status == 202
    background.settle()
    assert api.get(f"/v1/campaigns/{campaign['id']}").data["status"] == "paused"  # still no room today
    assert len(outbox()) - before == 4

    monkeypatch.setenv("SES_MAX_24H_SEND", str(sent_today + 1000))  # the quota window moves on
    settings.cache_clear()
    player = one_time_schedules()
    assert player.tick(datetime(2100, 1, 1, tzinfo=UTC)) == 1  # the resume schedule fires
    background.settle()
    assert delivered_to(before) == sorted(f"s{i}@example.com" for i in range(3, 12))  # each once
    assert api.get(f"/v1/campaigns/{campaign['id']}").data["status"] == "sent"
    assert api.post(f"/v1/campaigns/{campaign['id']}/resume", {}).status == 422


def test_a_batch_that_always_fails_ends_in_the_dlq_and_its_recipients_count_as_failed(
    setup: dict, background: Background
) -> None:
    api, campaign = setup["api"], setup["campaign"]

    def poison(params: dict, **_: object) -> None:
        if params["Destination"]["ToAddresses"] == ["s7@example.com"]:
            raise RuntimeError("a bug that fails this message every time")

    redeliver_at_once(background, "send")
    before = len(outbox())
    with ses_answers(poison):
        api.post(f"/v1/campaigns/{campaign['id']}/send", {})
        background.settle(rounds=40)
    assert "s7@example.com" not in delivered_to(before)
    assert len(delivered_to(before)) == len(set(delivered_to(before)))  # nobody twice
    failed = api.get(f"/v1/campaigns/{campaign['id']}/recipients?state=failed").data
    assert "s7@example.com" in [r["email"] for r in failed]
    assert {r["reason"] for r in failed} == {"send_batch_failed"}
    stats = api.get(f"/v1/campaigns/{campaign['id']}/stats").data
    assert stats["sent"] + stats["failed"] == 9 and stats["sent"] == len(delivered_to(before))
    assert api.get(f"/v1/campaigns/{campaign['id']}").data["status"] == "sent"


def test_a_worker_that_dies_mid_batch_is_recounted_when_the_batch_comes_back(
    setup: dict, background: Background
) -> None:
    api, campaign = setup["api"], setup["campaign"]
    sqs = aws.client("sqs")
    url = background.queues["send"].url
    api.post(f"/v1/campaigns/{campaign['id']}/send", {})
    background.queues["dispatch"].drain()
    messages = sqs.receive_message(QueueUrl=url, VisibilityTimeout=0, MaxNumberOfMessages=10)["Messages"]
    job = json.loads(messages[0]["Body"])
    workspace_id = api.caller.workspace_id
    before = len(outbox())
    # sent, then the worker dies before counting them
    lost = send_without_counting(workspace_id, campaign["id"], job["contact_ids"])
    assert lost["sent"] == len(job["contact_ids"]) == len(outbox()) - before

    background.settle()  # the message comes back (a second receive) and the rest is sent
    assert delivered_to(before) == sorted(f"s{i}@example.com" for i in range(3, 12))  # each once
    stats = api.get(f"/v1/campaigns/{campaign['id']}/stats").data
    assert (stats["sent"], stats["skipped"]) == (9, 1)
    assert api.get(f"/v1/campaigns/{campaign['id']}").data["status"] == "sent"


def test_a_dispatch_that_dies_before_marking_its_shard_counts_its_audience_once_when_run_again(
    setup: dict, background: Background
) -> None:
    api, campaign = setup["api"], setup["campaign"]
    died = []

    def dies_once(params: dict, **_: object) -> None:
        audience = (params.get("ExpressionAttributeValues") or {}).get(":n")
        if (
            "dispatched" in params.get("UpdateExpression", "")
            and audience not in (0, {"N": "0"})
            and not died
        ):
            died.append(params)  # the audience is fixed and its batches queued; the shard is not marked
            raise RuntimeError("the dispatch worker dies")

    redeliver_at_once(background, "dispatch")
    before = len(outbox())
    with dynamodb_answers("UpdateItem", dies_once):
        api.post(f"/v1/campaigns/{campaign['id']}/send", {})
        background.settle(rounds=40)

    assert died and delivered_to(before) == sorted(f"s{i}@example.com" for i in range(3, 12))  # each once
    stats = api.get(f"/v1/campaigns/{campaign['id']}/stats").data
    assert (stats["recipients"], stats["sent"], stats["skipped"]) == (10, 9, 1)
    assert api.get(f"/v1/campaigns/{campaign['id']}").data["status"] == "sent"


def test_a_dispatch_that_fails_every_retry_pauses_the_campaign_until_resumed(
    setup: dict, background: Background
) -> None:
    api, campaign = setup["api"], setup["campaign"]

    def broken(**_: object) -> None:
        raise RuntimeError("reading the audience fails every time")

    redeliver_at_once(background, "dispatch")
    before = len(outbox())
    with dynamodb_answers("BatchGetItem", broken):
        api.post(f"/v1/campaigns/{campaign['id']}/send", {})
        background.settle(rounds=40)
    paused = api.get(f"/v1/campaigns/{campaign['id']}").data
    assert (paused["status"], paused["paused_reason"], paused["resume_at"]) == (
        "paused",
        "dispatch_failed",
        None,
    )
    assert delivered_to(before) == []

    from functions.campaigns.workers import start_handler

    stray = {"action": "resume", "workspace_id": api.caller.workspace_id, "campaign_id": campaign["id"]}
    assert start_handler(stray, LambdaContext()) == {"resumed": False}  # by hand only
    assert api.post(f"/v1/campaigns/{campaign['id']}/resume", {}).status == 202
    background.settle()
    assert delivered_to(before) == sorted(f"s{i}@example.com" for i in range(3, 12))  # each once
    stats = api.get(f"/v1/campaigns/{campaign['id']}/stats").data
    assert (stats["recipients"], stats["sent"], stats["skipped"]) == (10, 9, 1)
    assert api.get(f"/v1/campaigns/{campaign['id']}").data["status"] == "sent"


def test_the_audience_is_the_list_as_it_stood_when_sending_started(
    setup: dict, background: Background
) -> None:
    api, campaign, lists = setup["api"], setup["campaign"], setup["lists"]
    list_id = setup["list_id"]
    before = len(outbox())
    started = api.post(f"/v1/campaigns/{campaign['id']}/send", {}).data
    assert started["started_at"] is not None
    while datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") <= started["started_at"]:
        time.sleep(0.05)  # the times are to the second: subscribe in a later one
    lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "late@example.com"})  # new, mid-send
    lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "s0@example.com"})  # back, mid-send
    background.settle()

    assert delivered_to(before) == sorted(f"s{i}@example.com" for i in range(3, 12))
    done = api.get(f"/v1/campaigns/{campaign['id']}").data
    assert done["status"] == "sent" and done["sent_at"] >= done["started_at"]
    assert api.get(f"/v1/campaigns/{campaign['id']}/stats").data["recipients"] == 10


def test_a_recount_waits_for_a_send_still_in_flight(
    setup: dict, background: Background, monkeypatch: pytest.MonkeyPatch
) -> None:
    from functions.campaigns import completion, recipients

    monkeypatch.setenv("RECOUNT_SETTLE_S", "120")
    settings.cache_clear()  # the setup already read the settings
    api, campaign = setup["api"], setup["campaign"]
    workspace_id = api.caller.workspace_id
    calls: list[str] = []
    seen_then: list[str] = []

    def last_one_in_flight(params: dict, **_: object) -> None:
        calls.append(params["Destination"]["ToAddresses"][0])
        if len(calls) == 9:  # the last recipient is marked sent and SES has not answered yet
            # Meanwhile another worker, back from a crash, checks whether the campaign is done.
            flagged = recipients.count_again_later(workspace_id, campaign["id"])
            completion.finish_if_done(workspace_id, campaign["id"], flagged)
            seen_then.append(api.get(f"/v1/campaigns/{campaign['id']}").data["status"])
            raise ClientError({"Error": {"Code": "Throttling", "Message": "slow down"}}, "SendEmail")

    before = len(outbox())
    with ses_answers(last_one_in_flight):
        api.post(f"/v1/campaigns/{campaign['id']}/send", {})
        background.settle()
    assert seen_then == ["sending"]  # not finished under the in-flight recipient
    assert delivered_to(before) == sorted(f"s{i}@example.com" for i in range(3, 12))  # the last one too
    stats = api.get(f"/v1/campaigns/{campaign['id']}/stats").data
    assert (stats["sent"], stats["skipped"], stats["failed"]) == (9, 1, 0)
    assert api.get(f"/v1/campaigns/{campaign['id']}").data["status"] == "sent"


@pytest.mark.parametrize(
    ("error", "sends_to_s6", "outcome"),
    [
        (ReadTimeoutError(endpoint_url="https://email"), 1, "sent"),  # SES may have it: never twice
        (
            ClientError(
                {"Error": {"Code": "InternalFailure"}, "ResponseMetadata": {"HTTPStatusCode": 500}}, "X"
            ),
            2,
            "sent",
        ),
        (EndpointConnectionError(endpoint_url="https://email"), 2, "sent"),  # never left: sent again
    ],
)
def test_an_ses_error_is_retried_only_when_the_message_surely_was_not_taken(
    setup: dict, background: Background, error: Exception, sends_to_s6: int, outcome: str
) -> None:
    api, campaign = setup["api"], setup["campaign"]
    tries: list[str] = []

    def fail_s6_once(params: dict, **_: object) -> None:
        if params["Destination"]["ToAddresses"] == ["s6@example.com"]:
            tries.append("s6")
            if len(tries) == 1:
                raise error

    redeliver_at_once(background, "send")
    with ses_answers(fail_s6_once):
        api.post(f"/v1/campaigns/{campaign['id']}/send", {})
        background.settle()
    assert len(tries) == sends_to_s6
    s6 = [
        r
        for r in api.get(f"/v1/campaigns/{campaign['id']}/recipients?limit=100").data
        if r["email"] == "s6@example.com"
    ]
    assert s6[0]["state"] == outcome
    assert api.get(f"/v1/campaigns/{campaign['id']}/stats").data["sent"] == 9
    assert api.get(f"/v1/campaigns/{campaign['id']}").data["status"] == "sent"


def test_an_address_suppressed_or_a_contact_erased_after_the_audience_was_fixed_is_skipped(
    setup: dict, background: Background, workspace: Caller
) -> None:
    from functions.contacts import service as contacts_service
    from functions.sending import store as sending_store

    api, campaign = setup["api"], setup["campaign"]
    before = len(outbox())
    assert api.post(f"/v1/campaigns/{campaign['id']}/send", {}).status == 202
    background.queues["dispatch"].drain()  # the audience is fixed and queued, nothing sent yet
    sending_store.suppress(workspace.workspace_id, "s4@example.com", "complaint", "2026-01-01T00:00:00Z")
    erased = contacts_service.find(workspace.workspace_id, "s5@example.com")
    contacts_service.delete(workspace.workspace_id, erased["id"])
    background.settle()
    assert delivered_to(before) == sorted(f"s{i}@example.com" for i in (3, 6, 7, 8, 9, 10, 11))
    skipped = api.get(f"/v1/campaigns/{campaign['id']}/recipients?state=skipped&limit=100").data
    assert {r["email"]: r["reason"] for r in skipped} == {
        "s2@example.com": "bounced",
        "s4@example.com": "suppressed (complaint)",
        "s5@example.com": "contact_deleted",
    }


def test_an_address_suppressed_before_the_send_is_skipped_when_the_audience_is_fixed(
    setup: dict, background: Background, workspace: Caller
) -> None:
    from functions.sending import store as sending_store

    api, campaign = setup["api"], setup["campaign"]
    for email in ("s6@example.com", "s7@example.com"):
        sending_store.suppress(workspace.workspace_id, email, "bounced", "2026-01-01T00:00:00Z")
    before = len(outbox())
    assert api.post(f"/v1/campaigns/{campaign['id']}/send", {}).status == 202
    background.settle()
    assert delivered_to(before) == sorted(f"s{i}@example.com" for i in (3, 4, 5, 8, 9, 10, 11))
    skipped = api.get(f"/v1/campaigns/{campaign['id']}/recipients?state=skipped&limit=100").data
    assert {r["email"]: r["reason"] for r in skipped} == {
        "s2@example.com": "bounced",
        "s6@example.com": "suppressed (bounced)",
        "s7@example.com": "suppressed (bounced)",
    }


PREHEADER = re.compile(r'<div style="display:none[^"]*" aria-hidden="true">(.*?)&#847;')


def test_the_preview_text_is_the_hidden_start_of_every_message_and_not_in_the_text_part(
    setup: dict, background: Background
) -> None:
    """Inboxes show the html's first text after the subject: the campaign's preview_text (or its
    template's), hidden in the message; the plain-text part made from the html leaves it out."""
    api, campaign = setup["api"], setup["campaign"]
    assert (
        api.patch(f"/v1/campaigns/{campaign['id']}", {"preview_text": "Three <new> things & more"}).status
        == 200
    )

    assert api.post(f"/v1/campaigns/{campaign['id']}/test", {"emails": ["s5@example.com"]}).status == 204
    tested = message_from_string(outbox()[-1].raw_data, policy=policy.default)
    html = tested.get_body(("html",)).get_content()
    assert PREHEADER.match(html).group(1) == "Three &lt;new&gt; things &amp; more"  # first, escaped
    assert "Three" not in tested.get_body(("plain",)).get_content()

    before = len(outbox())
    assert api.post(f"/v1/campaigns/{campaign['id']}/send", {}).status == 202
    background.settle()
    sent = [message_from_string(m.raw_data, policy=policy.default) for m in outbox()[before:]]
    assert len(sent) == 9
    for message in sent:
        html = message.get_body(("html",)).get_content()
        assert PREHEADER.match(html).group(1) == "Three &lt;new&gt; things &amp; more"
        assert "<p>Hi S" in html and "Three" not in message.get_body(("plain",)).get_content()
