"""Exports: a list's members, a segment's members or a campaign's recipients -> a CSV in S3, streamed page
by page by the export worker; the job answers a presigned GET; formula-like cells are escaped."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
import requests

from functions.campaigns.handler import handler as campaigns_handler
from functions.contacts.handler import handler as contacts_handler
from functions.core.auth import Caller
from functions.imports.handler import handler
from functions.lists.handler import handler as lists_handler
from functions.segments.handler import handler as segments_handler
from tests.integration.conftest import Background, Client, sender_and_list


@pytest.fixture
def api(workspace: Caller) -> Client:
    return Client(handler, workspace)


def exported(api: Client, background: Background, body: dict[str, Any]) -> list[dict[str, str]]:
    reply = api.post("/v1/exports", body)
    assert reply.status == 202, reply.body
    assert reply.data["status"] == "queued"
    background.settle()
    job = api.get(f"/v1/exports/{reply.data['id']}").data
    assert job["status"] == "completed", job
    text = requests.get(job["download_url"], timeout=10).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert job["rows"] == len(rows)
    return rows


def test_a_list_export_has_every_member_with_its_status_and_attributes_and_escapes_formulas(
    api: Client, background: Background
) -> None:
    _, list_id = sender_and_list(api.caller)
    lists = Client(lists_handler, api.caller)
    members = [
        {
            "email": "ann@example.com",
            "first_name": '=HYPERLINK("http://evil")',
            "attributes": {"plan": "pro"},
        },
        {"email": "bo@example.com", "last_name": "+1", "attributes": {"city": "Oslo"}, "tags": ["a", "b"]},
        {"email": "cy@example.com"},
    ]
    for member in members:
        assert lists.post(f"/v1/lists/{list_id}/subscribers", member).status in (200, 201)
    lists.delete(f"/v1/lists/{list_id}/subscribers/cy@example.com")
    Client(contacts_handler, api.caller).post("/v1/contacts", {"email": "outside@example.com"})

    rows = exported(api, background, {"list_id": list_id})

    by_email = {r["email"]: r for r in rows}
    assert sorted(by_email) == ["ann@example.com", "bo@example.com", "cy@example.com"]
    assert list(rows[0]) == [
        "email",
        "first_name",
        "last_name",
        "name",
        "phone",
        "status",
        "tags",
        "created_at",
        "list_status",
        "attributes.city",
        "attributes.plan",
    ]
    assert by_email["ann@example.com"]["first_name"] == '\'=HYPERLINK("http://evil")'
    assert by_email["bo@example.com"]["last_name"] == "'+1"
    assert (by_email["bo@example.com"]["tags"], by_email["bo@example.com"]["attributes.city"]) == (
        "a,b",
        "Oslo",
    )
    assert by_email["ann@example.com"]["attributes.plan"] == "pro"
    assert by_email["cy@example.com"]["list_status"] == "unsubscribed"
    assert by_email["ann@example.com"]["list_status"] == "subscribed"


def test_a_segment_export_has_its_members(api: Client, background: Background) -> None:
    contacts = Client(contacts_handler, api.caller)
    for email, plan in (("p1@example.com", "pro"), ("p2@example.com", "pro"), ("f1@example.com", "free")):
        contacts.post("/v1/contacts", {"email": email, "attributes": {"plan": plan}})
    rules = {
        "match": "all",
        "groups": [{"conditions": [{"field": "attributes.plan", "operator": "eq", "value": "pro"}]}],
    }
    segment = Client(segments_handler, api.caller).post("/v1/segments", {"name": "Pro", "rules": rules}).data
    background.settle()  # the backfill

    rows = exported(api, background, {"segment_id": segment["id"]})

    assert sorted(r["email"] for r in rows) == ["p1@example.com", "p2@example.com"]


def test_a_campaign_export_lists_its_recipients_with_their_state(api: Client, background: Background) -> None:
    sender, list_id = sender_and_list(api.caller)
    lists = Client(lists_handler, api.caller)
    for i in range(3):
        lists.post(f"/v1/lists/{list_id}/subscribers", {"email": f"r{i}@example.com"})
    campaigns = Client(campaigns_handler, api.caller)
    campaign = campaigns.post(
        "/v1/campaigns",
        {
            "title": "T",
            "subject": "Hi",
            "html": "<p>Hi</p>{{ unsubscribe_url }}",
            "list_id": list_id,
            "sender_id": sender["id"],
        },
    ).data
    assert campaigns.post(f"/v1/campaigns/{campaign['id']}/send", {}).status == 202
    background.settle()

    rows = exported(api, background, {"campaign_id": campaign["id"]})

    assert sorted((r["email"], r["state"]) for r in rows) == [(f"r{i}@example.com", "sent") for i in range(3)]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 400, "export_source_required"),
        (
            {
                "list_id": "01a20000-0000-7000-8000-00000000dead",
                "segment_id": "01a20000-0000-7000-8000-00000000dead",
            },
            400,
            "export_source_required",
        ),
        ({"list_id": "01a20000-0000-7000-8000-00000000dead"}, 404, "list_not_found"),
        ({"campaign_id": "01a20000-0000-7000-8000-00000000dead"}, 404, "campaign_not_found"),
        ({"list_id": "01a20000-0000-7000-8000-00000000dead", "format": "xlsx"}, 400, "validation_failed"),
    ],
    ids=["no source", "two sources", "unknown list", "unknown campaign", "not csv"],
)
def test_a_bad_export_request_is_refused_and_nothing_is_queued(
    api: Client, background: Background, body: dict[str, Any], status: int, code: str
) -> None:
    reply = api.post("/v1/exports", body)

    assert (reply.status, reply.error["code"]) == (status, code)
    assert background.queues["exports"].poll_once() == 0


def test_another_workspaces_export_is_not_found(
    api: Client, other_workspace: Caller, background: Background
) -> None:
    _, list_id = sender_and_list(api.caller)
    mine = api.post("/v1/exports", {"list_id": list_id}).data

    assert api.as_(other_workspace).get(f"/v1/exports/{mine['id']}").status == 404
    assert api.as_(other_workspace).post("/v1/exports", {"list_id": list_id}).status == 404
