"""A sending campaign whose queued work is gone (a purged queue): resume picks it up once it has stalled,
cancel settles everyone not sent; nobody is sent twice and the stats add up."""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import UTC, datetime

import pytest

from functions.campaigns.handler import handler
from functions.core import aws
from functions.core.auth import Caller
from functions.core.settings import Settings, settings
from functions.core.sharding import SHARDS, shard_of
from functions.lists.handler import handler as lists_handler
from infra.topology import TOPOLOGY
from tests.integration.conftest import Background, Client, send_without_counting, sender_and_list

HTML = "<p>Hi {{ first_name }}</p><a href='{{ unsubscribe_url }}'>unsubscribe</a>"
EVERYONE = [f"s{i}@example.com" for i in range(1, 10)]  # s0 bounced: skipped when the audience is fixed


def emails_per_address() -> Counter[str]:
    """What SES sent (moto's record), per address: each must be 1."""
    from moto.ses.models import ses_backends

    return Counter(m.destinations[0] for m in ses_backends["123456789012"]["us-east-1"].sent_messages)


@pytest.fixture
def setup(workspace: Caller) -> dict:
    """A draft campaign to a list of ten, one of them bounced: nine to send, one skipped."""
    from functions.contacts import service as contacts_service

    lists = Client(lists_handler, workspace)
    sender, list_id = sender_and_list(workspace)
    for i in range(10):
        member = lists.post(
            f"/v1/lists/{list_id}/subscribers", {"email": f"s{i}@example.com", "first_name": f"S{i}"}
        ).data
        if i == 0:
            contacts_service.set_status(workspace.workspace_id, member["id"], "bounced")
    api = Client(handler, workspace)
    campaign = api.post(
        "/v1/campaigns",
        {"title": "T", "subject": "News", "html": HTML, "list_id": list_id, "sender_id": sender["id"]},
    ).data
    return {"api": api, "id": campaign["id"]}


def purge(background: Background, queue: str) -> None:
    """What an operator does to a queue, or the local runtime stopping: its messages are gone."""
    aws.client("sqs").purge_queue(QueueUrl=background.queues[queue].url)


