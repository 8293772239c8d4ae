"""Open and click tracking for campaign messages: signed links, counted once per recipient for uniques;
and the signed unsubscribe link.

A click link carries the destination inside its signed token, so the redirect only ever goes where one
of our messages pointed (no open redirect); an altered token is a 404. Only an absolute http(s) URL that
a Location header can carry is tracked; any other link is left in the message as it was written.
"""

from __future__ import annotations

import hashlib
import html as markup
import re
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from functions.campaigns import recipients
from functions.core import events, tokens
from functions.core.settings import settings

HREF = re.compile(r"""(<a\b[^>]*?\bhref\s*=\s*)(["'])(https?://[^"']+)\2""", re.IGNORECASE)
# Printable ASCII stays as written (percent escapes included); anything else is percent-encoded UTF-8.
_URI_CHARS = "".join(chr(c) for c in range(0x21, 0x7F))
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def public_base() -> str:
    return settings().public_base_url.rstrip("/")


def unsubscribe_url(workspace_id: str, campaign: dict[str, Any], contact_id: str) -> str:
    """The signed one-click link that unsubscribes a contact from the campaign's list."""
    token = tokens.make(
        "unsubscribe", {"w": workspace_id, "c": contact_id, "l": campaign["list_id"], "k": campaign["id"]}
    )
    return f"{public_base()}/u/{token}"


def preferences_url(workspace_id: str, contact_id: str) -> str:
    """The signed link to the contact's preference center: every public list, joined or left there."""
    return f"{public_base()}/p/{tokens.make('preferences', {'w': workspace_id, 'c': contact_id})}"


def global_unsubscribe_url(workspace_id: str, contact_id: str, source: dict[str, str]) -> str:
    """The signed one-click link that unsubscribes a contact from everything (an automation's message
    belongs to no list): `l` is empty; `source` says whose message it was (e.g. {"a": automation id})."""
    token = tokens.make("unsubscribe", {"w": workspace_id, "c": contact_id, "l": "", **source})
    return f"{public_base()}/u/{token}"


def redirect_target(url: str) -> str | None:
    """`url` as an ASCII absolute http(s) URL with a host, ready for a Location header; None if it is not one.

    Whitespace and control characters are refused rather than cleaned: urlsplit silently drops some of
    them, and a browser would not have followed the link we would be guessing at.
    """
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        return None
    try:
        parts = urlsplit(url)
        _ = parts.port  # ValueError for a port that is not a number from 0 to 65535
        host = parts.hostname
        if parts.scheme.lower() not in ("http", "https") or not host:
            return None
        netloc = parts.netloc
        if not netloc.isascii():  # an international domain name: its ASCII (IDNA) form
            user = parts.netloc.rpartition("@")[0]
            netloc = (f"{quote(user, safe=_URI_CHARS)}@" if user else "") + host.encode("idna").decode()
            netloc += f":{parts.port}" if parts.port is not None else ""
    except (ValueError, UnicodeError):
        return None
    path, query, fragment = (
        quote(part, safe=_URI_CHARS) for part in (parts.path, parts.query, parts.fragment)
    )
    return urlunsplit((parts.scheme.lower(), netloc, path, query, fragment))


def _with_utm(url: str, campaign: str | None) -> str:
    if not campaign:
        return url
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.setdefault("utm_source", "lettercast")
    query.setdefault("utm_medium", "email")
    query.setdefault("utm_campaign", campaign)
    return urlunsplit(parts._replace(query=urlencode(query)))


def instrument(
    html: str, workspace_id: str, campaign: dict[str, Any], contact_id: str, unsubscribe: str
) -> str:
    """Rewrite the message's links (not the unsubscribe link) and add the open pixel, as the campaign asks."""
    return instrument_for(
        html,
        {"w": workspace_id, "k": campaign["id"], "c": contact_id},
        unsubscribe,
        track_opens=campaign.get("track_opens", True),
        track_clicks=campaign.get("track_clicks", True),
        utm_campaign=campaign.get("utm_campaign"),
    )


def instrument_for(
    html: str,
    ids: dict[str, Any],
    unsubscribe: str,
    *,
    track_opens: bool = True,
    track_clicks: bool = True,
    utm_campaign: str | None = None,
) -> str:
    """Links and pixel of any message we send: `ids` ride in the signed tokens and tell whose message it was
    (a campaign's: w, k, c; an automation step's: w, a, s, c)."""
    if track_clicks or utm_campaign:

        def rewrite(match: re.Match[str]) -> str:
            written = markup.unescape(match.group(3))  # the attribute as a browser reads it: &amp; is &
            url = redirect_target(written)
            if url is None or written == unsubscribe:
                return match.group(0)
            target = _with_utm(url, utm_campaign)
            token = tokens.make("click", {**ids, "u": target}) if track_clicks else ""
            if token and len(token) <= tokens.MAX_LENGTH:  # a longer link would not open: left untracked
                target = f"{public_base()}/t/c/{token}"
            return f"{match.group(1)}{match.group(2)}{markup.escape(target)}{match.group(2)}"

        html = HREF.sub(rewrite, html)
    if track_opens:
        src = f"{public_base()}/t/o/{tokens.make('open', ids)}"
        pixel = f'<img src="{src}" width="1" height="1" alt="" style="display:none">'
        html = html.replace("</body>", pixel + "</body>") if "</body>" in html else html + pixel
    return html


def opened(token: str) -> bool:
    data = tokens.read("open", token, keys=("w", "k", "c"))
    if data is None:
        return False
    first = recipients.mark_first(data["w"], data["k"], data["c"], "opened_at")
    recipients.count(data["w"], data["k"], opened=1, unique_opens=1 if first else 0)
    _tell(data["w"], "email.opened", data["k"], data["c"], {"first": first})
    return True


def clicked(token: str) -> str | None:
    """The destination of a genuine click link (counted), or None: nothing is counted for a link that is
    not one we can redirect to (a message instrumented before links were checked may hold one)."""
    data = tokens.read("click", token, keys=("w", "k", "c", "u"))
    destination = redirect_target(data["u"]) if data else None
    if data is None or destination is None:
        return None
    link = hashlib.sha256(data["u"].encode()).hexdigest()[:16]
    # The first click's link rides on the write that stamps it: the contact's activity shows it.
    first_click = recipients.mark_first(data["w"], data["k"], data["c"], "clicked_at", clicked_url=data["u"])
    first_of_link = recipients.add_to_set(data["w"], data["k"], data["c"], "clicked_links", link)
    recipients.count(data["w"], data["k"], clicked=1, unique_clicks=1 if first_click else 0)
    recipients.count_link(data["w"], data["k"], link, data["u"], unique=first_of_link)
    _tell(data["w"], "email.clicked", data["k"], data["c"], {"first": first_click, "url": data["u"]})
    return destination


def _tell(workspace_id: str, kind: str, campaign_id: str, contact_id: str, fields: dict[str, Any]) -> None:
    """An `email.opened` or `email.clicked` event, only while a webhook listens: the recipient record
    (who it went to) is read only then, so an open costs nothing more when nobody listens."""
    if not events.wanted(workspace_id, kind):
        return
    record = recipients.get(workspace_id, campaign_id, contact_id)
    if record is None:  # the campaign was deleted with its records
        return
    message_id = {"message_id": record["message_id"]} if record.get("message_id") else {}
    who = {"campaign_id": campaign_id, "contact_id": contact_id, "email": record.get("email")}
    events.emit(workspace_id, kind, {**message_id, **who, **fields})
