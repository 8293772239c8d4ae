"""Double opt-in through the API: a signup on such a list is pending (counted apart, told to no one, sent
no campaign) until the link in its confirmation email is followed; it lapses after 7 days. Every signup
keeps a consent record, erased with the contact."""

from __future__ import annotations

import re
from datetime import timedelta
from email import message_from_string, policy
from typing import Any
from urllib.parse import urlsplit

import pytest

from functions.contacts.handler import handler as contacts_handler
from functions.core import clock, events
from functions.core.auth import Caller
from functions.lists.handler import handler as lists_handler
from functions.lists.workers import expiry_handler
from functions.public.handler import handler as public_handler
from functions.templates.handler import handler as templates_handler
from infra.local.events import LambdaContext
from tests.builders import rest_event
from tests.integration.conftest import Client, Clock, sender_and_list


def outbox(to: str) -> list[Any]:
    from moto.ses.models import ses_backends

    sent = ses_backends["123456789012"]["us-east-1"].sent_messages
    return [message_from_string(m.raw_data, policy=policy.default) for m in sent if m.destinations[0] == to]


def confirm_link(message: Any) -> str:
    html = message.get_body(("html",)).get_content()
    return re.search(r'href="(https?://[^"]+/c/[^"]+)"', html).group(1)


def visit(url: str, ip: str = "203.0.113.9", method: str = "GET") -> dict[str, Any]:
    event = rest_event(method, urlsplit(url).path)
    event["requestContext"]["identity"]["sourceIp"] = ip
    return public_handler(event, LambdaContext("public"))


def press(url: str, ip: str = "203.0.113.9") -> dict[str, Any]:
    """The confirmation page's button: a POST to the link."""
    return visit(url, ip, method="POST")


def told(caller: Caller, kind: str) -> list[dict[str, Any]]:
    day = clock.now()
    days = {f"{day:%Y-%m-%d}", f"{day - timedelta(days=1):%Y-%m-%d}"}
    found = [e for d in days for e in events.recent(caller.workspace_id, d) if e["type"] == kind]
    return [e["data"] for e in found]


@pytest.fixture
def setup(workspace: Caller) -> dict[str, Any]:
    sender, list_id = sender_and_list(workspace)
    lists = Client(lists_handler, workspace)
    assert lists.patch(f"/v1/lists/{list_id}", {"double_opt_in": True}).status == 200
    return {
        "lists": lists,
        "list_id": list_id,
        "sender": sender,
        "contacts": Client(contacts_handler, workspace),
    }


def membership(setup: dict[str, Any], email: str) -> dict[str, Any] | None:
    contact = setup["contacts"].get(f"/v1/contacts/{email}").data
    return next((m for m in contact["lists"] if m["list_id"] == setup["list_id"]), None)


def counts(setup: dict[str, Any]) -> tuple[int, int]:
    found = setup["lists"].get(f"/v1/lists/{setup['list_id']}").data
    return found["subscribers_count"], found["pending_count"]


def test_a_signup_is_pending_until_its_link_is_followed(setup: dict[str, Any], workspace: Caller) -> None:
    lists, list_id = setup["lists"], setup["list_id"]
    body = {"email": "ann@example.com", "consent": {"ip": "198.51.100.7", "text": "Yes, send me news"}}
    signed = lists.post(f"/v1/lists/{list_id}/subscribers", body)
    assert signed.status == 202, signed.body
    assert membership(setup, "ann@example.com")["status"] == "pending"
    assert membership(setup, "ann@example.com")["expires_at"]
    assert counts(setup) == (0, 1)
    assert [c["email"] for c in lists.get(f"/v1/lists/{list_id}/pending").data] == ["ann@example.com"]
    assert not [e for e in told(workspace, "contact.subscribed") if e["list_id"] == list_id]

    [mail] = outbox("ann@example.com")
    assert mail["Subject"] == "Confirm your subscription to N"
    page = press(confirm_link(mail))
    assert page["statusCode"] == 200 and "<strong>N</strong>" in page["body"]
    assert membership(setup, "ann@example.com")["status"] == "subscribed"
    assert counts(setup) == (1, 0)
    assert [e["list_id"] for e in told(workspace, "contact.subscribed")] == [list_id]

    again = press(confirm_link(mail))  # a second press changes nothing
    assert again["statusCode"] == 200 and counts(setup) == (1, 0)
    assert len(told(workspace, "contact.subscribed")) == 1

    contact_id = setup["contacts"].get("/v1/contacts/ann@example.com").data["id"]
    [record] = setup["contacts"].get(f"/v1/contacts/{contact_id}/consent").data
    assert record["source"] == "api" and record["double_opt_in"] is True
    assert (record["ip"], record["consent_text"]) == ("198.51.100.7", "Yes, send me news")
    assert record["confirmed_at"] and record["confirm_ip"] == "203.0.113.9"


