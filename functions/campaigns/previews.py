"""A campaign before it goes: rendered for one contact (preview), or sent as a test to a few addresses."""

from __future__ import annotations

from typing import Any

from functions.campaigns import lifecycle, service, tracking
from functions.contacts import service as contacts
from functions.core import rendering
from functions.core.errors import NotFound, Unprocessable
from functions.core.headers import check as check_header
from functions.core.ids import new_id
from functions.senders import service as senders
from functions.sending import service as sending
from functions.sending.message import Message
from functions.sending.tags import SesTags
from functions.templates import service as templates

MAX_TEST_RECIPIENTS = 10


def preview(workspace_id: str, campaign_id: str, contact_id: str | None, email: str | None) -> dict[str, Any]:
    """The campaign rendered for one contact (by id or email), and the tags it had no value for
    (rendered empty, as it would be sent). Opens and clicks are not instrumented."""
    campaign = service.load(workspace_id, campaign_id)
    lifecycle.has_content(campaign)
    contact = contacts.find(workspace_id, contact_id or email or "")
    if contact is None:
        raise NotFound("contact", contact_id or email or "")
    content, preheader = lifecycle.content_and_preview(workspace_id, campaign)
    values = _variables_for(workspace_id, campaign, contact["email"], None)
    subject, html, text = templates.render_parts(*content, values, missing="empty")
    html = rendering.with_preheader(html, preheader)
    return {
        "contact_id": contact["id"],
        "email": contact["email"],
        "subject": subject,
        "html": html,
        "text": text,
        "missing_variables": templates.missing_tags(*content, values),
    }


def _variables_for(
    workspace_id: str, campaign: dict[str, Any], email: str, given: dict[str, Any] | None
) -> dict[str, Any]:
    """What fills a test or a preview for `email`: the contact's own values when it is a contact, then
    the `variables` given, then its email and unsubscribe link."""
    contact = contacts.find(workspace_id, email)
    test_link = f"{tracking.public_base()}/u/test"
    link = tracking.unsubscribe_url(workspace_id, campaign, contact["id"]) if contact else test_link
    preferences = (
        tracking.preferences_url(workspace_id, contact["id"])
        if contact
        else f"{tracking.public_base()}/p/test"
    )
    own = rendering.contact_variables(contact)
    return {
        **rendering.normalize(given),
        **own,
        "email": email,
        "unsubscribe_url": link,
        "preferences_url": preferences,
    }


def send_test(
    workspace_id: str, campaign_id: str, emails: list[str], variables: dict[str, Any] | None = None
) -> int:
    """The campaign as its recipients would get it, to at most 10 addresses: marked [Test], not counted in
    the campaign (but against the sender's and SES's daily limits, like every send).

    A tag with no value is rendered empty, as in the campaign itself."""
    campaign = service.load(workspace_id, campaign_id)
    lifecycle.check_ready(workspace_id, campaign)
    sender = senders.load_sender(workspace_id, campaign["sender_id"])
    content, preheader = lifecycle.content_and_preview(workspace_id, campaign)
    messages = []
    for email in dict.fromkeys(emails):
        values = _variables_for(workspace_id, campaign, email, variables)
        subject, html, text = templates.render_parts(*content, values, missing="empty")
        html = rendering.with_preheader(html, preheader)
        check_header(subject, "subject")  # a contact's value with a line break: 400, nothing sent
        message_id = new_id()
        messages.append(
            Message(
                to=email,
                subject=f"[Test] {subject}",
                html=html,
                text=text,
                headers={"X-Lettercast-Test": "true", "List-Unsubscribe": f"<{values['unsubscribe_url']}>"},
                tags=SesTags(workspace=workspace_id, message_id=message_id, kind="campaign_test"),
                key=message_id,
            )
        )
    outcomes = sending.send(workspace_id, sender, messages, campaign_id=campaign_id)
    refused = [o.message.to for o in outcomes if not o.left]
    if refused:
        raise Unprocessable(
            f"SES refused the test to {', '.join(refused)} (sent to {len(messages) - len(refused)} of "
            f"{len(messages)})",
            code="test_send_refused",
            refused=refused,
        )
    return len(messages)
