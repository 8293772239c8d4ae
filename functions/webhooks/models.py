"""Webhooks and their deliveries: request bodies and responses."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, WithJsonSchema

from functions.core.models import Body, NotNull, Out

# API.md's topics; `*` is every one of them (and any added later).
TOPICS = (
    "contact.created",
    "contact.updated",
    "contact.deleted",
    "contact.subscribed",
    "contact.unsubscribed",
    "email.sent",
    "email.delivered",
    "email.opened",
    "email.clicked",
    "email.bounced",
    "email.complained",
    "campaign.sent",
    "import.completed",
    "segment.entered",
    "segment.exited",
    "automation.completed",
)
ALL_TOPICS = "*"
TEST_TOPIC = "webhook.test"  # only ever sent by POST /v1/webhooks/{id}/test
MAX_WEBHOOKS = 20  # per workspace
DISABLED_BY_USER = "disabled_by_user"
ENDPOINT_FAILING = "endpoint_failing"


def _known_topic(value: str) -> str:
    if value != ALL_TOPICS and value not in TOPICS:
        raise ValueError(f"unknown topic {value!r}: expected one of {', '.join(TOPICS)} or *")
    return value


Topic = Annotated[
    str,
    AfterValidator(_known_topic),
    WithJsonSchema({"type": "string", "enum": [*TOPICS, ALL_TOPICS]}),
]


def _distinct(topics: list[str]) -> list[str]:
    return list(dict.fromkeys(topics))


Topics = Annotated[list[Topic], Field(min_length=1, max_length=50), AfterValidator(_distinct)]
Url = Annotated[
    str,
    Field(
        min_length=1,
        max_length=2048,
        description="https:// URL that receives the POSTs",
        # Stated for clients: an https URL of printable ASCII that targets.py accepts (less its host rules).
        json_schema_extra={
            "format": "uri",
            "pattern": "^https://[A-Za-z0-9.-]+(:[1-9][0-9]{0,3})?(/[!-~]*)?$",
        },
    ),
]
Description = Annotated[str, Field(max_length=500)]


class WebhookCreate(Body):
    url: Url
    topics: Topics
    description: Description | None = None
    enabled: bool = True


class WebhookPatch(Body):
    url: Url | NotNull = None
    topics: Topics | NotNull = None
    description: Description | None = None  # null removes it
    enabled: bool | NotNull = None  # true again clears disabled_reason and the failing record


class WebhookOut(Out):
    id: str
    url: str
    topics: list[str]
    description: str | None = None
    enabled: bool
    disabled_reason: str | None = Field(
        default=None,
        description=f"`{ENDPOINT_FAILING}`: every attempt failed for days; `{DISABLED_BY_USER}`: set so",
    )
    failing_since: str | None = Field(default=None, description="First failed attempt since the last success")
    created_at: str
    updated_at: str

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> WebhookOut:
        return cls(**{k: item.get(k) for k in cls.model_fields if k in item})


class WebhookWithSecret(WebhookOut):
    """A webhook as created or rotated: the only answers that hold its secret."""

    secret: str | None = Field(description="whsec_...: verify deliveries with it. Shown only here.")

    @classmethod
    def with_secret(cls, item: dict[str, Any], secret: str) -> WebhookWithSecret:
        return cls(**WebhookOut.from_item(item).model_dump(), secret=secret)


DeliveryStatus = Literal["pending", "succeeded", "failed"]


class Attempt(Out):
    at: str
    status_code: int | None = None
    duration_ms: int = 0
    error: str | None = None


class DeliveryOut(Out):
    id: str = Field(description="The delivery's id: its event's id, the webhook-id header of every attempt")
    event_id: str
    type: str
    status: DeliveryStatus
    attempts: list[Attempt] = Field(default_factory=list)
    next_retry_at: str | None = None
    created_at: str = Field(description="When the event happened")

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> DeliveryOut:
        return cls(**{k: item.get(k) for k in cls.model_fields if k in item})
