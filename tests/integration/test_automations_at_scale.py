"""Thousands of contacts entering an automation at once (a segment backfilled over them): each gets the
first step exactly once, and the stats count every one of them.

`make test` runs it with 250 contacts (about 25 s on moto in-process, where each contact costs about 80 ms:
the suite must stay within ten minutes); LETTERCAST_SCALE_CONTACTS=10000 runs the 10,000 of the issue
(it passed in 916 s here), and `bench/automations.py --local 10000` times 10,000 on the local runtime."""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

import pytest

from functions.automations.handler import handler as automations_handler
from functions.core.auth import Caller
from functions.lists import service as lists
from functions.segments.handler import handler as segments_handler
from tests.integration.conftest import Background, Client, sender_and_list

CONTACTS = int(os.environ.get("LETTERCAST_SCALE_CONTACTS", "250"))


def sent_subjects() -> Counter[str]:
    from email import message_from_string, policy

    from moto.ses.models import ses_backends

    return Counter(
        (m.destinations[0], message_from_string(m.raw_data, policy=policy.default)["Subject"])
        for m in ses_backends["123456789012"]["us-east-1"].sent_messages
        if m.destinations[0].startswith("scale")
    )


def test_thousands_of_contacts_entering_at_once_each_get_the_first_step_once(
    workspace: Caller, request: pytest.FixtureRequest
) -> None:
    sender, list_id = sender_and_list(workspace)
    emails = [f"scale{i:05d}@example.com" for i in range(CONTACTS)]
    for start in range(0, CONTACTS, 1000):
        batch = [
            {"email": e, "lists": [list_id], "attributes": {"cohort": "b"}}
            for e in emails[start : start + 1000]
        ]
        assert lists.upsert_many(workspace.workspace_id, batch).errors == []
    # The background starts once they are in: their creation is no trigger here, the segment's backfill is.
    background: Background = request.getfixturevalue("background")
    api = Client(automations_handler, workspace)
    rules = {"groups": [{"conditions": [{"field": "attributes.cohort", "operator": "eq", "value": "b"}]}]}
    segments = Client(segments_handler, workspace)
    segment = segments.post(
        "/v1/segments", {"name": "Cohort B", "list_id": list_id, "rules": {"groups": []}}
    ).data
    automation = api.post(
        "/v1/automations",
        {
            "name": "Cohort welcome",
            "trigger": {"type": "segment_entered", "segment_id": segment["id"]},
            "steps": [
                {"type": "send", "sender_id": sender["id"], "subject": "Step one", "html": "<p>Hi</p>"},
                {"type": "wait", "duration": "P1D"},
                {"type": "send", "sender_id": sender["id"], "subject": "Step three", "html": "<p>Again</p>"},
            ],
        },
    ).data
    api.post(f"/v1/automations/{automation['id']}/activate")

    assert segments.patch(f"/v1/segments/{segment['id']}", {"rules": rules}).status == 200  # the backfill
    background.settle(rounds=200)

    sent = sent_subjects()
    assert sorted(email for email, subject in sent if subject == "Step one") == emails
    assert set(sent.values()) == {1}  # nobody twice
    stats: dict[str, Any] = api.get(f"/v1/automations/{automation['id']}").data["stats"]
    assert (stats["entered"], stats["active"]) == (CONTACTS, CONTACTS)
    assert [(s["reached"], s["sent"]) for s in stats["steps"]] == [
        (CONTACTS, CONTACTS),
        (CONTACTS, 0),
        (0, 0),
    ]
