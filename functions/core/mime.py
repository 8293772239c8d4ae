"""The message on the wire, built with the stdlib `email` package (sent as Raw so headers survive).

Built with the package's compat32 classes (MIMEMultipart, MIMEText, formataddr): they keep headers as
strings, where the modern EmailMessage API parses each header into an object and folds it again. That
was a quarter of a send worker's CPU, three times what this costs. The values are safe as strings:
subjects and names are one line (core/headers.py), addresses were validated, our own headers are ASCII;
a non-ASCII subject or name is RFC 2047 encoded, the bodies are UTF-8 quoted-printable.
"""

from __future__ import annotations

from email import charset
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import Compat32
from email.utils import format_datetime, formataddr, make_msgid

import idna

from functions.core.clock import now

# UTF-8 bodies as quoted-printable (readable, and safe for lines of any length); compat32 picks base64.
_UTF8_QP = charset.Charset("utf-8")
_UTF8_QP.body_encoding = charset.QP


class _Headers(Compat32):
    """compat32, but an ASCII header that fits a line (998) is written on one: compat32 folds at 78 even
    a value it cannot break, such as a long List-Unsubscribe URL, by starting it on the next line, and
    some readers keep that line's space in the value. Non-ASCII is still encoded and folded."""

    def _fold(self, name: str, value: object, sanitize: bool) -> str:
        if isinstance(value, str) and value.isascii() and len(name) + len(value) < 990:
            return f"{name}: {value}{self.linesep}"
        return super()._fold(name, value, sanitize)


_POLICY = _Headers()


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
    message = MIMEMultipart("alternative", policy=_POLICY)
    domain = from_email.rpartition("@")[2]
    message["From"] = formataddr((from_name or "", from_email), charset="utf-8")
    message["To"] = _address(to)
    message["Subject"] = subject  # a non-ASCII subject is encoded when written (compat32 folding)
    message["Date"] = format_datetime(now())
    message["Message-ID"] = make_msgid(domain=domain)
    if reply_to:
        message["Reply-To"] = _address(reply_to)
    for name, value in (headers or {}).items():
        message[name] = value
    for body, subtype in ((text, "plain"), (html, "html")):
        part = MIMEText(body, subtype, _UTF8_QP, policy=_POLICY)
        del part["MIME-Version"]  # the message's own says it once
        message.attach(part)
    return message.as_bytes()


def _address(address: str) -> str:
    """An address for a header: an internationalized domain in its ASCII (IDNA) form, which every mail
    system reads (contacts keep the Unicode form)."""
    local, _, domain = address.rpartition("@")
    if domain.isascii():
        return address
    try:
        return f"{local}@{idna.encode(domain, uts46=True).decode('ascii')}"
    except idna.IDNAError:
        return address
