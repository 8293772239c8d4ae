"""Public links in messages (no API key): unsubscribe page, RFC 8058 one-click unsubscribe, tracking.

Tokens are signed (functions.core.tokens); a forged, altered or overlong one is the 404 page of an
unknown link (not a JSON error: a person clicked it).
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import parse_qsl

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from functions.automations import tracking as automation_tracking
from functions.campaigns import recipients, tracking
from functions.contacts import service as contacts
from functions.core import tokens
from functions.forms import service as forms
from functions.lists import optin
from functions.lists import service as lists
from functions.public import words

router = Router()
UNSUBSCRIBE_KEYS = ("w", "c", "l")  # workspace, contact, list
PAGE = (
    "<!doctype html><html lang={lang}><meta charset=utf-8>"
    "<meta name=viewport content='width=device-width, initial-scale=1'><title>{title}</title><style>"
    "body{{font:16px/1.5 system-ui,sans-serif;max-width:32em;margin:3em auto;padding:0 1em;color:#1a1a1a}}"
    "button{{font:inherit;padding:.6em 1.4em;margin-top:1em;background:#0b57d0;color:#fff;border:0;"
    "border-radius:4px;cursor:pointer}}fieldset{{border:1px solid #ccc;border-radius:4px;padding:1em}}"
    ".choices{{list-style:none;padding:0;margin:0}}.choices li{{margin:.6em 0}}"
    ".choices input{{width:1.2em;height:1.2em;vertical-align:middle;margin:0 .5em 0 0}}"
    ".choices small{{display:block;margin-left:1.7em;color:#555}}a{{color:#0b57d0}}"
    ":focus-visible{{outline:3px solid #0b57d0;outline-offset:2px}}"
    "[role=status]{{background:#e6f4ea;border-left:4px solid #1e8e3e;padding:.5em .75em}}</style>"
    "<main><h1>{title}</h1>{body}</main></html>"
)


def _page(status: int, title: str, body: str, workspace_id: str | None = None) -> Response:
    """A page in the workspace's language (`body` already in it; `title` a key of words.WORDS)."""
    lang, said = words.for_workspace(workspace_id)
    page = PAGE.format(lang=lang, title=html.escape(said[title]), body=body)
    return Response(status_code=status, content_type="text/html; charset=utf-8", body=page)


def _not_found() -> Response:
    return _page(404, "not_found_title", f"<p>{words.WORDS['en']['not_found']}</p>")


def _said(workspace_id: str) -> dict[str, str]:
    return words.for_workspace(workspace_id)[1]


def _preferences_link(workspace_id: str, contact_id: str) -> str:
    url = html.escape(tracking.preferences_url(workspace_id, contact_id))
    return f"<p><a href='{url}'>{html.escape(_said(workspace_id)['preferences_link'])}</a></p>"


def _what(data: dict[str, str]) -> str:
    """What the link unsubscribes from, in words: the list by its name, or every email."""
    said = _said(data["w"])
    name = lists.list_name(data["w"], data["l"]) if data["l"] else None
    if name is None:
        return html.escape(said["everything"])
    return html.escape(said["from_list"]).replace("{name}", f"<strong>{html.escape(name)}</strong>")


def _sentence(workspace_id: str, key: str, what: str) -> str:
    return html.escape(_said(workspace_id)[key]).replace("{what}", what)


@router.get("/u/<token>", include_in_schema=False)
def unsubscribe_page(token: str):
    data = tokens.read("unsubscribe", token, keys=UNSUBSCRIBE_KEYS)
    if data is None or contacts.find(data["w"], data["c"]) is None:
        return _not_found()
    button = html.escape(_said(data["w"])["unsubscribe_button"])
    form = f"<form method=post action='{html.escape(token)}'><button>{button}</button></form>"
    ask = _sentence(data["w"], "unsubscribe_ask", _what(data))
    body = f"<p>{ask}</p>{form}{_preferences_link(data['w'], data['c'])}"
    return _page(200, "unsubscribe_title", body, data["w"])


@router.post("/u/<token>", include_in_schema=False)
def unsubscribe(token: str):
    """The page's button and mail clients' one-click POST (List-Unsubscribe-Post) both land here."""
    data = tokens.read("unsubscribe", token, keys=UNSUBSCRIBE_KEYS)
    contact = contacts.find(data["w"], data["c"]) if data else None
    if data is None or contact is None:
        return _not_found()
    done = (
        f"<p>{_sentence(data['w'], 'unsubscribed', _what(data))}</p>{_preferences_link(data['w'], data['c'])}"
    )
    if not data["l"]:  # a message of no list (an automation's): unsubscribed from everything
        if contact.get("status") == "active":
            contacts.set_status(data["w"], data["c"], "unsubscribed")
        return _page(200, "unsubscribed_title", done, data["w"])
    was = ((contact.get("lists") or {}).get(data["l"]) or {}).get("status")
    if was == "subscribed":
        campaign = {"campaign_id": data["k"]} if data.get("k") else {}
        lists.unsubscribe_contact(data["w"], data["c"], data["l"], was, **campaign)
        if data.get("k"):
            recipients.count(data["w"], data["k"], unsubscribed=1)
    return _page(200, "unsubscribed_title", done, data["w"])


