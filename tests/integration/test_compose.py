"""One-off sends: every compose example of API.md, every refusal, the daily limit, suppression, feedback."""

from __future__ import annotations

import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from email import message_from_string, policy

import pytest

from functions.account.handler import handler as account_handler
from functions.compose.handler import handler as compose_handler
from functions.contacts.handler import handler as contacts_handler
from functions.core.auth import Caller
from functions.feedback.handler import handler as feedback_handler
from functions.senders.handler import handler as senders_handler
from functions.templates.handler import handler as templates_handler
from infra.local.events import sqs_record
from infra.local.ses import SesFeedback
from tests.builders import LambdaContext, domain_of
from tests.integration.conftest import Background, Client

TEMPLATE = {
    "name": "Welcome",
    "subject": "Hi {{ first_name }}",
    "html": "<p>Hello {{ first_name }}, code {{ code }}</p>",
}


def outbox() -> list:
    from moto.ses.models import ses_backends

    return list(ses_backends["123456789012"]["us-east-1"].sent_messages)


@pytest.fixture
def clients(workspace: Caller) -> dict[str, Client]:
    return {
        "compose": Client(compose_handler, workspace),
        "contacts": Client(contacts_handler, workspace),
        "senders": Client(senders_handler, workspace),
        "templates": Client(templates_handler, workspace),
    }


@pytest.fixture
def domain(workspace: Caller) -> str:
    return domain_of(workspace)


@pytest.fixture
def sender(clients: dict[str, Client], domain: str) -> dict:
    clients["senders"].post("/v1/domains", {"domain": domain})
    body = {
        "name": "News",
        "from_name": "Acme",
        "from_email": f"news@{domain}",
        "reply_to": f"help@{domain}",
    }
    return clients["senders"].post("/v1/senders", {**body, "daily_limit": 20}).data


@pytest.fixture
def template(clients: dict[str, Client]) -> dict:
    return clients["templates"].post("/v1/templates", TEMPLATE).data


def compose(clients: dict[str, Client], body: dict):
    return clients["compose"].post("/v1/compose", body)


def test_template_to_emails_sends_one_rendered_message_each(clients, sender, template, domain) -> None:
    before = len(outbox())
    reply = compose(
        clients,
        {
            "account_key": sender["account_key"],
            "template_id": template["id"],
            "recipients": {"emails": ["a@example.com", "B@Example.com"]},
            "variables": {"First Name": "Friend", "code": "<42>"},
        },
    )
    assert reply.status == 200
    assert (reply.body["ok"], reply.body["sent"], reply.body["failed"]) == (True, 2, [])
    sent = outbox()[before:]
    assert sorted(m.destinations[0] for m in sent) == ["a@example.com", "b@example.com"]
    message = message_from_string(sent[0].raw_data, policy=policy.default)
    assert message["Subject"] == "Hi Friend"
    assert message["Reply-To"] == f"help@{domain}"
    assert "code &lt;42&gt;" in message.get_body(("html",)).get_content()
    assert "code <42>" in message.get_body(("plain",)).get_content()


def test_inline_to_emails_and_inline_to_contacts(clients, sender) -> None:
    ann = clients["contacts"].post("/v1/contacts", {"email": "ann@example.com", "first_name": "Ann"}).data
    inline = {"account_key": sender["account_key"], "subject": "News", "body": "<p>Dear {{ first_name }}</p>"}
    to_emails = compose(clients, {**inline, "recipients": {"emails": ["ann@example.com"]}})
    assert to_emails.body["sent"] == 1  # the contact with that email fills first_name
    to_contacts = compose(clients, {**inline, "recipients": {"type": "contacts", "contact_ids": [ann["id"]]}})
    assert to_contacts.body["sent"] == 1
    html = message_from_string(outbox()[-1].raw_data, policy=policy.default).get_body(("html",)).get_content()
    assert "Dear Ann" in html
    activity = clients["contacts"].get(f"/v1/contacts/{ann['id']}/activity").data
    assert [a["type"] for a in activity] == ["sent", "sent"]


