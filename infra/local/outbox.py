"""What SES would have sent, read from moto's SES backend (in-process) and shown at /_local/outbox."""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from email import message_from_string, policy
from email.message import EmailMessage
from typing import Any

from werkzeug.wrappers import Request, Response

from infra.local.events import ACCOUNT, REGION


def _backend() -> Any:
    from moto.ses.models import ses_backends

    return ses_backends[ACCOUNT][REGION]


class Outbox:
    """Reads moto's sent messages; remembers when each was first seen (moto keeps no time)."""

    def __init__(self) -> None:
        self.first_seen: dict[str, str] = {}
        self.cleared: set[str] = set()

    def messages(self) -> list[dict[str, Any]]:
        found = []
        for message in list(_backend().sent_messages):
            if message.id in self.cleared:
                continue
            seen = self.first_seen.setdefault(message.id, datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
            found.append(_describe(message, seen))
        return sorted(found, key=lambda m: m["sent_at"], reverse=True)

    def clear(self) -> None:
        self.cleared |= {m.id for m in _backend().sent_messages}

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
                '<iframe sandbox srcdoc="{body}"></iframe><details><summary>text</summary><pre>{text}</pre>'
                "</details></article>".format(
                    subject=html.escape(m["subject"] or "(no subject)"),
                    sender=html.escape(m["from"] or ""),
                    to=html.escape(", ".join(m["to"])),
                    at=html.escape(m["sent_at"]),
                    headers=html.escape("\n".join(f"{k}: {v}" for k, v in m["headers"].items())),
                    body=html.escape(m["html"] or "", quote=True),
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
        return Response(page, content_type="text/html; charset=utf-8")


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
