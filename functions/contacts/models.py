"""Contacts: request bodies, the contact as the API shows it, and the documented limits."""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ConfigDict, Field

from functions.core import numbers
from functions.core.emails import EmailAddress
from functions.core.models import Body, ItemError, Out

# Limits (documented in the OpenAPI descriptions and README).
MAX_ATTRIBUTES = 100
MAX_ATTRIBUTE_KEY = 64
MAX_ATTRIBUTE_STRING = 2_000
MAX_TAGS = 100
MAX_TAG_LENGTH = 100
MAX_NAME = 200
MAX_PHONE = 50
MAX_LISTS = 50  # lists named in one upsert
ID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"

STATUSES = ("active", "unsubscribed", "bounced", "complained")
Status = Literal["active", "unsubscribed", "bounced", "complained"]
ATTRIBUTE_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

AttributeValue = str | bool | int | float | None


def check_attributes(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """A flat map: keys usable as merge tags, values strings, numbers, booleans or null (null removes)."""
    if value is None:
        return None
    if len(value) > MAX_ATTRIBUTES:
        raise ValueError(f"at most {MAX_ATTRIBUTES} attributes")
    for key, item in value.items():
        if len(key) > MAX_ATTRIBUTE_KEY or not ATTRIBUTE_KEY.fullmatch(key):
            raise ValueError(
                f"attribute key {key[:80]!r}: letters, digits and _ (not first), at most {MAX_ATTRIBUTE_KEY}"
            )
        if not isinstance(item, str | bool | int | float | type(None)):
            raise ValueError(f"attribute {key!r}: a value is a string, number, boolean or null")
        if isinstance(item, str) and len(item) > MAX_ATTRIBUTE_STRING:
            raise ValueError(
                f"attribute {key!r}: a string value is at most {MAX_ATTRIBUTE_STRING} characters"
            )
        if isinstance(item, float) and not math.isfinite(item):
            raise ValueError(f"attribute {key!r}: numbers must be finite")
    return value


def check_tags(value: list[str] | None) -> list[str] | None:
    if value is None:
        return None
    cleaned = sorted({t.strip() for t in value})
    if any(not t or len(t) > MAX_TAG_LENGTH for t in cleaned):
        raise ValueError(f"a tag is 1 to {MAX_TAG_LENGTH} characters")
    if len(cleaned) > MAX_TAGS:
        raise ValueError(f"at most {MAX_TAGS} tags")
    return cleaned


Attributes = Annotated[
    dict[str, Any],
    AfterValidator(check_attributes),
    Field(
        description=f"Flat map, at most {MAX_ATTRIBUTES} keys; null removes a key",
        json_schema_extra={  # what check_attributes accepts
            "maxProperties": MAX_ATTRIBUTES,
            "propertyNames": {"pattern": ATTRIBUTE_KEY.pattern, "maxLength": MAX_ATTRIBUTE_KEY},
            "additionalProperties": {
                "anyOf": [
                    {"type": "string", "maxLength": MAX_ATTRIBUTE_STRING},
                    {"type": "boolean"},
                    {"type": "null"},
                    numbers.SCHEMA,
                ]
            },
        },
    ),
]
# The schema states what check_tags accepts (a tag has a non-blank character, at most MAX_TAG_LENGTH).
TAG_SCHEMA = {"type": "string", "minLength": 1, "maxLength": MAX_TAG_LENGTH, "pattern": r"\S"}
Tags = Annotated[
    list[str],
    AfterValidator(check_tags),
    Field(
        description=f"At most {MAX_TAGS} tags", json_schema_extra={"maxItems": MAX_TAGS, "items": TAG_SCHEMA}
    ),
]
NameText = Annotated[str, Field(max_length=MAX_NAME)]
Phone = Annotated[str, Field(max_length=MAX_PHONE)]


class ContactUpsert(Body):
    """POST /v1/contacts: create, or update the contact with this email (case-insensitive)."""

    email: EmailAddress
    first_name: NameText | None = None
    last_name: NameText | None = None
    name: NameText | None = None
    phone: Phone | None = None
    attributes: Attributes | None = Field(default=None, description="Merged into the existing attributes")
    tags: Tags | None = Field(default=None, description="Added to the existing tags")
    lists: Annotated[list[Annotated[str, Field(pattern=ID_PATTERN)]], Field(max_length=MAX_LISTS)] | None = (
        Field(default=None, description="Lists to subscribe the contact to (their fields are checked)")
    )


MAX_BATCH = 1_000


class ContactBatch(Body):
    """POST /v1/contacts/batch: each item is checked on its own, so a bad one never fails the others."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "contacts": [
                        {"email": "ann@example.com", "first_name": "Ann", "tags": ["vip"]},
                        {"email": "bob@example.com", "first_name": "Bob", "attributes": {"plan": "pro"}},
                    ]
                }
            ]
        }
    )

    contacts: list[Any] = Field(
        min_length=1,
        max_length=MAX_BATCH,
        description=f"1 to {MAX_BATCH} contacts, each as the body of POST /v1/contacts",
    )


class BatchError(Out):
    index: int
    error: ItemError


class ContactBatchOut(Out):
    created: int
    updated: int
    unchanged: int = Field(description="Already so, or the same email again later in the batch")
    errors: list[BatchError] = Field(default_factory=list, description="The others, by index in `contacts`")


class ContactPatch(Body):
    """PATCH /v1/contacts/{id}: only the fields sent change. Attributes merge; tags replace."""

    email: EmailAddress | None = None
    first_name: NameText | None = None
    last_name: NameText | None = None
    name: NameText | None = None
    phone: Phone | None = None
    attributes: Attributes | None = None
    tags: Tags | None = None
    status: Literal["active", "unsubscribed"] | None = None


class TagsBody(Body):
    tags: Annotated[list[str], AfterValidator(check_tags), Field(min_length=1)]


class Membership(Out):
    list_id: str
    status: str = Field(description="subscribed, unsubscribed, or pending (double opt-in, not confirmed)")
    added_at: str
    status_changed_at: str | None = None
    expires_at: str | None = Field(default=None, description="When a pending membership lapses unconfirmed")


class ConsentRecord(Out):
    """One opt-in, as it happened: kept until the contact is erased, never rewritten (a confirmation is
    added to its record once)."""

    id: str
    list_id: str
    source: str = Field(description="api, form:<form_id>, preferences or import:<import_id>")
    double_opt_in: bool
    ip: str | None = None
    user_agent: str | None = None
    consent_text: str | None = None
    consented_at: str
    confirmed_at: str | None = None
    confirm_ip: str | None = None


class EventSummary(Out):
    """What segment rules read of one behavioural event of the contact (POST /v1/events)."""

    count: int
    first_at: str = Field(description="The earliest occurred_at seen")
    last_at: str = Field(description="The latest occurred_at seen")


class ContactOut(Out):
    id: str
    email: str
    first_name: str | None = None
    last_name: str | None = None
    name: str | None = None
    phone: str | None = None
    attributes: dict[str, AttributeValue] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)
    status: Status
    lists: list[Membership] = Field(default_factory=list)
    events: dict[str, EventSummary] = Field(
        default_factory=dict,
        description="Behavioural events by name; counting one does not move updated_at",
    )
    created_at: str
    updated_at: str

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> ContactOut:
        memberships = [{"list_id": k, **v} for k, v in sorted((item.get("lists") or {}).items())]
        return cls(
            id=item["id"],
            email=item["email"],
            first_name=item.get("first_name"),
            last_name=item.get("last_name"),
            name=item.get("name"),
            phone=item.get("phone"),
            attributes=item.get("attributes") or {},
            tags=sorted(item.get("tags") or []),
            status=item["status"],
            lists=memberships,
            events=item.get("events") or {},
            created_at=item["created_at"],
            updated_at=item["updated_at"],
        )


class Activity(Out):
    id: str
    type: str = Field(description="sent, delivered, opened, clicked, bounced, complained, event, ...")
    occurred_at: str
    data: dict[str, Any] = Field(default_factory=dict)


class DayStats(Out):
    date: str
    added: int
    unsubscribed: int
    bounced: int
    deleted: int
    sum: int = Field(description="Contacts at the end of the day")