@pytest.mark.parametrize(
    "body",
    [
        {"subject": "S", "recipients": {"emails": ["a@example.com"]}},  # no body
        {
            "subject": "S",
            "body": "<p>x</p>",
            "template_id": "01a20000-0000-7000-8000-000000000001",
            "recipients": {"emails": ["a@example.com"]},
        },
        {"subject": "", "body": "<p>x</p>", "recipients": {"emails": ["a@example.com"]}},
        {
            "subject": "S",
            "body": "<p>x</p>",
            "recipients": {"emails": [f"u{i}@example.com" for i in range(101)]},
        },
        {"subject": "S", "body": "<p>x</p>", "recipients": {"emails": []}},
        {
            "subject": "S",
            "body": "<p>x</p>",
            "recipients": {"emails": ["a@example.com"]},
            "cc": ["b@example.com"],
        },
        {"subject": "S", "body": "x" * 600_000, "recipients": {"emails": ["a@example.com"]}},
    ],
)
def test_a_refused_request_is_400_and_sends_nothing(clients, sender, body: dict) -> None:
    before = len(outbox())
    reply = compose(clients, {"account_key": sender["account_key"], **body})
    assert reply.status == 400, reply.body
    assert len(outbox()) == before


def test_missing_variables_are_all_listed_before_anything_is_sent(clients, sender, template) -> None:
    before = len(outbox())
    reply = compose(
        clients,
        {
            "account_key": sender["account_key"],
            "template_id": template["id"],
            "recipients": {"emails": ["a@example.com"]},
        },
    )
    assert reply.status == 400
    assert reply.error["code"] == "missing_variables"
    assert reply.error["missing_variables"] == ["code", "first_name"]
    assert len(outbox()) == before


def test_unknown_account_key_and_template_are_404_naming_which(clients, sender) -> None:
    key = compose(
        clients,
        {
            "account_key": "acc_unknown",
            "subject": "S",
            "body": "b",
            "recipients": {"emails": ["a@example.com"]},
        },
    )
    assert key.status == 404 and key.error["code"] == "sender_not_found"
    template = compose(
        clients,
        {
            "account_key": sender["account_key"],
            "template_id": "01a20000-0000-7000-8000-000000000001",
            "recipients": {"emails": ["a@example.com"]},
        },
    )
    assert template.status == 404 and template.error["code"] == "template_not_found"


def test_invalid_unsubscribed_and_unknown_recipients_fail_alone(clients, sender) -> None:
    gone = clients["contacts"].post("/v1/contacts", {"email": "gone@example.com"}).data
    clients["contacts"].patch(f"/v1/contacts/{gone['id']}", {"status": "unsubscribed"})
    body = {"account_key": sender["account_key"], "subject": "S", "body": "<p>b</p>"}
    reply = compose(
        clients, {**body, "recipients": {"emails": ["ok@example.com", "not-an-email", "gone@example.com"]}}
    )
    assert reply.body["sent"] == 1
    assert {(f["email"], f["error"]) for f in reply.body["failed"]} == {
        ("not-an-email", "invalid_email"),
        ("gone@example.com", "unsubscribed"),
    }
    by_id = compose(
        clients,
        {**body, "recipients": {"type": "contacts", "contact_ids": ["01a20000-0000-7000-8000-000000000001"]}},
    )
    assert by_id.body["sent"] == 0 and by_id.body["failed"][0]["error"] == "contact_not_found"


def test_the_daily_limit_is_never_exceeded_under_concurrent_requests(
    clients, sender, workspace: Caller
) -> None:
    from functions.compose import service
    from functions.compose.models import Compose

    body = {"account_key": sender["account_key"], "subject": "S", "body": "<p>b</p>"}
    barrier = threading.Barrier(8)

    def one(i: int) -> str:
        barrier.wait()
        request = Compose.model_validate(
            {**body, "recipients": {"emails": [f"c{i}-{j}@example.com" for j in range(3)]}}
        )
        try:
            return str(service.compose(workspace.workspace_id, request).sent)
        except Exception as exc:  # the ones over the limit
            return type(exc).__name__

    before = len(outbox())
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(one, range(8)))
    assert results.count("3") == 6 and results.count("RateLimited") == 2  # 20 a day: six requests of three
    assert len(outbox()) - before == 18
    refused = compose(
        clients, {**body, "recipients": {"emails": ["x@example.com", "y@example.com", "z@example.com"]}}
    )
    assert refused.status == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert compose(clients, {**body, "recipients": {"emails": ["last@example.com"]}}).body["sent"] == 1


def test_a_key_without_the_send_scope_cannot_compose(clients, sender) -> None:
    from functions.account import service as accounts

    created = Client(account_handler, clients["compose"].caller).post(
        "/v1/api-keys", {"name": "r", "scopes": ["contacts"]}
    )
    reader = accounts.authenticate(created.data["key"])
    reply = (
        clients["compose"]
        .as_(reader)
        .post(
            "/v1/compose",
            {
                "account_key": sender["account_key"],
                "subject": "S",
                "body": "b",
                "recipients": {"emails": ["a@example.com"]},
            },
        )
    )
    assert reply.status == 403