def test_force_subscribe_skips_the_confirmation_and_is_still_recorded(setup: dict[str, Any]) -> None:
    lists, list_id = setup["lists"], setup["list_id"]
    done = lists.post(
        f"/v1/lists/{list_id}/subscribers", {"email": "bo@example.com", "force_subscribe": True}
    )
    assert done.status == 201 and membership(setup, "bo@example.com")["status"] == "subscribed"
    assert outbox("bo@example.com") == []
    [record] = setup["contacts"].get("/v1/contacts/bo@example.com/consent").data
    assert (record["source"], record["double_opt_in"], record["confirmed_at"]) == ("api", False, None)
    # subscribed already: 200, nothing new
    assert lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "bo@example.com"}).status == 200
    assert len(setup["contacts"].get("/v1/contacts/bo@example.com/consent").data) == 1


def test_a_pending_address_gets_no_campaign(setup: dict[str, Any], workspace: Caller) -> None:
    from functions.contacts import service as contacts

    lists, list_id = setup["lists"], setup["list_id"]
    lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "cy@example.com"})
    lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "di@example.com", "force_subscribe": True})
    audience = [
        c["email"]
        for shard in range(16)
        for page in contacts.list_subscribers_shard(workspace.workspace_id, list_id, shard)
        for c in page
    ]
    assert audience == ["di@example.com"]
    listed = lists.get(f"/v1/lists/{list_id}/subscribers").data
    assert [c["email"] for c in listed] == ["di@example.com"]


def test_an_unconfirmed_signup_lapses_after_seven_days(
    setup: dict[str, Any], workspace: Caller, time: Clock
) -> None:
    lists, list_id = setup["lists"], setup["list_id"]
    lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "ed@example.com"})
    [mail] = outbox("ed@example.com")
    time.advance(days=6, hours=23)
    expiry_handler({}, LambdaContext("pending-expiry"))
    assert membership(setup, "ed@example.com")["status"] == "pending"  # not yet

    time.advance(hours=2)
    assert press(confirm_link(mail))["statusCode"] == 404  # too late, even before the job ran
    expiry_handler({}, LambdaContext("pending-expiry"))
    assert counts(setup) == (0, 0)
    # a contact that only ever was this unconfirmed signup is not kept, nor its record
    assert setup["contacts"].get("/v1/contacts/ed@example.com").status == 404


def test_a_lapsed_signup_leaves_an_earlier_unsubscribe_as_it_was(setup: dict[str, Any], time: Clock) -> None:
    lists, list_id = setup["lists"], setup["list_id"]
    lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "el@example.com", "force_subscribe": True})
    lists.delete(f"/v1/lists/{list_id}/subscribers/el@example.com")
    lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "el@example.com"})  # someone types it in
    assert membership(setup, "el@example.com")["status"] == "pending"
    time.advance(days=8)
    expiry_handler({}, LambdaContext("pending-expiry"))
    assert membership(setup, "el@example.com")["status"] == "unsubscribed"
    found = setup["lists"].get(f"/v1/lists/{list_id}").data
    assert (found["subscribers_count"], found["unsubscribed_count"], found["pending_count"]) == (0, 1, 0)
    [pending, first] = setup["contacts"].get("/v1/contacts/el@example.com/consent").data
    assert pending["confirmed_at"] is None and first["double_opt_in"] is False


def test_an_unconfirmed_contact_is_told_to_no_one_until_it_confirms(
    setup: dict[str, Any], workspace: Caller
) -> None:
    lists, list_id = setup["lists"], setup["list_id"]
    lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "em@example.com"})
    created = [e for e in told(workspace, "contact.created") if e["contact"]["email"] == "em@example.com"]
    assert created == []
    press(confirm_link(outbox("em@example.com")[0]))
    created = [e for e in told(workspace, "contact.created") if e["contact"]["email"] == "em@example.com"]
    assert len(created) == 1


