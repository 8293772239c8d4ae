"""The message on the wire, built with the stdlib `email` package (sent as Raw so headers survive)."""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from functions.core.clock import now


def build(
    *,
    from_name: str | None,
    from_email: str,
    to: str,
    subject: str,
    html: str,
    text: str,
    reply_to: str | None = None,
    headers: dict[str, str] | None = None,
) -> bytes:
    message = EmailMessage()
    local, _, domain = from_email.partition("@")
    message["From"] = Address(display_name=from_name or "", username=local, domain=domain)
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(now())
    message["Message-ID"] = make_msgid(domain=domain)
    if reply_to:
        message["Reply-To"] = reply_to
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message.as_bytes()
