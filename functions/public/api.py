"""Public links in messages (no API key): unsubscribe page, RFC 8058 one-click unsubscribe, tracking.

Tokens are signed (functions.core.tokens); a forged, altered or overlong one is the 404 page of an
unknown link (not a JSON error: a person clicked it).
"""

from __future__ import annotations

import html

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from functions.automations import tracking as automation_tracking
from functions.campaigns import recipients, tracking
from functions.contacts import service as contacts
from functions.core import tokens
from functions.lists import service as lists

router = Router()
UNSUBSCRIBE_KEYS = ("w", "c", "l")  # workspace, contact, list
PAGE = (
    "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>"
    "<title>{title}</title><style>body{{font:16px system-ui;max-width:32em;margin:4em auto}}</style>"
    "<h1>{title}</h1>{body}"
)


def _page(status: int, title: str, body: str) -> Response:
    return Response(
        status_code=status, content_type="text/html; charset=utf-8", body=PAGE.format(title=title, body=body)
    )


def _not_found() -> Response:
    return _page(404, "Link not found", "<p>This link is not valid.</p>")


@router.get("/u/<token>", include_in_schema=False)
def unsubscribe_page(token: str):
    data = tokens.read("unsubscribe", token, keys=UNSUBSCRIBE_KEYS)
    if data is None or contacts.find(data["w"], data["c"]) is None:
        return _not_found()
    form = f"<form method=post action='{html.escape(token)}'><button>Unsubscribe</button></form>"
    return _page(200, "Unsubscribe", f"<p>Stop receiving these emails?</p>{form}")


@router.post("/u/<token>", include_in_schema=False)
def unsubscribe(token: str):
    """The page's button and mail clients' one-click POST (List-Unsubscribe-Post) both land here."""
    data = tokens.read("unsubscribe", token, keys=UNSUBSCRIBE_KEYS)
    contact = contacts.find(data["w"], data["c"]) if data else None
    if data is None or contact is None:
        return _not_found()
    if not data["l"]:  # a message of no list (an automation's): unsubscribed from everything
        if contact.get("status") == "active":
            contacts.set_status(data["w"], data["c"], "unsubscribed")
        return _page(200, "Unsubscribed", "<p>You will not receive these emails any more.</p>")
    was = ((contact.get("lists") or {}).get(data["l"]) or {}).get("status")
    if was == "subscribed":
        campaign = {"campaign_id": data["k"]} if data.get("k") else {}
        lists.unsubscribe_contact(data["w"], data["c"], data["l"], was, **campaign)
        if data.get("k"):
            recipients.count(data["w"], data["k"], unsubscribed=1)
    return _page(200, "Unsubscribed", "<p>You will not receive these emails any more.</p>")


@router.get("/t/o/<token>", include_in_schema=False)
def open_pixel(token: str):
    if not (tracking.opened(token) or automation_tracking.opened(token)):
        return _not_found()
    return Response(
        status_code=200,
        content_type="image/gif",
        body=tracking.PIXEL,
        headers={"Cache-Control": "no-store"},
    )


@router.get("/t/c/<token>", include_in_schema=False)
def click(token: str):
    destination = tracking.clicked(token) or automation_tracking.clicked(token)
    if destination is None:
        return _not_found()
    return Response(status_code=302, content_type="text/plain", body="", headers={"Location": destination})
