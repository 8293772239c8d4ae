"""Campaigns: a message to a list (narrowed by segments), from a sender, now or at a time."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, model_validator

from functions.contacts.models import ID_PATTERN
from functions.core.models import Body, NotNull, Out, not_both
from functions.templates.models import Html, PreviewText, Subject, Text

MAX_SEGMENTS = 10
Status = Literal["draft", "scheduled", "sending", "paused", "sent", "cancelled"]
# Once a campaign has started sending, what it sends no longer changes.
LOCKED = ("sending", "sent")
Id = Annotated[str, Field(pattern=ID_PATTERN)]


class CampaignFields(Body):
    model_config = ConfigDict(json_schema_extra=not_both("html", "template_id"))  # _one_content
    preview_text: PreviewText | None = None
    html: Html | None = None
    template_id: Id | None = None
    text: Text | None = None
    segment_ids: Annotated[list[Id], Field(max_length=MAX_SEGMENTS)] | None = Field(
        default=None, description="Only list subscribers in at least one of these segments"
    )
    track_opens: bool | None = None
    track_clicks: bool | None = None
    utm_campaign: Annotated[str, Field(max_length=200)] | None = None

    @model_validator(mode="after")
    def _one_content(self) -> CampaignFields:
        if self.html is not None and self.template_id is not None:
            raise ValueError("give html or template_id, not both")
        return self


class CampaignCreate(CampaignFields):
    title: Annotated[str, Field(min_length=1, max_length=200)]
    subject: Subject
    list_id: Id
    sender_id: Id


class CampaignPatch(CampaignFields):
    title: Annotated[str, Field(min_length=1, max_length=200)] | NotNull = None
    subject: Subject | NotNull = None
    list_id: Id | NotNull = None
    sender_id: Id | NotNull = None


class CampaignOut(Out):
    id: str
    title: str
    subject: str
    preview_text: str | None = None
    html: str | None = None
    template_id: str | None = None
    text: str | None = None
    list_id: str
    segment_ids: list[str] = Field(default_factory=list)
    sender_id: str
    track_opens: bool = True
    track_clicks: bool = True
    utm_campaign: str | None = None
    status: Status
    send_at: str | None = None
    paused_reason: str | None = None  # why: ses_daily_quota, sender_daily_limit, dispatch_failed
    resume_at: str | None = None  # when a paused campaign resumes by itself
    started_at: str | None = None  # the audience is the list as it stood then
    sent_at: str | None = None  # when every recipient was accounted for
    created_at: str
    updated_at: str

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> CampaignOut:
        return cls(**{k: v for k, v in item.items() if k in cls.model_fields})


RecipientState = Literal["queued", "sent", "delivered", "bounced", "complained", "failed", "skipped"]


class Recipient(Out):
    contact_id: str
    email: str
    state: RecipientState
    reason: str | None = None
    error: str | None = Field(default=None, description="What went wrong for this recipient, when failed")
    message_id: str | None = None
    sent_at: str | None = None


class CampaignStats(Out):
    recipients: int = 0
    sent: int = 0
    delivered: int = 0
    failed: int = 0
    skipped: int = 0
    bounced: int = 0
    complained: int = 0
    opened: int = 0
    unique_opens: int = 0
    clicked: int = 0
    unique_clicks: int = 0
    unsubscribed: int = 0
    open_rate: float = 0.0
    click_rate: float = 0.0
    bounce_rate: float = 0.0
    links: list[dict[str, Any]] = Field(default_factory=list)