def sns_wrapped(event: dict) -> dict:
    """An SES event as the feedback queue receives it: inside an SNS notification."""
    envelope = {
        "Type": "Notification",
        "MessageId": "n1",
        "TopicArn": "arn:aws:sns:us-east-1:123456789012:feedback",
        "Message": json.dumps(event),
    }
    message = {
        "MessageId": "m1",
        "ReceiptHandle": "r",
        "Body": json.dumps(envelope),
        "Attributes": {  # what SQS sets on every message
            "ApproximateReceiveCount": "1",
            "SentTimestamp": "1764115200000",
            "SenderId": "AIDAEXAMPLE",
            "ApproximateFirstReceiveTimestamp": "1764115200001",
        },
    }
    return {"Records": [sqs_record(message, "arn:aws:sqs:us-east-1:123456789012:feedback")]}


def test_bounces_and_complaints_through_the_real_feedback_path(
    clients, sender, background: Background
) -> None:
    bob = clients["contacts"].post("/v1/contacts", {"email": "bounce@simulator.amazonses.com"}).data
    cat = clients["contacts"].post("/v1/contacts", {"email": "complaint@simulator.amazonses.com"}).data
    body = {"account_key": sender["account_key"], "subject": "S", "body": "<p>b</p>"}
    recipients = ["bounce@simulator.amazonses.com", "complaint@simulator.amazonses.com", "fine@example.com"]
    assert compose(clients, {**body, "recipients": {"emails": recipients}}).body["sent"] == 3
    SesFeedback(os.environ["TOPIC_FEEDBACK_ARN"]).tick()  # SES plays its part
    background.settle()

    assert clients["contacts"].get(f"/v1/contacts/{bob['id']}").data["status"] == "bounced"
    assert clients["contacts"].get(f"/v1/contacts/{cat['id']}").data["status"] == "complained"
    again = compose(clients, {**body, "recipients": {"emails": recipients}})
    assert again.body["sent"] == 1
    assert {f["error"] for f in again.body["failed"]} == {"bounced", "complained"}
    kinds = [a["type"] for a in clients["contacts"].get(f"/v1/contacts/{bob['id']}/activity").data]
    assert kinds == ["bounced", "sent"]


def composed_to_a_contact(clients, sender, email: str) -> tuple[dict, dict]:
    """A contact, and the SES Delivery event of one message composed to it (tagged as the engine tags)."""
    contact = clients["contacts"].post("/v1/contacts", {"email": email}).data
    body = {
        "account_key": sender["account_key"],
        "subject": "S",
        "body": "b",
        "recipients": {"emails": [email]},
    }
    message_id = compose(clients, body).body["message_ids"][0]
    tags = {"workspace": [clients["compose"].caller.workspace_id], "message_id": [message_id]}
    event = {
        "eventType": "Delivery",
        "mail": {"messageId": outbox()[-1].id, "destination": [email], "tags": tags},
        "delivery": {
            "timestamp": "2026-11-23T10:00:00.000Z",
            "recipients": [email],
            "smtpResponse": "250 ok",
        },
    }
    return contact, event


def test_a_feedback_message_that_is_no_ses_event_fails_alone(clients, sender) -> None:
    bo, event = composed_to_a_contact(clients, sender, "bo@example.com")
    good, bad = sns_wrapped(event)["Records"][0], sns_wrapped({"no": "event"})["Records"][0]
    bad["messageId"] = "not-ses"

    assert feedback_handler({"Records": [bad, good]}, LambdaContext()) == {
        "batchItemFailures": [{"itemIdentifier": "not-ses"}]
    }
    kinds = [a["type"] for a in clients["contacts"].get(f"/v1/contacts/{bo['id']}/activity").data]
    assert kinds == ["delivered", "sent"]


def test_a_delivery_event_delivered_twice_is_applied_once(clients, sender) -> None:
    ann, event = composed_to_a_contact(clients, sender, "ann@example.com")
    for _ in range(2):
        assert feedback_handler(sns_wrapped(event), LambdaContext()) == {"batchItemFailures": []}
    kinds = [a["type"] for a in clients["contacts"].get(f"/v1/contacts/{ann['id']}/activity").data]
    assert kinds == ["delivered", "sent"]
    transient = {
        **event,
        "eventType": "Bounce",
        "bounce": {"bounceType": "Transient", "bouncedRecipients": [{"emailAddress": "ann@example.com"}]},
    }
    feedback_handler(sns_wrapped(transient), LambdaContext())
    assert clients["contacts"].get(f"/v1/contacts/{ann['id']}").data["status"] == "active"
