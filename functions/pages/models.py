"""Landing pages: a slug, a title, the workspace owner's own html and, if it names one, a form below it."""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import AfterValidator, Field, field_validator

from functions.account.models import Slug
from functions.core.models import Body, NotNull, Out

MAX_PAGES = 100  # per workspace
MAX_HTML = 200_000  # characters
# Bytes (UTF-8) the html may take: the page is one DynamoDB item (400 KB at most), and 200,000 characters
# of some scripts are more than that.
MAX_HTML_BYTES = 300_000


def _html_bytes(value: str) -> str:
    if len(value.encode()) > MAX_HTML_BYTES:
        raise ValueError(f"at most {MAX_HTML_BYTES} bytes in UTF-8")
    return value


Title = Annotated[str, Field(min_length=1, max_length=200)]
Html = Annotated[
    str,
    Field(
        max_length=MAX_HTML, description=f"At most {MAX_HTML} characters ({MAX_HTML_BYTES} bytes in UTF-8)"
    ),
    AfterValidator(_html_bytes),
]
FormId = Annotated[str, Field(min_length=1, max_length=100, description="A form of the workspace")]


class PageCreate(Body):
    slug: Slug = Field(description="Unique in the workspace; the page is at /pages/<workspace slug>/<slug>")
    title: Title
    html: Html = Field(description="The page body, shown in <main>; no scripts run (Content-Security-Policy)")
    form_id: FormId | None = Field(default=None, description="A form shown below the html while published")
    published: bool = Field(default=False, description="Only a published page is served")


class PagePatch(Body):
    slug: Slug | NotNull = None
    title: Title | NotNull = None
    html: Html | NotNull = None
    form_id: FormId | None = Field(default=None, description="null removes the form")
    published: bool | NotNull = None

    @field_validator("slug", "title", "html", "published", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("can be changed, not removed")
        return value


class PageSummary(Out):
    """A page as the listing shows it: everything but the html (GET /v1/pages/{id} has it)."""

    id: str
    slug: str
    title: str
    form_id: str | None = None
    published: bool
    url: str = Field(description="<public base URL>/pages/<workspace slug>/<slug>")
    views: int = 0
    created_at: str
    updated_at: str

    @classmethod
    def from_item(cls, item: dict[str, Any], url: str, views: int) -> Self:
        return cls.model_validate({**item, "url": url, "views": views})


class PageOut(PageSummary):
    html: str
