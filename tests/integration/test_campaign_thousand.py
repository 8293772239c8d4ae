"""A campaign at the size of a real list: a thousand subscribers, a tenth of them without the tagged field,
and every one of them is sent exactly one message."""

from __future__ import annotations

from email import message_from_string, policy
from email.message import EmailMessage
from typing import Any

import pytest

from functions.campaigns.handler import handler
from functions.core.auth import Caller
from tests.integration.conftest import Background, Client, sender_and_list

RECIPIENTS = [f"k{i:04d}@example.com" for i in range(1000)]
NAMELESS = {email for i, email in enumerate(RECIPIENTS) if i % 10 == 0}  # 100 without a first name


def outbox() -> list:
    from moto.ses.models import ses_backends

    return list(ses_backends["123456789012"]["us-east-1"].sent_messages)


def first_name_of(email: str) -> str:
    return f"Name{email[1:5]}"  # k0001@example.com -> Name0001


def parsed(message: Any) -> EmailMessage:
    return message_from_string(message.raw_data, policy=policy.default)


def html_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def subscribe_all(caller: Caller, list_id: str) -> None:
    """The audience, subscribed in one POST /v1/contacts/batch (its service, to keep the resolver out of
    the time), so every contact is a subscribed member of the list as the campaign will read it."""
    from functions.lists import service as lists

    items = [
        {
            "email": email,
            "lists": [list_id],
            **({} if email in NAMELESS else {"first_name": first_name_of(email)}),
        }
        for email in RECIPIENTS
    ]
    outcome = lists.upsert_many(caller.workspace_id, items)
    assert (outcome.created, outcome.errors) == (len(RECIPIENTS), [])


def test_a_thousand_recipient_campaign_where_a_tenth_lack_the_tagged_field_sends_to_all(
    workspace: Caller, request: pytest.FixtureRequest
) -> None:
    sender, list_id = sender_and_list(workspace)
    subscribe_all(workspace, list_id)
    # The background starts once the audience is in: the 3,000 stream records of subscribing it would
    # otherwise go to the segment evaluator (no segment here), and reading them through moto costs more
    # than the whole send.
    background: Background = request.getfixturevalue("background")
    api = Client(handler, workspace)
    campaign = api.post(
        "/v1/campaigns",
        {
            "title": "Thousand",
            "subject": "Hello {{ first_name }}, our news",
            "html": "<p>Hi {{ first_name | default('there') }}</p><a href='{{ unsubscribe_url }}'>bye</a>",
            "list_id": list_id,
            "sender_id": sender["id"],
        },
    ).data

    assert api.post(f"/v1/campaigns/{campaign['id']}/send", {}).status == 202
    background.settle()

    assert api.get(f"/v1/campaigns/{campaign['id']}").data["status"] == "sent"
    stats = api.get(f"/v1/campaigns/{campaign['id']}/stats").data
    assert (stats["recipients"], stats["sent"], stats["failed"], stats["skipped"]) == (1000, 1000, 0, 0)
    mine = [m for m in outbox() if m.destinations[0] in set(RECIPIENTS)]
    assert sorted(m.destinations[0] for m in mine) == RECIPIENTS  # each exactly once, nobody left out
    by_address = {m.destinations[0]: parsed(m) for m in mine}
    nameless, named = by_address["k0000@example.com"], by_address["k0001@example.com"]
    assert nameless["Subject"] == "Hello , our news"  # the tag rendered empty, not left as "{{"
    assert "<p>Hi there</p>" in html_of(nameless)
    assert named["Subject"] == "Hello Name0001, our news"
    assert "<p>Hi Name0001</p>" in html_of(named)
    assert not [a for a, m in by_address.items() if "{{" in m["Subject"] or "{{" in html_of(m)]
