"""Merge tags as marketers expect them: a campaign never drops a recipient for a missing value, `default`
works, a test send renders a contact's own values, compose keeps refusing, the preview says what is
missing, and content that cannot render is refused before anything is queued."""

from __future__ import annotations

from email import message_from_string, policy

import pytest

from functions.campaigns.handler import handler
from functions.compose.handler import handler as compose_handler
from functions.core.auth import Caller
from functions.lists.handler import handler as lists_handler
from tests.integration.conftest import Background, Client, sender_and_list


def _sent() -> list:
    from moto.ses.models import ses_backends

    return list(ses_backends["123456789012"]["us-east-1"].sent_messages)


def _subjects(messages: list) -> dict[str, str]:
    return {
        m.destinations[0]: message_from_string(m.raw_data, policy=policy.default)["Subject"] for m in messages
    }


@pytest.fixture
def world(workspace: Caller) -> dict:
    lists = Client(lists_handler, workspace)
    sender, list_id = sender_and_list(workspace)
    lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "ann@example.com", "first_name": "Ann"})
    lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "nameless@example.com"})
    return {"api": Client(handler, workspace), "list_id": list_id, "sender": sender, "workspace": workspace}


def _campaign(world: dict, subject: str, html: str = "<p>{{ first_name }}</p>") -> str:
    return (
        world["api"]
        .post(
            "/v1/campaigns",
            {
                "title": "T",
                "subject": subject,
                "html": html,
                "list_id": world["list_id"],
                "sender_id": world["sender"]["id"],
            },
        )
        .data["id"]
    )


def _send_all(world: dict, campaign: str, background: Background) -> None:
    assert world["api"].post(f"/v1/campaigns/{campaign}/send", {}).status == 202
    background.settle()


def test_a_contact_without_the_tagged_field_is_sent_the_tag_empty_not_failed(
    world: dict, background: Background
) -> None:
    campaign = _campaign(world, "Hi {{ first_name }}!")
    before = len(_sent())
    _send_all(world, campaign, background)
    assert _subjects(_sent()[before:]) == {"ann@example.com": "Hi Ann!", "nameless@example.com": "Hi !"}
    stats = world["api"].get(f"/v1/campaigns/{campaign}/stats").data
    assert (stats["sent"], stats["failed"]) == (2, 0)


def test_a_default_fills_what_a_contact_lacks(world: dict, background: Background) -> None:
    campaign = _campaign(world, 'Hi {{ first_name | default("there") }}')
    before = len(_sent())
    _send_all(world, campaign, background)
    assert _subjects(_sent()[before:]) == {"ann@example.com": "Hi Ann", "nameless@example.com": "Hi there"}


def test_a_test_send_renders_a_contacts_own_values_then_the_variables_given(world: dict) -> None:
    campaign = _campaign(world, "Hi {{ first_name }} from {{ city }}")
    before = len(_sent())
    reply = world["api"].post(
        f"/v1/campaigns/{campaign}/test",
        {
            "emails": ["ann@example.com", "stranger@example.com"],
            "variables": {"first_name": "Carol", "City": "Oslo"},
        },
    )
    assert reply.status == 204
    assert _subjects(_sent()[before:]) == {
        "ann@example.com": "[Test] Hi Ann from Oslo",  # her own first name wins over the variables
        "stranger@example.com": "[Test] Hi Carol from Oslo",
    }
    before = len(_sent())
    assert (
        world["api"].post(f"/v1/campaigns/{campaign}/test", {"emails": ["stranger@example.com"]}).status
        == 204
    )
    assert _subjects(_sent()[before:]) == {"stranger@example.com": "[Test] Hi  from "}


