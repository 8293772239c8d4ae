"""Text that ends up in an email header (subject, preview text, a sender's name): one line, no controls.

A CR or LF would end the header (and let a value add headers of its own); other control characters and
the Unicode line separators break the message or its display. They are refused where the text comes in
(400 naming the field) and checked again after rendering, where a contact's attribute can carry one in.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

from functions.core.errors import Invalid

_FORBIDDEN = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


def has_controls(value: str) -> bool:
    return _FORBIDDEN.search(value) is not None


def _one_line(value: str) -> str:
    if has_controls(value):
        raise ValueError("must be one line without control characters (CR, LF, tab, NUL, U+2028, ...)")
    return value


# A request field whose value goes into a header: pydantic refuses it with the field's name.
HeaderText = Annotated[
    str,
    AfterValidator(_one_line),
    Field(json_schema_extra={"pattern": "^[^\\x00-\\x1f\\x7f\\x85\\u2028\\u2029]*$"}),  # the same rule, said
]


def check(value: str, field: str) -> str:
    """The same rule for a rendered value (a subject after its merge tags were filled)."""
    if has_controls(value):
        raise Invalid(
            f"{field} contains a line break or a control character",
            code="header_control_characters",
            fields=[{"field": field, "message": "must be one line without control characters"}],
        )
    return value