def test_confirming_after_unsubscribing_from_everything_brings_back_this_list_alone(
    setup: dict[str, Any], workspace: Caller
) -> None:
    lists, list_id = setup["lists"], setup["list_id"]
    other = lists.post("/v1/lists", {"name": "Other", "from_name": "A", "from_email": "x@example.com"})
    lists.post(f"/v1/lists/{other.data['id']}/subscribers", {"email": "en@example.com"})
    contact_id = setup["contacts"].get("/v1/contacts/en@example.com").data["id"]
    assert setup["contacts"].patch(f"/v1/contacts/{contact_id}", {"status": "unsubscribed"}).status == 200
    lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "en@example.com"})
    assert press(confirm_link(outbox("en@example.com")[0]))["statusCode"] == 200
    contact = setup["contacts"].get(f"/v1/contacts/{contact_id}").data
    assert contact["status"] == "active"
    assert {m["list_id"]: m["status"] for m in contact["lists"]} == {
        list_id: "subscribed",
        other.data["id"]: "unsubscribed",
    }


def test_resend_sends_again_and_only_for_a_pending_address(setup: dict[str, Any], time: Clock) -> None:
    lists, list_id = setup["lists"], setup["list_id"]
    lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "fi@example.com"})
    first = membership(setup, "fi@example.com")["expires_at"]
    time.advance(days=5)
    resent = lists.post(f"/v1/lists/{list_id}/subscribers/fi@example.com/confirmation")
    assert resent.status == 202
    assert membership(setup, "fi@example.com")["expires_at"] > first  # seven days from now
    mails = outbox("fi@example.com")
    assert len(mails) == 2
    time.advance(days=3)  # past the first deadline, within the second
    expiry_handler({}, LambdaContext("pending-expiry"))
    assert press(confirm_link(mails[0]))["statusCode"] == 200  # the same signup: either link confirms it
    assert membership(setup, "fi@example.com")["status"] == "subscribed"
    refused = lists.post(f"/v1/lists/{list_id}/subscribers/fi@example.com/confirmation")
    assert refused.status == 409 and refused.error["code"] == "not_pending"
    unknown = lists.post(f"/v1/lists/{list_id}/subscribers/nobody@example.com/confirmation")
    assert unknown.status == 404


def test_a_forged_or_altered_link_is_the_not_found_page(setup: dict[str, Any]) -> None:
    setup["lists"].post(f"/v1/lists/{setup['list_id']}/subscribers", {"email": "gu@example.com"})
    link = confirm_link(outbox("gu@example.com")[0])
    body, mac = link.rsplit("/", 1)[1].split(".")
    for forged in (f"{body}.{mac[:-2]}xx", "nonsense", f"{body[:-4]}AAAA.{mac}"):
        for method in ("GET", "POST"):
            page = visit(f"https://lettercast.test/c/{forged}", method=method)
            assert page["statusCode"] == 404 and "Traceback" not in page["body"]
    assert membership(setup, "gu@example.com")["status"] == "pending"


def test_a_list_without_a_sender_for_its_confirmations_refuses_and_writes_nothing(
    workspace: Caller,
) -> None:
    lists = Client(lists_handler, workspace)
    made = lists.post(
        "/v1/lists",
        {"name": "L", "from_name": "A", "from_email": "nobody@nowhere.example", "double_opt_in": True},
    )
    refused = lists.post(f"/v1/lists/{made.data['id']}/subscribers", {"email": "hu@example.com"})
    assert refused.status == 422 and refused.error["code"] == "confirmation_sender_missing"
    assert Client(contacts_handler, workspace).get("/v1/contacts/hu@example.com").status == 404
    other = lists.patch(f"/v1/lists/{made.data['id']}", {"sender_id": "01HZZZZZZZZZZZZZZZZZZZZZZZ"})
    assert other.status == 404 and other.error["code"] == "sender_not_found"


def test_the_lists_template_writes_the_confirmation(setup: dict[str, Any], workspace: Caller) -> None:
    templates = Client(templates_handler, workspace)
    template = templates.post(
        "/v1/templates",
        {
            "name": "Confirm",
            "subject": "Bekreft {{ list_name }}",
            "html": '<p>Hei {{ first_name }}, <a href="{{ confirm_url }}">bekreft</a></p>',
        },
    )
    assert template.status == 201, template.body
    lists, list_id = setup["lists"], setup["list_id"]
    assert (
        lists.patch(f"/v1/lists/{list_id}", {"confirmation_template_id": template.data["id"]}).status == 200
    )
    lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "iv@example.com", "first_name": "Iv"})
    [mail] = outbox("iv@example.com")
    assert mail["Subject"] == "Bekreft N" and "Hei Iv" in mail.get_body(("html",)).get_content()
    assert press(confirm_link(mail))["statusCode"] == 200


