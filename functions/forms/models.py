"""Signup forms: request bodies, the form as the API shows it, and the documented limits.

A form subscribes whoever fills it in to one list. Its `fields` name fields of that list by tag (or the
contact's own `first_name` and `last_name`); the email field is always on the form, and so is every
field the list requires. Whether the tags exist in the list is checked by the service (400 naming it).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, Field, field_validator

from functions.campaigns.tracking import redirect_target
from functions.contacts.models import ID_PATTERN, TAG_SCHEMA, check_tags
from functions.core.models import Body, NotNull, Out
from functions.lists.models import FIELD_TAG

# Limits (documented in the route descriptions).
MAX_FORMS = 100  # per workspace
MAX_NAME = 200
MAX_SUCCESS_MESSAGE = 2_000
MAX_CONSENT_TEXT = 5_000
MAX_REDIRECT_URL = 2_000
MAX_FORM_FIELDS = 20
MAX_FORM_TAGS = 20
# The contact's own fields a form may ask for besides the list's (the list's field of the same tag wins).
CONTACT_FIELDS = ("first_name", "last_name")

FieldTag = Annotated[str, Field(pattern=FIELD_TAG.pattern, description="A tag of one of the list's fields")]


def _fields(value: list[str] | None) -> list[str] | None:
    """In order, once each; `email` is always on the form, so naming it changes nothing."""
    if value is None:
        return None
    return [tag for tag in dict.fromkeys(value) if tag != "email"]


def _tags(value: list[str] | None) -> list[str] | None:
    cleaned = check_tags(value)
    if cleaned is not None and len(cleaned) > MAX_FORM_TAGS:
        raise ValueError(f"at most {MAX_FORM_TAGS} tags")
    return cleaned


def _redirect(value: str | None) -> str | None:
    if value is None:
        return None
    target = redirect_target(value) if len(value) <= MAX_REDIRECT_URL else None
    if target is None:
        raise ValueError(f"an absolute http(s) URL without spaces, at most {MAX_REDIRECT_URL} characters")
    return target


Fields = Annotated[
    list[FieldTag],
    Field(max_length=MAX_FORM_FIELDS, description=f"At most {MAX_FORM_FIELDS} tags of the list's fields"),
    AfterValidator(_fields),
]
FormTags = Annotated[
    list[str],
    AfterValidator(_tags),
    Field(
        description=f"Tags added to whoever signs up, at most {MAX_FORM_TAGS}",
        json_schema_extra={"maxItems": MAX_FORM_TAGS, "items": TAG_SCHEMA},
    ),
]
Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
SuccessMessage = Annotated[str, Field(min_length=1, max_length=MAX_SUCCESS_MESSAGE)]
ConsentText = Annotated[str, Field(min_length=1, max_length=MAX_CONSENT_TEXT)]
RedirectUrl = Annotated[
    str,
    AfterValidator(_redirect),
    Field(
        description="Where a browser goes after signing up (303) instead of the success page",
        # What redirect_target accepts, said for ASCII (it also takes an international domain name).
        json_schema_extra={
            "maxLength": MAX_REDIRECT_URL,
            "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.-]+(?::[0-9]{1,4})?(?:[/?#][!-~]*)?$",
        },
    ),
]
ListId = Annotated[str, Field(pattern=ID_PATTERN)]


Title = Annotated[
    str,
    Field(
        min_length=1, max_length=MAX_NAME, description="The heading visitors see (default: the list's name)"
    ),
]


class FormCreate(Body):
    name: Name = Field(description="Yours alone: visitors never see it (they see `title`)")
    title: Title | None = None
    list_id: ListId
    fields: Fields = Field(default_factory=list)
    double_opt_in: bool | None = Field(
        default=None, description="null: as the list says; true: a confirmation email first"
    )
    tags: FormTags | None = None
    success_message: SuccessMessage | None = None
    redirect_url: RedirectUrl | None = None
    consent_text: ConsentText | None = Field(
        default=None, description="Shown above the button, kept with each signup's consent"
    )
    is_published: bool = True


class FormPatch(Body):
    """Only the fields sent change; null clears `title`, `double_opt_in` (as the list says), `tags`,
    `success_message`, `redirect_url` and `consent_text`."""

    name: Name | NotNull = None
    title: Title | None = None
    list_id: ListId | NotNull = None
    fields: Fields | NotNull = None
    double_opt_in: bool | None = None
    tags: FormTags | None = None
    success_message: SuccessMessage | None = None
    redirect_url: RedirectUrl | None = None
    consent_text: ConsentText | None = None
    is_published: bool | NotNull = None

    @field_validator("name", "list_id", "fields", "is_published", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("cannot be null")
        return value


class FormStats(Out):
    views: int = Field(description="Hosted page views")
    submissions: int = Field(description="Signups accepted (not bots, not refused)")
    confirmed: int = Field(description="Subscriptions completed: at once, or when the link was clicked")
    conversion_rate: float = Field(description="submissions / views, 0 without views")


class FormOut(Out):
    id: str
    public_id: str
    name: str
    title: str | None = None
    list_id: str
    fields: list[str]
    double_opt_in: bool | None = None
    tags: list[str] = Field(default_factory=list)
    success_message: str | None = None
    redirect_url: str | None = None
    consent_text: str | None = None
    is_published: bool
    hosted_url: str
    embed_html: str = Field(description="A <form> that works without JavaScript, and a small script")
    stats: FormStats
    created_at: str
    updated_at: str