def test_the_preview_renders_for_one_contact_and_names_the_tags_it_has_no_value_for(world: dict) -> None:
    campaign = _campaign(
        world, "Hi {{ first_name }}", "<p>{{ first_name }} in {{ city | default('town') }}</p>"
    )
    api = world["api"]
    ann = api.post(f"/v1/campaigns/{campaign}/preview", {"email": "ann@example.com"})
    assert ann.status == 200
    assert (ann.data["subject"], ann.data["missing_variables"]) == ("Hi Ann", [])
    assert "<p>Ann in town</p>" in ann.data["html"]
    nameless = api.post(
        f"/v1/campaigns/{campaign}/preview", {"contact_id": _contact_id(world, "nameless@example.com")}
    )
    assert (nameless.data["subject"], nameless.data["missing_variables"]) == ("Hi ", ["first_name"])
    assert api.post(f"/v1/campaigns/{campaign}/preview", {"email": "nobody@example.com"}).status == 404
    both = api.post(f"/v1/campaigns/{campaign}/preview", {"email": "ann@example.com", "contact_id": "x"})
    assert both.status == 400


def _contact_id(world: dict, email: str) -> str:
    from functions.contacts import service as contacts

    return contacts.find(world["workspace"].workspace_id, email)["id"]


def test_compose_still_refuses_a_missing_value_and_a_contacts_own_values_win(world: dict) -> None:
    workspace = world["workspace"]
    key = world["sender"]["account_key"]
    compose = Client(compose_handler, workspace)
    body = {"account_key": key, "subject": "Hello {{ first_name }}", "body": "<p>{{ first_name }}</p>"}
    refused = compose.post("/v1/compose", {**body, "recipients": {"emails": ["nameless@example.com"]}})
    assert refused.status == 400 and refused.error["missing_variables"] == ["first_name"]
    before = len(_sent())
    sent = compose.post(
        "/v1/compose",
        {**body, "recipients": {"emails": ["ann@example.com"]}, "variables": {"first_name": "Carol"}},
    )
    assert sent.status == 200, sent.body
    assert _subjects(_sent()[before:]) == {"ann@example.com": "Hello Ann"}


def test_a_campaign_whose_content_cannot_render_is_refused_before_anything_is_queued(world: dict) -> None:
    from functions.campaigns import store

    campaign = _campaign(world, "Hi")
    item = store.get(world["workspace"].workspace_id, campaign)
    store.replace_unless_locked({**item, "html": "<p>{% if %}</p>"}, ("sent",))  # saved before today's checks
    reply = world["api"].post(f"/v1/campaigns/{campaign}/send", {})
    assert reply.status == 422 and reply.error["code"] == "campaign_content_invalid"
    assert world["api"].get(f"/v1/campaigns/{campaign}").data["status"] == "draft"


def test_the_preview_shows_the_templates_preview_text_unless_the_campaign_has_its_own(world: dict) -> None:
    from functions.templates.handler import handler as templates_handler

    template = Client(templates_handler, world["workspace"]).post(
        "/v1/templates",
        {
            "name": "T",
            "subject": "S",
            "html": "<html><body class=x><p>Body</p></body></html>",
            "preview_text": "From the template",
        },
    )
    assert template.status == 201, template.body
    api = world["api"]
    campaign = api.post(
        "/v1/campaigns",
        {
            "title": "T",
            "subject": "Hi {{ first_name }}",
            "template_id": template.data["id"],
            "list_id": world["list_id"],
            "sender_id": world["sender"]["id"],
        },
    ).data["id"]

    html = api.post(f"/v1/campaigns/{campaign}/preview", {"email": "ann@example.com"}).data["html"]
    assert html.startswith('<html><body class=x><div style="display:none')  # right after <body>
    assert "From the template&#847;" in html and html.index("From the template") < html.index("<p>Body</p>")

    assert api.patch(f"/v1/campaigns/{campaign}", {"preview_text": "From the campaign"}).status == 200
    html = api.post(f"/v1/campaigns/{campaign}/preview", {"email": "ann@example.com"}).data["html"]
    assert "From the campaign&#847;" in html and "From the template" not in html
