"""SES events as the feedback queue receives them: parsed at the edge, whatever wraps them."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from functions.sending import service
from functions.sending.ses_events import SesEvent

BOUNCE = {
    "eventType": "Bounce",
    "mail": {"messageId": "ses-1", "tags": {"workspace": ["w1"], "campaign": ["c1"], "contact": ["k1"]}},
    "bounce": {"bounceType": "Permanent", "bounceSubType": "General", "bouncedRecipients": [{"x": 1}]},
}


def test_an_event_inside_an_sns_notification_reads_as_the_event_itself() -> None:
    wrapped = SesEvent.model_validate({"Type": "Notification", "Message": json.dumps(BOUNCE)})

    assert wrapped == SesEvent.model_validate(BOUNCE)
    assert (wrapped.event_type, wrapped.mail.message_id) == ("Bounce", "ses-1")
    assert wrapped.mail.our_tags.campaign_message
    assert wrapped.detail == {"bounceType": "Permanent", "bounceSubType": "General"}  # plain values only


def test_a_transient_bounce_is_a_soft_bounce_and_an_open_changes_nothing() -> None:
    transient = {**BOUNCE, "bounce": {"bounceType": "Transient"}}

    assert service.read_feedback(SesEvent.model_validate(transient)).state == "soft_bounced"
    assert service.read_feedback(SesEvent.model_validate(BOUNCE)).state == "bounced"
    assert service.read_feedback(SesEvent.model_validate({"eventType": "Open", "open": {}})) is None


def test_the_older_notification_format_names_its_type_notification_type() -> None:
    event = SesEvent.model_validate({"notificationType": "Complaint", "mail": {"messageId": "ses-2"}})

    assert service.read_feedback(event).state == "complained"


@pytest.mark.parametrize("body", [{"Type": "Notification", "Message": "{}"}, {"mail": {}}, ["Bounce"]])
def test_a_body_that_is_no_ses_event_is_refused(body: object) -> None:
    with pytest.raises(ValidationError):
        SesEvent.model_validate(body)
