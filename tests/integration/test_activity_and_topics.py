"""A contact's activity (sends, deliveries, opens, clicks, bounces, unsubscribes) and the domain events each
step writes to the outbox: the per-message `email.*` topics only while a webhook listens to them."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from email import message_from_string, policy
from typing import Any

from functions.campaigns.handler import handler as campaigns_handler
from functions.compose.handler import handler as compose_handler
from functions.contacts.handler import handler as contacts_handler
from functions.core import aws, clock, events
from functions.core.auth import Caller
from functions.core.ids import new_id
from functions.feedback.handler import handler as feedback_handler
from functions.lists.handler import handler as lists_handler
from functions.public.handler import handler as public_handler
from infra.local.ses import SesFeedback
from tests.builders import LambdaContext, rest_event
from tests.integration.conftest import Background, Client, Clock, sender_and_list
from tests.integration.test_compose import composed_to_a_contact, sns_wrapped

HTML = "<p>Hi</p><a href='https://shop.example/sale'>Sale</a> <a href='{{ unsubscribe_url }}'>u</a>"


def outbox() -> list:
    from moto.ses.models import ses_backends

    return list(ses_backends["123456789012"]["us-east-1"].sent_messages)


def run(background: Background) -> None:
    """The campaign and feedback queues until nothing is left. Not the domain-events stream: the webhooks
    these tests write straight into the catalog only make topics listened, they have nowhere to deliver."""
    queues = [background.queues[name] for name in ("dispatch", "send", "feedback")]
    for _ in range(20):
        if not sum(q.drain() for q in queues):
            return
    raise AssertionError("the queues did not settle")


def feedback_from_ses(background: Background) -> None:
    SesFeedback(os.environ["TOPIC_FEEDBACK_ARN"]).tick()  # SES reports what it did with each message
    run(background)


def listen(caller: Caller, *topics: str) -> None:
    """A workspace webhook listening to `topics`, as functions/webhooks keeps one (events.wanted reads it)."""
    aws.table("catalog").put_item(
        Item={
            "pk": events.webhooks_pk(caller.workspace_id),
            "sk": f"WH#{new_id()}",
            "url": "https://hooks.example/in",
            "topics": list(topics),
            "enabled": True,
        }
    )
    events.forget_listeners(caller.workspace_id)


def written(caller: Caller, kind: str) -> list[dict[str, Any]]:
    """The data of the workspace's events of this kind in the outbox (today's and yesterday's, in case the
    test crossed midnight), oldest first."""
    today = clock.now()
    days = {f"{today:%Y-%m-%d}", f"{today - timedelta(days=1):%Y-%m-%d}"}
    found = [e for day in days for e in events.recent(caller.workspace_id, day) if e["type"] == kind]
    return [e["data"] for e in sorted(found, key=lambda e: e["id"])]


def campaign_to(caller: Caller, *emails: str) -> tuple[Client, dict[str, Any], str]:
    """A draft campaign to a list these addresses subscribed to, with a tracked link: its client, itself and
    its list."""
    sender, list_id = sender_and_list(caller)
    lists = Client(lists_handler, caller)
    for i, email in enumerate(emails):
        lists.post(f"/v1/lists/{list_id}/subscribers", {"email": email, "first_name": f"N{i}"})
    api = Client(campaigns_handler, caller)
    body = {"title": "T", "subject": "News", "html": HTML, "list_id": list_id, "sender_id": sender["id"]}
    return api, api.post("/v1/campaigns", body).data, list_id


def send(api: Client, campaign: dict[str, Any], background: Background) -> None:
    assert api.post(f"/v1/campaigns/{campaign['id']}/send", {}).status == 202
    run(background)


def links_to(email: str) -> dict[str, str]:
    """The public paths of the last message sent to `email`: its open pixel, click and unsubscribe links."""
    sent = next(m for m in reversed(outbox()) if m.destinations[0] == email)
    message = message_from_string(sent.raw_data, policy=policy.default)
    html, unsubscribe = message.get_body(("html",)).get_content(), message["List-Unsubscribe"]
    return {
        "open": re.search(r'src="https://lettercast.test(/t/o/[^"]+)"', html).group(1),
        "click": re.search(r"href='https://lettercast.test(/t/c/[^']+)'", html).group(1),
        "unsubscribe": re.search(r"<https://lettercast.test(/u/[^>]+)>", unsubscribe).group(1),
    }


def visit(method: str, path: str) -> int:
    return public_handler(rest_event(method, path), LambdaContext())["statusCode"]


def activity_one_by_one(contacts: Client, contact_id: str) -> list[dict[str, Any]]:
    entries, reply = [], contacts.get(f"/v1/contacts/{contact_id}/activity?limit=1")
    while True:
        entries += reply.data
        if not reply.body["next_cursor"]:
            return entries
        reply = contacts.get(f"/v1/contacts/{contact_id}/activity?limit=1&cursor={reply.body['next_cursor']}")


def test_a_contacts_activity_shows_each_step_of_a_campaign_message_newest_first_and_once_a_page(
    workspace: Caller, background: Background, time: Clock
) -> None:
    api, campaign, list_id = campaign_to(workspace, "ann@example.com")
    contacts = Client(contacts_handler, workspace)
    ann = contacts.get("/v1/contacts/ann@example.com").data
    send(api, campaign, background)
    time.tick()
    feedback_from_ses(background)
    links = links_to("ann@example.com")
    time.tick()
    assert visit("GET", links["open"]) == 200
    time.tick()
    assert visit("GET", links["click"]) == 302
    time.tick()
    assert visit("GET", links["open"]) == 200 and visit("GET", links["click"]) == 302  # not firsts: not shown
    time.tick()
    assert visit("POST", links["unsubscribe"]) == 200
    assert visit("POST", links["unsubscribe"]) == 200  # once more: nothing changes

    everything = contacts.get(f"/v1/contacts/{ann['id']}/activity?limit=100").data
    assert [a["type"] for a in everything] == ["unsubscribed", "clicked", "opened", "delivered", "sent"]
    times = [a["occurred_at"] for a in everything]
    assert times == sorted(times, reverse=True) and len(set(times)) == len(times)
    by_type = {a["type"]: a["data"] for a in everything}
    assert by_type["unsubscribed"] == {"list_id": list_id, "campaign_id": campaign["id"]}
    assert by_type["clicked"]["url"] == "https://shop.example/sale"
    for kind in ("sent", "delivered", "opened", "clicked"):
        assert (by_type[kind]["campaign_id"], by_type[kind]["subject"]) == (campaign["id"], "News")
    assert activity_one_by_one(contacts, ann["id"]) == everything


def test_a_campaign_bounce_is_in_the_activity_once(workspace: Caller, background: Background) -> None:
    api, campaign, _ = campaign_to(workspace, "bounce@simulator.amazonses.com")
    contacts = Client(contacts_handler, workspace)
    send(api, campaign, background)
    feedback_from_ses(background)

    bounced = contacts.get("/v1/contacts/bounce@simulator.amazonses.com").data
    kinds = [a["type"] for a in contacts.get(f"/v1/contacts/{bounced['id']}/activity").data]
    assert kinds == ["bounced", "sent"]


def test_unsubscribing_through_the_api_is_in_the_activity_once(workspace: Caller, time: Clock) -> None:
    _, list_id = sender_and_list(workspace)
    lists = Client(lists_handler, workspace)
    bo = lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "bo@example.com"}).data
    time.tick()
    for _ in range(2):
        assert lists.delete(f"/v1/lists/{list_id}/subscribers/bo@example.com").status == 200

    activity = Client(contacts_handler, workspace).get(f"/v1/contacts/{bo['id']}/activity").data
    assert [(a["type"], a["data"]) for a in activity] == [("unsubscribed", {"list_id": list_id})]
    assert [d["list_id"] for d in written(workspace, "contact.unsubscribed")] == [list_id]


def test_a_campaign_nobody_listens_to_writes_no_message_events(
    workspace: Caller, background: Background
) -> None:
    api, campaign, _ = campaign_to(workspace, "a@example.com", "b@example.com")
    send(api, campaign, background)
    feedback_from_ses(background)
    links = links_to("a@example.com")
    assert visit("GET", links["open"]) == 200 and visit("GET", links["click"]) == 302

    for kind in ("email.sent", "email.delivered", "email.opened", "email.clicked"):
        assert written(workspace, kind) == []
    [sent] = written(workspace, "campaign.sent")  # not a per-message topic: always written
    assert sent["campaign"] == api.get(f"/v1/campaigns/{campaign['id']}").data
    assert sent["campaign"]["status"] == "sent"


def test_a_webhook_listening_to_email_sent_gets_one_per_recipient_and_nothing_else(
    workspace: Caller, background: Background
) -> None:
    emails = ["a@example.com", "b@example.com", "c@example.com"]
    api, campaign, _ = campaign_to(workspace, *emails)
    listen(workspace, "email.sent")
    send(api, campaign, background)
    feedback_from_ses(background)

    told = written(workspace, "email.sent")
    ids = {c["email"]: c["id"] for c in Client(contacts_handler, workspace).get("/v1/contacts").data}
    ses_ids = {m.destinations[0]: m.id for m in outbox()}
    assert sorted(told, key=lambda d: d["email"]) == [
        {
            "message_id": ses_ids[email],
            "campaign_id": campaign["id"],
            "contact_id": ids[email],
            "email": email,
            "subject": "News",
        }
        for email in emails
    ]
    assert written(workspace, "email.delivered") == []  # nobody listens to it


def test_deliveries_opens_and_clicks_are_written_while_a_webhook_listens_to_everything(
    workspace: Caller, background: Background
) -> None:
    api, campaign, _ = campaign_to(workspace, "ann@example.com")
    ann = Client(contacts_handler, workspace).get("/v1/contacts/ann@example.com").data
    listen(workspace, "*")
    send(api, campaign, background)
    feedback_from_ses(background)
    links = links_to("ann@example.com")
    for _ in range(2):
        assert visit("GET", links["open"]) == 200 and visit("GET", links["click"]) == 302

    message = {
        "message_id": next(m.id for m in outbox() if m.destinations[0] == "ann@example.com"),
        "campaign_id": campaign["id"],
        "contact_id": ann["id"],
        "email": "ann@example.com",
    }
    assert written(workspace, "email.delivered") == [message]
    assert written(workspace, "email.opened") == [{**message, "first": True}, {**message, "first": False}]
    url = "https://shop.example/sale"
    assert written(workspace, "email.clicked") == [
        {**message, "first": True, "url": url},
        {**message, "first": False, "url": url},
    ]


def test_a_campaign_bounce_is_written_with_its_type(workspace: Caller, background: Background) -> None:
    api, campaign, _ = campaign_to(workspace, "bounce@simulator.amazonses.com")
    send(api, campaign, background)
    feedback_from_ses(background)

    [bounced] = written(workspace, "email.bounced")  # a listener or not: not a per-message topic
    assert (bounced["campaign_id"], bounced["email"]) == (campaign["id"], "bounce@simulator.amazonses.com")
    assert (bounced["bounce_type"], bounced["bounce_subtype"]) == ("Permanent", "General")


def test_compose_writes_email_sent_and_delivered_only_while_a_webhook_listens(workspace: Caller) -> None:
    sender, _ = sender_and_list(workspace)
    clients = {"compose": Client(compose_handler, workspace), "contacts": Client(contacts_handler, workspace)}
    _, unheard = composed_to_a_contact(clients, sender, "early@example.com")
    assert feedback_handler(sns_wrapped(unheard), LambdaContext()) == {"batchItemFailures": []}
    assert written(workspace, "email.sent") == written(workspace, "email.delivered") == []

    listen(workspace, "email.sent", "email.delivered")
    cy, heard = composed_to_a_contact(clients, sender, "cy@example.com")
    assert feedback_handler(sns_wrapped(heard), LambdaContext()) == {"batchItemFailures": []}
    message_id = heard["mail"]["tags"]["message_id"][0]
    message = {"message_id": message_id, "contact_id": cy["id"], "email": "cy@example.com"}
    assert written(workspace, "email.sent") == [{**message, "subject": "S"}]
    assert written(workspace, "email.delivered") == [message]


def test_a_subscription_event_carries_the_contact_as_it_is_after_the_change(workspace: Caller) -> None:
    _, list_id = sender_and_list(workspace)
    lists = Client(lists_handler, workspace)
    lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "di@example.com", "first_name": "Di"})
    lists.delete(f"/v1/lists/{list_id}/subscribers/di@example.com")

    [subscribed] = written(workspace, "contact.subscribed")
    assert subscribed["list_id"] == list_id
    assert subscribed["contact"]["email"] == "di@example.com"
    assert [(m["list_id"], m["status"]) for m in subscribed["contact"]["lists"]] == [(list_id, "subscribed")]
    [unsubscribed] = written(workspace, "contact.unsubscribed")
    assert [m["status"] for m in unsubscribed["contact"]["lists"]] == ["unsubscribed"]
