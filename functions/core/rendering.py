"""Merge tags: `{{ name }}` rendered by Jinja2's sandbox, html autoescaped, missing tags all reported.

The sandbox is bounded (functions.core.sandbox): a template that would build too much or work too long
is a 400 `template_too_large` / `template_too_complex`; any other error while rendering is a 400
`template_error` naming the part and the line, never a 500.
Variable keys are normalized to lowercase_with_underscores ("First Name" fills {{ first_name }}).
A plain-text part is derived from the html when a template has none.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from html.parser import HTMLParser
from typing import Any

from jinja2 import TemplateSyntaxError, meta, nodes

from functions.core import sandbox
from functions.core.errors import Invalid

_HTML = sandbox.BoundedSandbox(autoescape=True)
_TEXT = sandbox.BoundedSandbox(autoescape=False)
_NON_WORD = re.compile(r"[^0-9a-z]+")
CONTACT_FIELDS = ("email", "first_name", "last_name", "name", "phone")


def normalize_key(key: str) -> str:
    return _NON_WORD.sub("_", key.strip().lower()).strip("_")


def normalize(variables: dict[str, Any] | None) -> dict[str, Any]:
    return {normalize_key(k): v for k, v in (variables or {}).items() if normalize_key(k)}


def contact_variables(contact: dict[str, Any] | None) -> dict[str, Any]:
    """What a contact fills: its own fields and its attributes, under their normalized names."""
    if not contact:
        return {}
    values = normalize(contact.get("attributes") or {})
    values.update({f: contact[f] for f in CONTACT_FIELDS if contact.get(f) not in (None, "")})
    return values


@dataclass(frozen=True)
class Parsed:
    source: str
    html: bool
    names: frozenset[str]
    part: str = "template"


def _failure(part: str, exc: BaseException) -> Invalid:
    """What went wrong in a part, as the 400 the caller gets (the line, never a traceback)."""
    line = sandbox.template_line(exc)
    where = f"{part}: line {line}" if line else part
    if isinstance(exc, sandbox.TemplateTooLarge):
        code, message = "template_too_large", str(exc)
    elif isinstance(exc, sandbox.TemplateTooComplex):
        code, message = "template_too_complex", str(exc)
    elif isinstance(exc, RecursionError):
        code, message = "template_error", "the template nests or recurses too deeply"
    else:
        code, message = "template_error", str(getattr(exc, "message", None) or exc) or type(exc).__name__
    return Invalid(
        f"{where}: {message}",
        code=code,
        fields=[{"field": part, "line": line, "message": message}],
    )


@lru_cache(maxsize=512)
def parse(source: str, *, html: bool, part: str = "template") -> Parsed:
    """Check a template and compile it; a syntax error is a 400 that names the part and the line."""
    env = _HTML if html else _TEXT
    try:
        tree = env.bounded(source)
        names = meta.find_undeclared_variables(tree)
        _compiled(source, html)
    except TemplateSyntaxError as exc:
        raise Invalid(
            f"{part}: line {exc.lineno}: {exc.message}",
            code="template_syntax_error",
            fields=[{"field": part, "line": exc.lineno, "message": exc.message or "syntax error"}],
        ) from None
    except Exception as exc:  # a literal too large for int(), nesting too deep for the parser, ...
        raise _failure(part, exc) from None
    return Parsed(source, html, frozenset(names - _defaulted(tree)) - {"__iterate__", "__concat__"}, part)


def _defaulted(tree: nodes.Template) -> set[str]:
    """Tags only ever used as `{{ tag | default(...) }}`: they have a value whatever the contact holds."""
    uses = Counter(n.name for n in tree.find_all(nodes.Name) if n.ctx == "load")
    defaults = Counter(
        f.node.name
        for f in tree.find_all(nodes.Filter)
        if f.name in ("default", "d") and isinstance(f.node, nodes.Name)
    )
    return {name for name, count in defaults.items() if uses[name] == count}


def check_bounded(parsed: Parsed) -> None:
    """Render once with no values: a part too large or too busy whatever the contact is a 400 now,
    not a failure for every recipient later. Other errors depend on the values and are left for then."""
    try:
        render(parsed, {})
    except Invalid as exc:
        if exc.code in ("template_too_large", "template_too_complex"):
            raise


def missing(parsed: list[Parsed], variables: dict[str, Any]) -> list[str]:
    """Every tag the parts use that has no value, sorted."""
    wanted = set().union(*(p.names for p in parsed)) if parsed else set()
    return sorted(n for n in wanted if variables.get(n) in (None, ""))


def render(parsed: Parsed, variables: dict[str, Any]) -> str:
    """One part for one recipient; any error is a 400 naming the part and the line."""
    try:
        return sandbox.render(_compiled(parsed.source, parsed.html), variables)
    except Exception as exc:
        raise _failure(parsed.part, exc) from None


@lru_cache(maxsize=512)
def _compiled(source: str, html: bool) -> Any:
    """Compiled once per process: a campaign renders the same template for every recipient."""
    env = _HTML if html else _TEXT
    return env.from_string(env.bounded(source))


class _TextOf(HTMLParser):
    """html -> readable text: blocks on their own lines, links as `text (url)`, no scripts or styles.

    Written on the stdlib parser on purpose: a plain-text fallback needs no more, and it keeps the
    Lambda layer free of another dependency.
    """

    BLOCKS = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "hr"}
    )
    SKIP = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.href: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        if tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")
        if tag == "a":
            self.href.append(dict(attrs).get("href"))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        if tag == "a" and self.href:
            href = self.href.pop()
            if href and not href.startswith(("#", "mailto:")):
                self.parts.append(f" ({href})")
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
# After the preview text: invisible characters, so that an inbox's preview line ends there instead of
# going on with the first words of the body.
_PREHEADER_FILL = "&#847;&zwnj;&nbsp;" * 60


def with_preheader(html: str, preview_text: str | None) -> str:
    """`preview_text` as the html's first, hidden text: what inboxes show after the subject. Written as it
    is (escaped, no merge tags), right after `<body>` or at the start."""
    if not preview_text:
        return html
    hidden = (
        '<div style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;font-size:1px;'
        f'line-height:1px;mso-hide:all" aria-hidden="true">{escape(preview_text)}{_PREHEADER_FILL}</div>'
    )
    body = _BODY_OPEN.search(html)
    at = body.end() if body else 0
    return html[:at] + hidden + html[at:]


def text_from_html(html: str) -> str:
    parser = _TextOf()
    parser.feed(html)
    lines = [line.strip() for line in "".join(parser.parts).splitlines()]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
