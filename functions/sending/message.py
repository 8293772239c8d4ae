"""One email ready to go: who it is for, its rendered parts, its headers and our SES tags."""

from __future__ import annotations

from email.errors import MessageError
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from functions.core import headers as header_checks
from functions.core import mime
from functions.core.errors import Invalid
from functions.sending.tags import SesTags


class Message(BaseModel):
    """What every sender hands the engine. `key` is the sender's own handle on the message (a campaign's
    contact id, a compose message id): outcomes carry it back."""

    model_config = ConfigDict(frozen=True)

    to: str
    subject: str
    html: str
    text: str
    headers: dict[str, str] = Field(default_factory=dict)
    tags: SesTags
    contact_id: str | None = None
    key: str = ""


def build(sender: dict[str, Any], message: Message) -> bytes:
    """The message's MIME. One that cannot be built (a rendered subject with a line break, an address
    the `email` package refuses) is Invalid with the reason: its recipient fails alone, nothing is sent."""
    header_checks.check(message.subject, "subject")
    try:
        return mime.build(
            from_name=sender.get("from_name"),
            from_email=sender["from_email"],
            to=message.to,
            subject=message.subject,
            html=message.html,
            text=message.text,
            reply_to=sender.get("reply_to"),
            headers=message.headers,
        )
    except (ValueError, TypeError, LookupError, MessageError) as exc:
        raise Invalid(f"The message could not be built: {exc}", code="message_invalid") from None
