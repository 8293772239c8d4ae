"""The contracts the send path hides: campaign jobs on the queues, and SES message tags there and back."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from functions.campaigns.jobs import DispatchJob, SendJob, dead_job
from functions.sending.tags import SesTags

WS, CAMPAIGN = "01a20000-0000-7000-8000-0000000000aa", "01a20000-0000-7000-8000-0000000000bb"


def wire(body: dict) -> str:
    return json.dumps(body, separators=(",", ":"))  # as functions.core.queues sends it


def test_a_dispatch_job_is_the_json_it_always_was_and_parses_back() -> None:
    job = DispatchJob(workspace_id=WS, campaign_id=CAMPAIGN, shard=3)

    assert wire(job.body()) == wire({"workspace_id": WS, "campaign_id": CAMPAIGN, "shard": 3})
    assert DispatchJob.model_validate_json(wire(job.body())) == job


def test_a_send_job_leaves_attempt_out_until_it_was_throttled() -> None:
    first = SendJob(workspace_id=WS, campaign_id=CAMPAIGN, contact_ids=["a", "b"])
    retried = first.model_copy(update={"attempt": 2})

    assert wire(first.body()) == wire(
        {"workspace_id": WS, "campaign_id": CAMPAIGN, "contact_ids": ["a", "b"]}
    )
    assert list(retried.body()) == ["workspace_id", "campaign_id", "contact_ids", "attempt"]
    assert SendJob.model_validate_json(wire(first.body())).attempt == 0
    assert SendJob.model_validate_json(wire(retried.body())) == retried


def test_the_check_later_job_has_no_recipients() -> None:
    body = wire({"workspace_id": WS, "campaign_id": CAMPAIGN, "contact_ids": []})

    assert SendJob.model_validate_json(body).contact_ids == []


def test_a_job_queued_with_fields_it_no_longer_knows_still_parses() -> None:
    body = wire({"workspace_id": WS, "campaign_id": CAMPAIGN, "shard": "7", "queued_by": "an older build"})

    assert DispatchJob.model_validate_json(body).shard == 7


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        wire({"workspace_id": WS, "campaign_id": CAMPAIGN}),
        wire({"workspace_id": WS, "contact_ids": ["a"]}),
        wire({"workspace_id": WS, "campaign_id": CAMPAIGN, "contact_ids": "a"}),
        wire([WS, CAMPAIGN]),
    ],
)
def test_a_malformed_send_job_is_rejected(body: str) -> None:
    with pytest.raises(ValidationError):
        SendJob.model_validate_json(body)


def test_a_malformed_dispatch_job_is_rejected() -> None:
    with pytest.raises(ValidationError):
        DispatchJob.model_validate_json(wire({"workspace_id": WS, "campaign_id": CAMPAIGN, "shard": "x"}))


def test_a_dead_letter_is_a_dispatch_when_it_names_a_shard_else_a_send_batch() -> None:
    dispatch = wire({"workspace_id": WS, "campaign_id": CAMPAIGN, "shard": 1})
    batch = wire({"workspace_id": WS, "campaign_id": CAMPAIGN, "contact_ids": ["a"], "attempt": 4})

    assert dead_job(dispatch) == DispatchJob(workspace_id=WS, campaign_id=CAMPAIGN, shard=1)
    assert dead_job(batch) == SendJob(workspace_id=WS, campaign_id=CAMPAIGN, contact_ids=["a"], attempt=4)


def test_a_dead_letter_of_no_known_shape_is_told_apart_from_one_that_is_not_json() -> None:
    with pytest.raises(ValidationError):
        dead_job(wire({"workspace_id": WS, "campaign_id": CAMPAIGN, "shard": "x", "contact_ids": ["a"]}))
    with pytest.raises(ValidationError):
        dead_job(wire({"hello": "world"}))
    with pytest.raises(ValueError) as not_json:
        dead_job("{not json")
    assert not isinstance(not_json.value, ValidationError)


def test_campaign_tags_are_the_email_tags_they_always_were() -> None:
    tags = SesTags(workspace=WS, kind="campaign", campaign=CAMPAIGN, contact="c1")

    assert tags.email_tags() == [
        {"Name": "workspace", "Value": WS},
        {"Name": "kind", "Value": "campaign"},
        {"Name": "campaign", "Value": CAMPAIGN},
        {"Name": "contact", "Value": "c1"},
    ]


def test_message_tags_leave_out_what_has_no_value() -> None:
    tags = SesTags(workspace=WS, message_id="m1", kind="compose")

    assert tags.email_tags() == [
        {"Name": "workspace", "Value": WS},
        {"Name": "message_id", "Value": "m1"},
        {"Name": "kind", "Value": "compose"},
    ]


def test_tags_come_back_from_an_ses_events_mail_tags() -> None:
    sent = SesTags(workspace=WS, kind="campaign", campaign=CAMPAIGN, contact="c1")
    mail_tags = {t["Name"]: [t["Value"]] for t in sent.email_tags()}  # how SES publishes them
    mail_tags["ses:configuration-set"] = ["lettercast"]

    read = SesTags.from_mail_tags(mail_tags)

    assert read == sent
    assert read.campaign_message


def test_tags_of_a_message_that_is_not_a_campaigns_or_not_ours() -> None:
    compose = SesTags.from_mail_tags({"workspace": [WS], "message_id": ["m1"], "kind": ["compose"]})
    foreign = SesTags.from_mail_tags(None)
    emptied = SesTags.from_mail_tags({"workspace": [WS], "campaign": [], "contact": ["c1"]})

    assert (compose.workspace, compose.message_id, compose.campaign_message) == (WS, "m1", False)
    assert foreign == SesTags() and not foreign.campaign_message
    assert emptied.campaign is None and not emptied.campaign_message