# --- double opt-in confirmation --------------------------------------------------------------------


def _source_ip() -> str | None:
    return router.current_event.request_context.identity.source_ip or None


def _consent(source: str) -> optin.Consent:
    """Where this request comes from, for a consent record."""
    agent = router.current_event.headers.get("User-Agent") or router.current_event.headers.get("user-agent")
    return optin.Consent(source=source, ip=_source_ip(), user_agent=agent)


@router.get("/c/<token>", include_in_schema=False)
def confirm_page(token: str):
    """The link in a confirmation email: a page asking the reader to confirm, with a button (a POST).
    Opening it changes nothing: mail providers' link scanners open the links of incoming mail before
    anyone reads it, and a signup must be confirmed by its person. Confirmed before: the confirmed page.
    Forged, expired or replaced: the 404 page."""
    found = optin.peek(token)
    if found is None:
        return _not_found()
    if found.already:
        return _confirmed(found)
    what = f"<strong>{html.escape(found.list_name)}</strong>"
    button = html.escape(_said(found.workspace_id)["confirm_button"])
    form = f"<form method=post action='{html.escape(token)}'><button>{button}</button></form>"
    body = f"<p>{_sentence(found.workspace_id, 'confirm_ask', what)}</p>{form}"
    return _page(200, "confirm_title", body, found.workspace_id)


@router.post("/c/<token>", include_in_schema=False)
def confirm(token: str):
    """The confirmation page's button: the pending signup becomes a subscription (a second time shows the
    same page, changing nothing)."""
    done = optin.confirm(token, _source_ip())
    if done is None:
        return _not_found()
    if not done.already and done.source.startswith("form:"):
        forms.count_confirmed(done.workspace_id, done.source.removeprefix("form:"))
    return _confirmed(done)


def _confirmed(done: optin.Confirmed) -> Response:
    what = f"<strong>{html.escape(done.list_name)}</strong>"
    body = (
        f"<p>{_sentence(done.workspace_id, 'confirmed', what)}</p>"
        f"{_preferences_link(done.workspace_id, done.contact_id)}"
    )
    return _page(200, "confirmed_title", body, done.workspace_id)


# --- preference center -----------------------------------------------------------------------------


def _preferences(data: dict[str, str], contact: dict[str, Any], token: str, saved: bool) -> Response:
    memberships = contact.get("lists") or {}
    rows = []
    for item in lists.public_lists(data["w"]):
        checked = " checked" if (memberships.get(item["id"]) or {}).get("status") == "subscribed" else ""
        key = html.escape(item["id"])
        about = (
            f"<small id='about-{key}'>{html.escape(item['description'])}</small>"
            if item.get("description")
            else ""
        )
        described = f" aria-describedby='about-{key}'" if about else ""
        rows.append(
            f"<li><label><input type=checkbox name=lists value='{key}'{checked}{described}>"
            f"{html.escape(item['name'])}</label>{about}</li>"
        )
    said = _said(data["w"])
    choices = f"<ul class=choices>{''.join(rows)}</ul>" if rows else f"<p>{html.escape(said['no_lists'])}</p>"
    note = f"<p role=status>{html.escape(said['saved'])}</p>" if saved else ""
    legend = html.escape(said["emails_to"]).replace("{email}", html.escape(contact["email"]))
    form = (
        f"<form method=post action='{html.escape(token)}'><fieldset><legend>{legend}</legend>{choices}"
        f"</fieldset><button>{html.escape(said['save'])}</button></form>"
    )
    return _page(200, "preferences_title", note + form, data["w"])


@router.get("/p/<token>", include_in_schema=False)
def preferences_page(token: str):
    data = tokens.read("preferences", token, keys=("w", "c"))
    contact = contacts.find(data["w"], data["c"]) if data else None
    if data is None or contact is None:
        return _not_found()
    return _preferences(data, contact, token, saved=False)


@router.post("/p/<token>", include_in_schema=False)
def save_preferences(token: str):
    """The page's form: the public lists checked are joined, the others left (the rest stay as they are)."""
    data = tokens.read("preferences", token, keys=("w", "c"))
    contact = contacts.find(data["w"], data["c"]) if data else None
    if data is None or contact is None:
        return _not_found()
    body = router.current_event.decoded_body or ""
    wanted = {value for key, value in parse_qsl(body, keep_blank_values=False) if key == "lists"}
    memberships = contact.get("lists") or {}
    for item in lists.public_lists(data["w"]):
        was = (memberships.get(item["id"]) or {}).get("status")
        if item["id"] in wanted and was != "subscribed":
            optin.join(data["w"], data["c"], item["id"], _consent("preferences"))
        elif item["id"] not in wanted and was == "subscribed":
            lists.unsubscribe_contact(data["w"], data["c"], item["id"], was, source="preferences")
    contact = contacts.find(data["w"], data["c"]) or contact
    return _preferences(data, contact, token, saved=True)


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
