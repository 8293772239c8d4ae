"""Account group: workspace profile, API keys, workspaces."""

from __future__ import annotations

from typing import Annotated, Any
from zoneinfo import available_timezones

from pydantic import AfterValidator, ConfigDict, Field, field_validator

from functions.core.auth import SCOPES
from functions.core.emails import EmailAddress
from functions.core.models import Body, NotNull, Out

LANGUAGE = "^[A-Za-z]{2}([-_][A-Za-z]{2,4})?$"  # en, pt-BR
# A workspace's slug (its landing pages are at /pages/<slug>/...) and a page's: 1 to 50 lowercase letters,
# digits and inner hyphens, so it is a URL path segment as it is.
SLUG = "^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$"
Slug = Annotated[str, Field(min_length=1, max_length=50, pattern=SLUG)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Short = Annotated[str, Field(max_length=200)]


def _timezone(value: str | None) -> str | None:
    if value is not None and value not in available_timezones():
        raise ValueError("not an IANA time zone such as Europe/Paris")
    return value


class ProfileFields(Body):
    """The editable profile of a workspace (PATCH /v1/account)."""

    name: Name | None = None
    company: Short | None = None
    first_name: Short | None = None
    last_name: Short | None = None
    email: EmailAddress | None = None
    phone: Annotated[str, Field(max_length=50)] | None = None
    address: Short | None = None
    zip: Annotated[str, Field(max_length=20)] | None = None
    city: Short | None = None
    country: Annotated[str, Field(min_length=2, max_length=2, pattern="^[A-Za-z]{2}$")] | None = None
    language: (
        Annotated[str, Field(min_length=2, max_length=10, pattern="^[A-Za-z]{2}([-_][A-Za-z]{2,4})?$")] | None
    ) = None
    timezone: Annotated[str | None, AfterValidator(_timezone)] = None
    date_format: Annotated[str, Field(max_length=30)] | None = None
    time_format: Annotated[str, Field(max_length=30)] | None = None
    slug: Slug | NotNull = Field(
        default=None,
        description="Unique across the installation (409 `slug_taken`); landing pages are served at "
        "/pages/<slug>/<page slug>. Changing it frees the old one (and moves every page's URL).",
    )


PROFILE_FIELDS = tuple(ProfileFields.model_fields)


class Usage(Out):
    contacts: int
    sends_today: int
    daily_limit: int


class AccountOut(Out):
    id: str
    name: str
    company: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    zip: str | None = None
    city: str | None = None
    country: str | None = None
    language: str | None = None
    timezone: str | None = None
    date_format: str | None = None
    time_format: str | None = None
    slug: str | None = None
    usage: Usage
    created_at: str
    updated_at: str


class ApiKeyCreate(Body):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"name": "CRM sync", "scopes": ["contacts", "lists"]}]}
    )

    name: Name
    scopes: Annotated[list[str], Field(min_length=1, max_length=len(SCOPES))] = Field(
        default_factory=lambda: ["*"],
        # The validator below names the unknown ones; the document lists the known.
        json_schema_extra={"items": {"type": "string", "enum": sorted(SCOPES)}},
    )

    @field_validator("scopes")
    @classmethod
    def _known_scopes(cls, scopes: list[str]) -> list[str]:
        unknown = sorted(set(scopes) - SCOPES)
        if unknown:
            raise ValueError(f"unknown scopes {unknown}; see the scopes of API.md")
        return sorted(set(scopes))


class ApiKeyOut(Out):
    id: str
    name: str
    prefix: str
    scopes: list[str]
    created_at: str
    last_used_at: str | None = None

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> ApiKeyOut:
        return cls(
            id=item["key_id"],
            name=item["name"],
            prefix=item["prefix"],
            scopes=sorted(item["scopes"]),
            created_at=item["created_at"],
            last_used_at=item.get("last_used_at"),
        )


class ApiKeyCreated(ApiKeyOut):
    key: str | None = Field(
        description="The secret key: shown only in this response, stored only as a hash. A replay of the "
        "request (same Idempotency-Key) cannot show it again: null, with a Lettercast-Secret-Omitted header"
    )


class WorkspaceCreate(Body):
    name: Name
    email: EmailAddress


class WorkspaceCreated(Out):
    workspace: AccountOut
    key: ApiKeyCreated
