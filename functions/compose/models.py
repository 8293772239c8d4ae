"""POST /v1/compose: one-off sends to at most 100 recipients."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, model_validator

from functions.core.models import Body, Out, exactly_one
from functions.templates.models import Html, Subject, Text

MAX_RECIPIENTS = 100
ID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


class EmailRecipients(Body):
    emails: Annotated[
        list[Annotated[str, Field(max_length=320)]], Field(min_length=1, max_length=MAX_RECIPIENTS)
    ]


class ContactRecipients(Body):
    type: Literal["contacts"]
    contact_ids: Annotated[
        list[Annotated[str, Field(max_length=64)]], Field(min_length=1, max_length=MAX_RECIPIENTS)
    ]


class Compose(Body):
    model_config = ConfigDict(  # what _one_source checks
        json_schema_extra={
            **exactly_one(("template_id",), ("subject", "body")),
            "examples": [
                {
                    "account_key": "acc_q3Vx8LmN2pR7sT1uW9yZ4bC6",
                    "subject": "Your order has shipped",
                    "body": "<p>Hello {{first_name}}, your order is on its way.</p>",
                    "recipients": {"emails": ["ann@example.com"]},
                }
            ],
        }
    )
    account_key: Annotated[str, Field(min_length=5, max_length=100, description="The sender's acc_... key")]
    template_id: Annotated[str, Field(pattern=ID_PATTERN)] | None = None
    subject: Subject | None = None
    body: Html | None = Field(default=None, description="HTML body (with subject, instead of template_id)")
    text: Text | None = None
    recipients: EmailRecipients | ContactRecipients
    variables: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Compose:
        inline = self.subject is not None or self.body is not None
        if self.template_id and inline:
            raise ValueError("give template_id, or subject and body, not both")
        if not self.template_id and (self.subject is None or self.body is None):
            raise ValueError("give template_id, or both subject and body")
        return self


class Failure(Out):
    email: str
    error: str


class ComposeResult(Out):
    ok: bool = True
    sent: int
    failed: list[Failure]
    message_ids: list[str] = Field(default_factory=list)
