"""Segments: bodies and the segment as the API shows it. The rule language lives in rules.py."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, model_validator

from functions.contacts.models import ID_PATTERN, ContactOut, ContactUpsert
from functions.core.emails import EmailAddress
from functions.core.models import Body, NotNull, Out, exactly_one
from functions.segments.rules import Rules

MAX_SEGMENTS = 200  # per workspace: every contact change is evaluated against all of them
PREVIEW_SAMPLE = 10

Id = Annotated[str, Field(pattern=ID_PATTERN)]


class SegmentCreate(Body):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    description: Annotated[str, Field(max_length=2000)] | None = None
    list_id: Id | None = Field(default=None, description="Only subscribers of this list can match the rules")
    rules: Rules | None = Field(
        default=None, description="Without rules, members are only the contacts linked by hand"
    )


class SegmentPatch(Body):
    name: Annotated[str, Field(min_length=1, max_length=200)] | NotNull = None
    description: Annotated[str, Field(max_length=2000)] | None = None
    list_id: Id | None = None
    rules: Rules | None = None


class SegmentOut(Out):
    id: str
    name: str
    description: str | None = None
    list_id: str | None = None
    rules: dict[str, Any] | None = None
    status: Literal["building", "ready"] = Field(description="building while the membership is (re)computed")
    contacts_count: int
    created_at: str
    updated_at: str


class SegmentLink(ContactUpsert):
    """Link a contact by `contact_id`, or by `email` (the contact is created when it does not exist)."""

    # What _one_way checks: contact_id alone, or email (and the contact's fields) without contact_id.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {**exactly_one(("contact_id",), ("email",))["anyOf"][0], "maxProperties": 1},
                exactly_one(("contact_id",), ("email",))["anyOf"][1],
            ],
            "examples": [{"email": "ann@example.com", "first_name": "Ann"}],
        }
    )

    email: EmailAddress | None = None  # type: ignore[assignment]
    contact_id: Id | None = None

    @model_validator(mode="after")
    def _one_way(self) -> SegmentLink:
        if (self.contact_id is None) == (self.email is None):
            raise ValueError("give either contact_id or email")
        if self.contact_id is not None and len(self.model_fields_set - {"contact_id"}) > 0:
            raise ValueError("with contact_id, give no other field")
        return self


class Preview(Body):
    list_id: Id | None = None
    rules: Rules


class PreviewOut(Out):
    count: int
    sample: list[ContactOut]
