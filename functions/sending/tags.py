"""The SES message tags: set on every message sent, and read back from every event SES publishes for it.

They are how feedback finds its way home: `workspace` always; `message_id` for a message with a message
record (compose, test sends); `kind`, and for a campaign message `campaign` and `contact`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel


class SesTags(BaseModel):
    """Our tags on one message. Every field is optional when read: an event may come from a message
    that is not ours, or from before a tag existed."""

    workspace: str | None = None
    message_id: str | None = None
    kind: str | None = None
    campaign: str | None = None
    contact: str | None = None

    def email_tags(self) -> list[dict[str, str]]:
        """The `EmailTags` of SES v2 `SendEmail`: the tags that have a value, in field order."""
        return [{"Name": name, "Value": value} for name, value in self.model_dump(exclude_none=True).items()]

    @classmethod
    def from_mail_tags(cls, tags: Mapping[str, Any] | None) -> SesTags:
        """The tags of an SES event's `mail.tags` (each a list of values; SES's own `ses:*` are ignored)."""
        return cls.model_validate({name: (values or [None])[0] for name, values in (tags or {}).items()})

    @property
    def campaign_message(self) -> bool:
        """Tagged as a campaign message: its feedback goes to the campaign's recipient record."""
        return bool(self.workspace and self.campaign and self.contact)
