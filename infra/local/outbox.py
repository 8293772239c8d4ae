"""What SES would have sent, read from moto's SES backend (in-process) and shown at /_local/outbox.

Reading a message at /_local/mail never counts as its recipient reading it: the open pixel is left out of
what the page shows, and the page's Content-Security-Policy (which the message frames inherit) loads
nothing from this runtime, so no other tracking URL can fire either. A link clicked by hand opens in a new
tab, as in a mail client, and counts as a click.
"""

from __future__ import annotations

import html
import json
import os
import re
from datetime import UTC, datetime
from email import message_from_string, policy
from email.message import EmailMessage
from typing import Any

from werkzeug.wrappers import Request, Response

from functions.core import clock
from infra.local import journal
from infra.local.events import ACCOUNT, REGION
from infra.topology import SETTINGS_ENV

# Images, styles and fonts only from elsewhere over https (the runtime is plain http on loopback); no
# scripts, no frames navigated in place (a meta refresh), no forms.
MAIL_PAGE_POLICY = "; ".join(
    (
        "default-src 'none'",
        "img-src https: data:",
        "style-src 'unsafe-inline' https:",
        "font-src https: data:",
        "frame-src 'none'",
        "form-action 'none'",
        "base-uri 'none'",
    )
)
NEW_TAB = '<base target="_blank">'
DOCTYPE = re.compile(r"\s*<!doctype[^>]*>", re.IGNORECASE)


def _backend() -> Any:
    from moto.ses.models import ses_backends

    return ses_backends[ACCOUNT][REGION]


class Outbox:
    """Reads moto's sent messages, with the time each was sent (kept with the state, as what was cleared)."""

    def __init__(self, cleared: set[str] | None = None) -> None:
        self.first_seen: dict[str, str] = {}
        self.cleared: set[str] = set(cleared or ())

    def messages(self) -> list[dict[str, Any]]:
        found = []
        for message in list(_backend().sent_messages):
            if message.id in self.cleared:
                continue
            found.append(_describe(message, self._sent_at(message)))
        return sorted(found, key=lambda m: m["sent_at"], reverse=True)

    def _sent_at(self, message: Any) -> str:
        moment = getattr(message, "sent_at", None)
        if moment is None:  # sent while no journal records the time
            return self.first_seen.setdefault(message.id, clock.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
        return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def clear(self) -> None:
        ids = {m.id for m in _backend().sent_messages} - self.cleared
        journal.record(["clr", sorted(ids)])
        self.cleared |= ids

    def json_page(self, request: Request) -> Response:
        if request.method == "DELETE":
            self.clear()
            return Response(json.dumps({"ok": True}), content_type="application/json")
        return Response(json.dumps({"data": self.messages()}), content_type="application/json")

    def html_page(self, request: Request) -> Response:
        rows = []
        for m in self.messages():
            rows.append(
                "<article><h2>{subject}</h2><p><b>From</b> {sender} <b>To</b> {to} <small>{at}</small></p>"
                "<details><summary>headers</summary><pre>{headers}</pre></details>"
                '<iframe sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="{body}"></iframe>'
                "<details><summary>text</summary><pre>{text}</pre>"
                "</details></article>".format(
                    subject=html.escape(m["subject"] or "(no subject)"),
                    sender=html.escape(m["from"] or ""),
                    to=html.escape(", ".join(m["to"])),
                    at=html.escape(m["sent_at"]),
                    headers=html.escape("\n".join(f"{k}: {v}" for k, v in m["headers"].items())),
                    body=html.escape(_viewable(m["html"] or ""), quote=True),
                    text=html.escape(m["text"] or ""),
                )
            )
        page = (
            "<!doctype html><meta charset=utf-8><title>Lettercast outbox</title>"
            "<style>body{font:15px system-ui;margin:2em auto;max-width:60em}"
            "article{border-bottom:1px solid #ccc}"
            "iframe{width:100%;height:20em;border:1px solid #eee}</style>"
            f"<h1>Outbox ({len(rows)})</h1>" + ("".join(rows) or "<p>Nothing sent yet.</p>")
        )
        return Response(
            page,
            content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": MAIL_PAGE_POLICY},
        )


def _viewable(message_html: str) -> str:
    """The message's html without its open pixel, its links opening in a new tab."""
    base = os.environ.get(SETTINGS_ENV.public_base_url, "").rstrip("/")
    if base:
        pixel = re.compile(rf"<img\b[^>]*?\bsrc\s*=\s*[\"']?{re.escape(base)}/t/[^>]*>", re.IGNORECASE)
        message_html = pixel.sub("", message_html)
    doctype = DOCTYPE.match(message_html)
    at = doctype.end() if doctype else 0
    return message_html[:at] + NEW_TAB + message_html[at:]


def _describe(message: Any, sent_at: str) -> dict[str, Any]:
    raw = getattr(message, "raw_data", None)
    if raw is None:  # a Simple message (moto keeps fields, not MIME)
        return {
            "message_id": message.id,
            "from": getattr(message, "source", None),
            "to": list((getattr(message, "destinations", None) or {}).get("ToAddresses", [])),
            "subject": getattr(message, "subject", None),
            "html": getattr(message, "body", None),
            "text": None,
            "headers": {},
            "sent_at": sent_at,
        }
    parsed: EmailMessage = message_from_string(raw, policy=policy.default)  # type: ignore[assignment]
    html_part = parsed.get_body(preferencelist=("html",))
    text_part = parsed.get_body(preferencelist=("plain",))
    return {
        "message_id": message.id,
        "from": parsed.get("From") or message.source,
        "to": list(dict.fromkeys(message.destinations or [])),  # moto lists header recipients again
        "subject": parsed.get("Subject"),
        "html": html_part.get_content() if html_part else None,
        "text": text_part.get_content() if text_part else None,
        "headers": {k: str(v) for k, v in parsed.items()},
        "sent_at": sent_at,
    }
