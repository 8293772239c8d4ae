"""Behavioural events: the request bodies, the stored event as the API shows it, and the documented limits."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, Field

from functions.core.clock import iso
from functions.core.emails import EmailAddress
from functions.core.models import Body, ItemError, Out, exactly_one
from functions.segments.rules import KEY

# Limits (documented in the OpenAPI descriptions and docs/events.md).
MAX_BATCH = 100
MAX_PROPERTIES = 50
MAX_PROPERTIES_BYTES = 8 * 1024  # the properties as compact UTF-8 JSON
MAX_PROPERTIES_DEPTH = 10  # stored a few levels down (activity, outbox); DynamoDB stops at 32
MAX_FUTURE_S = 5 * 60  # clocks drift; an event further ahead than this is a bug in the caller
MAX_ID = 100
# A name is what a segment rule can name as `events.<name>` (the rules' own KEY: at most 64 characters).
MAX_NAME = 64
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)


def check_name(value: str) -> str:
    if not KEY.fullmatch(value):
        raise ValueError(
            f"an event name is 1 to {MAX_NAME} letters, digits, _ . or - and starts with a letter or _ "
            "(segment rules name it as events.<name>)"
        )
    return value


def normalize_time(value: str) -> str:
    """ISO 8601 (with an offset, or UTC when it has none) as the API writes times: UTC, to the second, Z.

    One format everywhere, so that times compare as strings: the activity's sort key and the summary's
    first_at/last_at conditions in DynamoDB rely on it."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("an ISO 8601 time such as 2026-11-22T10:00:00Z") from None
    moment = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if moment < EARLIEST:
        raise ValueError("a time from 1970 on")
    try:
        return iso(moment)
    except OverflowError:  # e.g. 9999-12-31T23:59:59-05:00 is past the year 9999 in UTC
        raise ValueError("a time DynamoDB and UTC can hold") from None


EventName = Annotated[
    str,
    AfterValidator(check_name),
    Field(
        max_length=MAX_NAME,
        json_schema_extra={"pattern": KEY.pattern},
        description="What happened, e.g. signed_up; segment rules read it as events.<name> (case-sensitive)",
    ),
]
EventTime = Annotated[
    str,
    Field(max_length=64, json_schema_extra={"format": "date-time"}),
    AfterValidator(normalize_time),
]


def check_id(value: str) -> str:
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        raise ValueError("an id has no control characters (tabs, line breaks, ...)")
    return value


ClientId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_ID,
        description="Your id for the event: a retry with the same id counts once and returns the first",
    ),
    AfterValidator(check_id),
]


class EventIn(Body):
    """POST /v1/events: one thing a contact did. Exactly one of `email` and `contact_id`."""

    model_config = ConfigDict(  # exactly one: checked by events.service
        json_schema_extra={
            **exactly_one(("email",), ("contact_id",)),
            "examples": [
                {
                    "email": "ann@example.com",
                    "name": "order_placed",
                    "properties": {"order_id": "A-1042", "total": 59.9},
                }
            ],
        }
    )

    email: EmailAddress | None = Field(
        default=None, description="Creates the contact when unknown (unless create_contact is false)"
    )
    contact_id: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    name: EventName
    properties: dict[str, Any] | None = Field(
        default=None,
        description=f"A JSON object: at most {MAX_PROPERTIES} keys, {MAX_PROPERTIES_BYTES} bytes as JSON, "
        f"nested at most {MAX_PROPERTIES_DEPTH} levels",
        json_schema_extra={
            "maxProperties": MAX_PROPERTIES,
            "propertyNames": {"minLength": 1},
        },  # events.service
    )
    occurred_at: EventTime | None = Field(
        default=None, description="ISO 8601; default now; at most 5 minutes ahead; kept to the second"
    )
    id: ClientId | None = None
    create_contact: bool = True


class EventBatch(Body):
    """POST /v1/events/batch: each item is checked on its own, so a bad one never fails the others."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "events": [
                        {"email": "ann@example.com", "name": "order_placed", "properties": {"total": 59.9}},
                        {"email": "bob@example.com", "name": "trial_started"},
                    ]
                }
            ]
        }
    )

    events: list[Any] = Field(
        min_length=1,
        max_length=MAX_BATCH,
        description=f"1 to {MAX_BATCH} events, each as the body of POST /v1/events",
    )


class EventOut(Out):
    id: str
    name: str
    contact_id: str | None = Field(
        default=None,
        description="The contact's id; null while an event named by email waits to be recorded (a moment)",
    )
    email: str | None = Field(
        default=None, description="The email the event named, until it is recorded against its contact"
    )
    properties: dict[str, Any] = Field(default_factory=dict)
    occurred_at: str
    received_at: str


class Rejected(Out):
    index: int
    error: ItemError


class BatchOut(Out):
    accepted: int = Field(description="Events accepted, or accepted before under their id")
    rejected: list[Rejected] = Field(default_factory=list, description="The others, by index in `events`")
