"""SES's part that moto does not play: feedback events for what was sent.

For each message moto recorded, publish to the feedback topic the notification SES would publish through
the configuration set's event destination: a Delivery, or a Bounce for bounce@simulator.amazonses.com and
a Complaint for complaint@simulator.amazonses.com (the SES mailbox simulator). moto's SNS delivers it to
the feedback queue, whose poller feeds the real feedback worker.
"""

from __future__ import annotations

import json
from email import policy
from email.parser import Parser
from typing import Any

import boto3

from functions.core import clock
from infra.local import journal, moto_patches
from infra.local.events import ACCOUNT, REGION

_HEADERS = Parser(policy=policy.default)
SIMULATOR = {
    "bounce@simulator.amazonses.com": "Bounce",
    "complaint@simulator.amazonses.com": "Complaint",
    "suppressionlist@simulator.amazonses.com": "Bounce",
}


def ses_event(message: Any) -> dict[str, Any]:
    """The SES event publishing record for one sent message (the shape SES documents)."""
    recipient = message.destinations[0] if message.destinations else ""
    kind = SIMULATOR.get(recipient.lower(), "Delivery")
    moment = clock.now().strftime("%Y-%m-%dT%H:%M:%S.000Z")  # the one clock, as the functions read it
    headers = _HEADERS.parsestr(message.raw_data, headersonly=True)  # the body is not needed
    tags = {"ses:configuration-set": ["lettercast"], **getattr(message, "tags", {})}
    event: dict[str, Any] = {
        "eventType": kind,
        "mail": {
            "timestamp": moment,
            "source": message.source,
            "sendingAccountId": ACCOUNT,
            "messageId": message.id,
            "destination": list(message.destinations),
            "headersTruncated": False,
            "commonHeaders": {
                "from": [headers.get("From", "")],
                "to": list(message.destinations),
                "subject": headers.get("Subject", ""),
            },
            "tags": tags,
        },
    }
    if kind == "Delivery":
        event["delivery"] = {
            "timestamp": moment,
            "recipients": [recipient],
            "processingTimeMillis": 1,
            "smtpResponse": "250 2.6.0 Message received",
        }
    elif kind == "Bounce":
        event["bounce"] = {
            "bounceType": "Permanent",
            "bounceSubType": "General",
            "bouncedRecipients": [
                {
                    "emailAddress": recipient,
                    "action": "failed",
                    "status": "5.1.1",
                    "diagnosticCode": "smtp; 550 5.1.1 user unknown",
                }
            ],
            "timestamp": moment,
            "feedbackId": f"local-{message.id}",
        }
    else:
        event["complaint"] = {
            "complainedRecipients": [{"emailAddress": recipient}],
            "timestamp": moment,
            "feedbackId": f"local-{message.id}",
            "complaintFeedbackType": "abuse",
        }
    return event


class SesFeedback:
    """A tick for the local runtime: publishes feedback for messages it has not handled yet."""

    def __init__(self, topic_arn: str, done: set[str] | None = None) -> None:
        self.topic_arn = topic_arn
        self.done: set[str] = set(done or ())  # kept in the state: feedback is published once
        self.looked_at = 0  # messages before this one are done: each tick looks at the new ones only
        self.sns = boto3.client("sns")

    def tick(self) -> int:
        from moto.ses.models import ses_backends

        sent = ses_backends[ACCOUNT][REGION].sent_messages  # moto appends to it (or is reset)
        with moto_patches.ses_sending():  # not a message whose tags are not back yet: it would go untagged
            if len(sent) < self.looked_at:
                self.looked_at = 0
            new = sent[self.looked_at :]
        waiting = [m for m in new if m.id not in self.done and hasattr(m, "raw_data")]
        # Ten a publication (SNS's batch): each still reaches the feedback queue as a message of its own,
        # as SES's one notification an event does.
        for start in range(0, len(waiting), 10):
            batch = waiting[start : start + 10]
            with journal.unit():  # published and remembered together
                self.sns.publish_batch(
                    TopicArn=self.topic_arn,
                    PublishBatchRequestEntries=[
                        {"Id": str(i), "Message": json.dumps(ses_event(m))} for i, m in enumerate(batch)
                    ],
                )
                for message in batch:
                    journal.record(["fed", message.id])
                    self.done.add(message.id)
        self.looked_at += len(new)  # only once all were published: a failure looks at them again
        return len(waiting)
