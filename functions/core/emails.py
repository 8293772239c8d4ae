"""Email addresses: validated by email-validator (no DNS), normalized for uniqueness."""

from __future__ import annotations

from typing import Annotated

from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email
from pydantic import AfterValidator, WithJsonSchema

MAX_EMAIL_LENGTH = 254


def normalize_email(value: str) -> str:
    """Trimmed, validated, internationalized domain in Unicode, compared case-insensitively."""
    candidate = (value or "").strip()
    if len(candidate) > MAX_EMAIL_LENGTH:
        raise ValueError(f"an email address is at most {MAX_EMAIL_LENGTH} characters")
    try:
        checked = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(f"not a valid email address: {exc}") from None
    return checked.normalized.lower()


# email-validator refuses a domain under these (arpa, invalid, local, ...), in any case.
_SPECIAL_USE = "|".join("".join(f"[{c}{c.upper()}]" for c in name) for name in SPECIAL_USE_DOMAIN_NAMES)

# The document says what the validator checks, so a client (or a generated test) sends addresses we accept.
EmailAddress = Annotated[
    str,
    AfterValidator(normalize_email),
    WithJsonSchema(
        {
            "type": "string",
            "format": "email",
            "maxLength": MAX_EMAIL_LENGTH,
            "pattern": f"^(?!.*[@.](?:{_SPECIAL_USE})$)",
        }
    ),
]


GMAIL = ("gmail.com", "googlemail.com")


def mailbox(email: str) -> str:
    """The mailbox a normalized address reaches, as far as we can tell: `ann+news@x` and `ann@x` are one
    (subaddressing), so are dots in a Gmail local part. For limits per person, never for storing."""
    local, _, domain = email.rpartition("@")
    local = local.split("+", 1)[0]
    if domain in GMAIL:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"
