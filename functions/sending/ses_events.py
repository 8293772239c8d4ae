"""The events SES publishes for what we send (its event publishing format), as they reach the feedback
queue: each in an SNS notification (or bare, with raw delivery on). Parsed at the worker's edge.

Only what Lettercast reads is modelled; SES adds fields over time, and they are ignored.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from functions.sending.tags import SesTags


class _SesPart(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class SesMail(_SesPart):
    message_id: str = Field("", alias="messageId")
    tags: dict[str, list[str]] = Field(default_factory=dict)

    @property
    def our_tags(self) -> SesTags:
        return SesTags.from_mail_tags(self.tags)


class SesEvent(_SesPart):
    """One SES event: its type (`Delivery`, `Bounce`, `Complaint`, `Send`, `Open`...), the message it is
    about (`mail`) and the part named after its type (`bounce`, `complaint`, `delivery`...)."""

    event_type: str = Field(alias="eventType")
    mail: SesMail = Field(default_factory=SesMail)

    @model_validator(mode="before")
    @classmethod
    def _unwrapped(cls, body: Any) -> Any:
        """An SNS notification's `Message` is the event as JSON; SES's older format names the type
        `notificationType`."""
        if isinstance(body, dict) and body.get("Type") == "Notification" and "Message" in body:
            body = json.loads(body["Message"])
        if isinstance(body, dict) and "eventType" not in body and "notificationType" in body:
            body = {**body, "eventType": body["notificationType"]}
        return body

    @property
    def detail(self) -> dict[str, Any]:
        """The part named after the event's type (`bounce` for a Bounce...), its plain values only."""
        part = (self.model_extra or {}).get(self.event_type.lower()) or {}
        return (
            {k: v for k, v in part.items() if isinstance(v, str | int | float)}
            if isinstance(part, dict)
            else {}
        )