def waiting_in(background: Background, queue: str) -> int:
    attributes = aws.client("sqs").get_queue_attributes(
        QueueUrl=background.queues[queue].url, AttributeNames=["ApproximateNumberOfMessages"]
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"])


def stall_after(monkeypatch: pytest.MonkeyPatch, seconds: int | None) -> None:
    """The stall threshold (None: the default); 0 stands for "the operator waited long enough"."""
    if seconds is None:
        monkeypatch.delenv("LETTERCAST_CAMPAIGN_STALL_AFTER_S", raising=False)
    else:
        monkeypatch.setenv("LETTERCAST_CAMPAIGN_STALL_AFTER_S", str(seconds))
    settings.cache_clear()


def recipients_in(api: Client, campaign_id: str, state: str) -> list[dict]:
    return api.get(f"/v1/campaigns/{campaign_id}/recipients?state={state}&limit=100").data


def counters(api: Client, campaign_id: str) -> tuple[int, int, int, int]:
    stats = api.get(f"/v1/campaigns/{campaign_id}/stats").data
    return stats["recipients"], stats["sent"], stats["skipped"], stats["failed"]


def test_the_stall_threshold_outlasts_the_longest_silence_of_a_healthy_campaign(aws: dict[str, str]) -> None:
    queues = {q.name: q for q in TOPOLOGY.queues}
    threshold = Settings().campaign_stall_after_s
    assert threshold >= 900 + queues["send"].visibility_timeout_s  # SQS's longest delay, then a worker
    assert threshold >= queues["dispatch"].visibility_timeout_s


@pytest.mark.parametrize("lost", ["send", "dispatch"])
def test_a_campaign_whose_queue_was_purged_is_sent_to_everyone_once_when_resumed_after_it_stalled(
    setup: dict, background: Background, monkeypatch: pytest.MonkeyPatch, lost: str
) -> None:
    api, campaign_id = setup["api"], setup["id"]
    api.post(f"/v1/campaigns/{campaign_id}/send", {})
    if lost == "send":
        background.queues["dispatch"].drain()  # every audience fixed, its batches queued, then lost
    else:
        for _ in range(SHARDS // 2):  # half the shards dispatched, the other half never will be
            background.queues["dispatch"].poll_once()
    purge(background, lost)
    background.settle()
    assert api.get(f"/v1/campaigns/{campaign_id}").data["status"] == "sending"  # for ever, until resumed
    if lost == "send":
        assert sum(emails_per_address().values()) == 0

    stall_after(monkeypatch, 0)
    resumed = api.post(f"/v1/campaigns/{campaign_id}/resume", {})
    assert resumed.status == 202, resumed.body
    assert resumed.data["status"] == "sending"
    background.settle()

    assert emails_per_address() == Counter(EVERYONE)  # everyone, once
    assert recipients_in(api, campaign_id, "queued") == []
    assert counters(api, campaign_id) == (10, 9, 1, 0)
    assert api.get(f"/v1/campaigns/{campaign_id}").data["status"] == "sent"


def test_a_resume_before_the_campaign_has_stalled_is_refused_and_changes_nothing(
    setup: dict, background: Background
) -> None:
    api, campaign_id = setup["api"], setup["id"]
    not_started = api.post(f"/v1/campaigns/{campaign_id}/resume", {})
    assert (not_started.status, not_started.error["code"]) == (422, "campaign_not_paused")  # a draft
    api.post(f"/v1/campaigns/{campaign_id}/send", {})
    background.queues["dispatch"].drain()
    purge(background, "send")
    stats_before = api.get(f"/v1/campaigns/{campaign_id}/stats").data

    refused = api.post(f"/v1/campaigns/{campaign_id}/resume", {})
    assert (refused.status, refused.error["code"]) == (422, "campaign_in_progress")
    resumable_at = datetime.fromisoformat(refused.error["resumable_at"])
    wait = (resumable_at - datetime.now(UTC)).total_seconds()
    assert 900 + 120 - 60 < wait <= 900 + 120  # the default threshold, from the last progress just now
    assert refused.error["resumable_at"] in refused.error["message"]

    assert background.queues["dispatch"].drain() == 0 and background.queues["send"].drain() == 0
    assert sum(emails_per_address().values()) == 0
    assert len(recipients_in(api, campaign_id, "queued")) == 9
    assert api.get(f"/v1/campaigns/{campaign_id}/stats").data == stats_before
    assert api.get(f"/v1/campaigns/{campaign_id}").data["status"] == "sending"


def test_two_resumes_back_to_back_queue_the_work_once(
    setup: dict, background: Background, monkeypatch: pytest.MonkeyPatch
) -> None:
    api, campaign_id = setup["api"], setup["id"]
    stall_after(monkeypatch, 2)  # a short threshold, waited for on the real clock
    api.post(f"/v1/campaigns/{campaign_id}/send", {})
    background.queues["dispatch"].drain()
    purge(background, "send")
    early = api.post(f"/v1/campaigns/{campaign_id}/resume", {})
    assert early.error["code"] == "campaign_in_progress"
    while datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") < early.error["resumable_at"]:
        time.sleep(0.05)  # the campaign stays silent until the time it was told

    first = api.post(f"/v1/campaigns/{campaign_id}/resume", {})
    second = api.post(f"/v1/campaigns/{campaign_id}/resume", {})
    assert first.status == 202, first.body
    assert (second.status, second.error["code"]) == (422, "campaign_in_progress")  # the first's progress
    assert waiting_in(background, "dispatch") == SHARDS  # one dispatch per shard, not two
    background.queues["dispatch"].drain()
    waiting = {shard_of(r["contact_id"]) for r in recipients_in(api, campaign_id, "queued")}
    assert waiting_in(background, "send") == len(waiting)  # one batch per shard with someone waiting
    background.settle()
    assert emails_per_address() == Counter(EVERYONE)
    assert api.get(f"/v1/campaigns/{campaign_id}").data["status"] == "sent"


def test_a_resume_after_some_recipients_were_sent_sends_none_of_them_again(
    setup: dict, background: Background, monkeypatch: pytest.MonkeyPatch
) -> None:
    api, campaign_id = setup["api"], setup["id"]
    api.post(f"/v1/campaigns/{campaign_id}/send", {})
    background.queues["dispatch"].drain()
    for _ in range(3):
        background.queues["send"].poll_once()
    purge(background, "send")
    sent_before = set(emails_per_address())
    assert 0 < len(sent_before) < len(EVERYONE)

    stall_after(monkeypatch, 0)
    resumed = api.post(f"/v1/campaigns/{campaign_id}/resume", {})
    assert resumed.status == 202, resumed.body
    background.settle()

    assert emails_per_address() == Counter(EVERYONE)  # the ones sent before: not again
    assert counters(api, campaign_id) == (10, 9, 1, 0)
    assert api.get(f"/v1/campaigns/{campaign_id}").data["status"] == "sent"


def test_a_stalled_campaign_with_nobody_left_to_send_is_finished_by_resume(
    setup: dict, background: Background, monkeypatch: pytest.MonkeyPatch
) -> None:
    api, campaign_id = setup["api"], setup["id"]
    workspace_id = api.caller.workspace_id
    sqs = aws.client("sqs")
    api.post(f"/v1/campaigns/{campaign_id}/send", {})
    background.queues["dispatch"].drain()
    taken = sqs.receive_message(QueueUrl=background.queues["send"].url, VisibilityTimeout=600)["Messages"][0]
    # sent, then the worker dies uncounted
    send_without_counting(workspace_id, campaign_id, json.loads(taken["Body"])["contact_ids"])
    background.settle()  # every other batch is sent and counted
    purge(background, "send")  # the batch of the dead worker, which would have come back, is gone
    assert emails_per_address() == Counter(EVERYONE)
    assert recipients_in(api, campaign_id, "queued") == []
    assert api.get(f"/v1/campaigns/{campaign_id}").data["status"] == "sending"  # its counts never came

    stall_after(monkeypatch, 0)
    resumed = api.post(f"/v1/campaigns/{campaign_id}/resume", {})
    assert resumed.status == 202, resumed.body
    assert resumed.data["status"] == "sent"  # recounted from the records
    assert counters(api, campaign_id) == (10, 9, 1, 0)
    background.settle()
    assert emails_per_address() == Counter(EVERYONE)


def test_cancel_of_a_sending_campaign_whose_queue_was_purged_skips_everyone_not_sent(
    setup: dict, background: Background
) -> None:
    api, campaign_id = setup["api"], setup["id"]
    api.post(f"/v1/campaigns/{campaign_id}/send", {})
    background.queues["dispatch"].drain()
    for _ in range(2):
        background.queues["send"].poll_once()
    purge(background, "send")
    sent = emails_per_address()

    assert api.post(f"/v1/campaigns/{campaign_id}/cancel", {}).data["status"] == "cancelled"
    background.settle()

    assert emails_per_address() == sent  # nobody after the cancel
    assert recipients_in(api, campaign_id, "queued") == []
    skipped = {r["email"]: r["reason"] for r in recipients_in(api, campaign_id, "skipped")}
    assert skipped == {"s0@example.com": "bounced", **{e: "cancelled" for e in EVERYONE if e not in sent}}
    assert counters(api, campaign_id) == (10, len(sent), 10 - len(sent), 0)  # each counted once
    assert api.get(f"/v1/campaigns/{campaign_id}").data["status"] == "cancelled"


def test_cancel_while_send_batches_are_still_queued_ends_consistent(
    setup: dict, background: Background
) -> None:
    api, campaign_id = setup["api"], setup["id"]
    api.post(f"/v1/campaigns/{campaign_id}/send", {})
    background.queues["dispatch"].drain()
    background.queues["send"].poll_once()
    sent = emails_per_address()
    assert waiting_in(background, "send") > 0

    assert api.post(f"/v1/campaigns/{campaign_id}/cancel", {}).data["status"] == "cancelled"
    background.queues["dispatch"].drain()  # the cancel's dispatch comes first: nobody is left waiting
    assert recipients_in(api, campaign_id, "queued") == []
    assert waiting_in(background, "send") > 0
    background.settle()  # then the send batches queued before the cancel

    assert emails_per_address() == sent
    skipped = recipients_in(api, campaign_id, "skipped")
    assert len(skipped) == 10 - len(sent)
    assert counters(api, campaign_id) == (10, len(sent), 10 - len(sent), 0)  # skipped once, not twice
    assert api.get(f"/v1/campaigns/{campaign_id}").data["status"] == "cancelled"
