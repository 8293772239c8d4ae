"""Campaign definitions: drafts, references checked, status filter, locked once sending, isolation."""

from __future__ import annotations

import pytest

from functions.campaigns import store
from functions.campaigns.handler import handler
from functions.core.auth import Caller
from functions.lists.handler import handler as lists_handler
from functions.segments.handler import handler as segments_handler
from functions.senders.handler import handler as senders_handler
from functions.templates.handler import handler as templates_handler
from tests.builders import domain_of
from tests.integration.conftest import Client

UNKNOWN = "01a20000-0000-7000-8000-00000000dead"


@pytest.fixture
def api(workspace: Caller) -> Client:
    return Client(handler, workspace)


@pytest.fixture
def refs(workspace: Caller) -> dict[str, str]:
    lists = Client(lists_handler, workspace)
    senders = Client(senders_handler, workspace)
    return {
        "list_id": lists.post(
            "/v1/lists", {"name": "N", "from_name": "A", "from_email": "a@example.com"}
        ).data["id"],
        "sender_id": senders.post(
            "/v1/senders", {"name": "S", "from_name": "A", "from_email": f"a@{domain_of(workspace)}"}
        ).data["id"],
        "segment_id": Client(segments_handler, workspace).post("/v1/segments", {"name": "VIP"}).data["id"],
        "template_id": Client(templates_handler, workspace)
        .post("/v1/templates", {"name": "T", "subject": "S", "html": "<p>x</p>"})
        .data["id"],
    }


def draft(refs: dict[str, str], **extra: object) -> dict:
    return {
        "title": "November news",
        "subject": "News",
        "html": "<p>Hello {{ first_name }}</p>",
        "list_id": refs["list_id"],
        "sender_id": refs["sender_id"],
        **extra,
    }


def test_a_campaign_starts_as_a_draft_and_can_be_changed_and_deleted(
    api: Client, refs: dict[str, str]
) -> None:
    created = api.post("/v1/campaigns", draft(refs, segment_ids=[refs["segment_id"]]))
    assert created.status == 201
    campaign = created.data
    assert (campaign["status"], campaign["track_opens"], campaign["segment_ids"]) == (
        "draft",
        True,
        [refs["segment_id"]],
    )
    changed = api.patch(f"/v1/campaigns/{campaign['id']}", {"template_id": refs["template_id"]})
    assert changed.data["template_id"] == refs["template_id"] and changed.data["html"] is None
    assert api.get(f"/v1/campaigns/{campaign['id']}").data["title"] == "November news"
    assert api.delete(f"/v1/campaigns/{campaign['id']}").body == {"ok": True}
    assert api.get(f"/v1/campaigns/{campaign['id']}").status == 404


@pytest.mark.parametrize("missing", ["list_id", "sender_id", "segment_ids", "template_id"])
def test_every_reference_must_exist_in_the_workspace(api: Client, refs: dict[str, str], missing: str) -> None:
    body = draft(refs)
    if missing == "segment_ids":
        body["segment_ids"] = [UNKNOWN]
    elif missing == "template_id":
        body.pop("html")
        body["template_id"] = UNKNOWN
    else:
        body[missing] = UNKNOWN
    reply = api.post("/v1/campaigns", body)
    assert reply.status == 404
    assert api.get("/v1/campaigns").data == []


def test_html_and_a_template_together_are_refused(api: Client, refs: dict[str, str]) -> None:
    reply = api.post("/v1/campaigns", draft(refs, template_id=refs["template_id"]))
    assert reply.status == 400


def test_campaigns_are_filtered_by_status(api: Client, refs: dict[str, str], workspace: Caller) -> None:
    first = api.post("/v1/campaigns", draft(refs)).data
    api.post("/v1/campaigns", draft(refs, title="Second"))
    store.set_status(workspace.workspace_id, first["id"], "sent", "2026-11-23T00:00:00Z")
    assert [c["title"] for c in api.get("/v1/campaigns?status=draft").data] == ["Second"]
    assert [c["id"] for c in api.get("/v1/campaigns?status=sent").data] == [first["id"]]
    assert api.get("/v1/campaigns?status=nonsense").status == 400


@pytest.mark.parametrize("status", ["sending", "sent"])
def test_a_campaign_that_started_sending_cannot_be_changed_or_deleted(
    api: Client, refs: dict[str, str], workspace: Caller, status: str
) -> None:
    campaign = api.post("/v1/campaigns", draft(refs)).data
    store.set_status(workspace.workspace_id, campaign["id"], status, "2026-11-23T00:00:00Z")
    patched = api.patch(f"/v1/campaigns/{campaign['id']}", {"subject": "Changed"})
    assert patched.status == 422
    assert patched.error["code"] == "campaign_locked"
    assert api.delete(f"/v1/campaigns/{campaign['id']}").status == 422
    assert api.get(f"/v1/campaigns/{campaign['id']}").data["subject"] == "News"


def test_another_workspace_cannot_reach_a_campaign(
    api: Client, refs: dict[str, str], other_workspace: Caller
) -> None:
    campaign = api.post("/v1/campaigns", draft(refs)).data
    other = api.as_(other_workspace)
    assert other.get(f"/v1/campaigns/{campaign['id']}").status == 404
    assert other.patch(f"/v1/campaigns/{campaign['id']}", {"title": "x"}).status == 404
    assert other.delete(f"/v1/campaigns/{campaign['id']}").status == 404
    assert other.get("/v1/campaigns").data == []
    assert other.post("/v1/campaigns", draft(refs)).status == 404  # their list is not ours
