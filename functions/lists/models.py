"""Lists, their fields and subscribers."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AnyHttpUrl, ConfigDict, Field, field_validator, model_validator

from functions.contacts.models import ContactUpsert
from functions.core.emails import EmailAddress
from functions.core.headers import HeaderText
from functions.core.models import Body, NotNull, Out

MAX_FIELDS_PER_LIST = 50
MAX_OPTIONS = 100
FIELD_TAG = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")

Text = Annotated[str, Field(max_length=200)]
FieldType = Literal["text", "number", "date", "boolean", "email", "select"]


class ListFields(Body):
    description: Annotated[str, Field(max_length=2000)] | None = None
    company: Text | None = None
    address: Text | None = None
    city: Text | None = None
    zip: Annotated[str, Field(max_length=20)] | None = None
    country: Annotated[str, Field(pattern="^[A-Za-z]{2}$")] | None = None
    website: AnyHttpUrl | None = None
    phone: Annotated[str, Field(max_length=50)] | None = None
    double_opt_in: bool | None = None
    public: bool | None = Field(
        default=None, description="Shown in the preference center, where a contact can join or leave it"
    )
    sender_id: Annotated[str, Field(max_length=64)] | None = Field(
        default=None,
        description="Sends the confirmation emails of double opt-in (default: the sender with the list's "
        "from_email)",
    )
    confirmation_template_id: Annotated[str, Field(max_length=64)] | None = Field(
        default=None,
        description="The confirmation email's template; `{{ confirm_url }}` and `{{ list_name }}` fill it",
    )


class ListCreate(ListFields):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    from_name: Annotated[HeaderText, Field(min_length=1, max_length=200)]
    from_email: EmailAddress


class ListPatch(ListFields):
    name: Annotated[str, Field(min_length=1, max_length=200)] | NotNull = None
    from_name: Annotated[HeaderText, Field(min_length=1, max_length=200)] | NotNull = None
    from_email: EmailAddress | NotNull = None


class ListOut(Out):
    id: str
    name: str
    from_name: str
    from_email: str
    description: str | None = None
    company: str | None = None
    address: str | None = None
    city: str | None = None
    zip: str | None = None
    country: str | None = None
    website: str | None = None
    phone: str | None = None
    double_opt_in: bool = False
    public: bool = False
    sender_id: str | None = None
    confirmation_template_id: str | None = None
    subscribers_count: int = 0
    unsubscribed_count: int = 0
    pending_count: int = Field(default=0, description="Double opt-in signups not confirmed yet")
    created_at: str
    updated_at: str


class ConsentIn(Body):
    """What the person saw and where they were, when your own page signed them up."""

    ip: Annotated[str, Field(max_length=45)] | None = None
    user_agent: Annotated[str, Field(max_length=500)] | None = None
    text: Annotated[str, Field(max_length=5000, description="The consent text shown")] | None = None


class SubscriberCreate(ContactUpsert):
    """POST /v1/lists/{id}/subscribers."""

    force_subscribe: bool = Field(
        default=False, description="Subscribe at once on a double opt-in list (you hold the consent)"
    )
    consent: ConsentIn | None = None


class FieldCreate(Body):
    # An example, and what _options_for_select checks: a select field has options, no other field has any.
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"label": "Plan", "tag": "plan", "type": "select", "options": ["free", "pro"]}],
            "anyOf": [
                {
                    "required": ["type", "options"],
                    "properties": {"type": {"const": "select"}, "options": {"type": "array", "minItems": 1}},
                },
                {
                    "properties": {
                        "type": {"not": {"const": "select"}},
                        "options": {"anyOf": [{"type": "null"}, {"type": "array", "maxItems": 0}]},
                    }
                },
            ],
        }
    )
    label: Annotated[str, Field(min_length=1, max_length=100)]
    tag: Annotated[str, Field(pattern=FIELD_TAG.pattern, description="The attribute key holding the value")]
    type: FieldType = "text"
    options: (
        Annotated[list[Annotated[str, Field(min_length=1, max_length=200)]], Field(max_length=MAX_OPTIONS)]
        | None
    ) = None
    required: bool = False
    visible: bool = True

    @model_validator(mode="after")
    def _options_for_select(self) -> FieldCreate:
        if self.type == "select" and not self.options:
            raise ValueError("a select field needs options")
        if self.type != "select" and self.options:
            raise ValueError("only a select field has options")
        return self


class FieldPatch(Body):
    label: Annotated[str, Field(min_length=1, max_length=100)] | NotNull = None
    tag: Annotated[str, Field(pattern=FIELD_TAG.pattern)] | NotNull = None
    type: FieldType | NotNull = None
    options: list[Annotated[str, Field(min_length=1, max_length=200)]] | None = None
    required: bool | NotNull = None
    visible: bool | NotNull = None

    @field_validator("label", "tag", "type", "required", "visible", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:  # a field always has them (null would leave the stored field without one)
            raise ValueError("can be changed, not removed")
        return value


class FieldOut(Out):
    id: str
    list_id: str
    label: str
    tag: str
    type: FieldType
    options: list[str] | None = None
    required: bool
    visible: bool
    created_at: str
    updated_at: str

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> FieldOut:
        return cls(**{k: item.get(k) for k in cls.model_fields if k in item})