def test_consent_records_are_appended_and_erased_with_the_contact(setup: dict[str, Any]) -> None:
    lists, list_id = setup["lists"], setup["list_id"]
    lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "jo@example.com", "force_subscribe": True})
    lists.delete(f"/v1/lists/{list_id}/subscribers/jo@example.com")
    lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "jo@example.com", "consent": {"text": "again"}})
    contacts = setup["contacts"]
    records = contacts.get("/v1/contacts/jo@example.com/consent").data
    assert [(r["double_opt_in"], r.get("consent_text")) for r in records] == [(True, "again"), (False, None)]
    contact_id = contacts.get("/v1/contacts/jo@example.com").data["id"]
    assert contacts.delete(f"/v1/contacts/{contact_id}").status == 200
    lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "jo@example.com", "force_subscribe": True})
    assert len(contacts.get("/v1/contacts/jo@example.com/consent").data) == 1  # a new contact, a new history


def test_an_automation_on_the_list_starts_at_the_confirmation_not_at_the_signup(
    setup: dict[str, Any], workspace: Caller, background: Any
) -> None:
    from functions.automations.handler import handler as automations_handler
    from tests.integration.test_automations_runs import activated, subjects

    lists, list_id = setup["lists"], setup["list_id"]
    activated(
        Client(automations_handler, workspace),
        {
            "name": "Welcome",
            "trigger": {"type": "list_subscribed", "list_id": list_id},
            "steps": [
                {
                    "type": "send",
                    "sender_id": setup["sender"]["id"],
                    "subject": "Welcome",
                    "html": "<p>Hi</p>",
                }
            ],
        },
    )
    lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "ke@example.com"})
    background.settle()
    assert subjects("ke@example.com") == ["Confirm your subscription to N"]  # and no welcome yet
    press(confirm_link(outbox("ke@example.com")[0]))
    background.settle()
    assert subjects("ke@example.com") == ["Confirm your subscription to N", "Welcome"]


def test_a_list_whose_sender_was_deleted_refuses_signups_it_cannot_confirm(
    setup: dict[str, Any], workspace: Caller
) -> None:
    from functions.senders.handler import handler as senders_handler

    senders = Client(senders_handler, workspace)
    other = senders.post("/v1/senders", {"name": "Other", "from_name": "O", "from_email": "o@example.com"})
    lists, list_id = setup["lists"], setup["list_id"]
    assert lists.patch(f"/v1/lists/{list_id}", {"sender_id": other.data["id"]}).status == 200
    assert senders.delete(f"/v1/senders/{other.data['id']}").status in (200, 204)
    refused = lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "lo@example.com"})
    assert refused.status == 422 and refused.error["code"] == "confirmation_sender_missing"


def test_opening_the_link_asks_and_only_the_button_confirms(setup: dict[str, Any], workspace: Caller) -> None:
    """Mail providers' link scanners open every link of an incoming email: a GET must not confirm."""
    setup["lists"].post(f"/v1/lists/{setup['list_id']}/subscribers", {"email": "sc@example.com"})
    link = confirm_link(outbox("sc@example.com")[0])

    for _ in range(2):  # a scanner, then the person
        page = visit(link)
        assert page["statusCode"] == 200
        assert "Do you want to receive emails from <strong>N</strong>?" in page["body"]
        assert f"<form method=post action='{link.rsplit('/', 1)[1]}'>" in page["body"]
        assert "Yes, subscribe me</button>" in page["body"]
    assert membership(setup, "sc@example.com")["status"] == "pending"
    assert counts(setup) == (0, 1)
    assert not [e for e in told(workspace, "contact.subscribed") if e["list_id"] == setup["list_id"]]

    assert "You are subscribed to <strong>N</strong>" in press(link)["body"]
    assert membership(setup, "sc@example.com")["status"] == "subscribed"
    after = visit(link)  # the link opened again: the confirmed page, nothing asked
    assert after["statusCode"] == 200 and "You are subscribed to" in after["body"]
    assert "<form" not in after["body"] and counts(setup) == (1, 0)
