"""Templates: subject, html and text with `{{ merge_tags }}`."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from functions.core.headers import HeaderText
from functions.core.models import Body, NotNull, Out

MAX_HTML = 512 * 1024  # characters; a 400 names the field above it
MAX_TEXT = 256 * 1024
MAX_SUBJECT = 998  # RFC 5322 line limit

Subject = Annotated[HeaderText, Field(min_length=1, max_length=MAX_SUBJECT)]
PreviewText = Annotated[
    HeaderText,
    Field(
        max_length=500,
        description="What inboxes show after the subject: written hidden at the start of the html, as it is "
        "(no merge tags); a campaign's own wins over its template's",
    ),
]
Html = Annotated[str, Field(min_length=1, max_length=MAX_HTML, description=f"At most {MAX_HTML} characters")]
Text = Annotated[str, Field(max_length=MAX_TEXT)]


class TemplateCreate(Body):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    subject: Subject
    html: Html
    text: Text | None = Field(default=None, description="Derived from the html when left out")
    preview_text: PreviewText | None = None


class TemplatePatch(Body):
    name: Annotated[str, Field(min_length=1, max_length=200)] | NotNull = None
    subject: Subject | NotNull = None
    html: Html | NotNull = None
    text: Text | None = None
    preview_text: PreviewText | None = None


class TemplateOut(Out):
    id: str
    name: str
    subject: str
    html: str
    text: str | None = None
    preview_text: str | None = None
    variables: list[str] = Field(default_factory=list, description="The merge tags the template uses")
    created_at: str
    updated_at: str


class RenderBody(Body):
    variables: dict[str, Any] | None = None
    contact_id: Annotated[str, Field(max_length=64)] | None = None


class Rendered(Out):
    subject: str
    html: str
    text: str
