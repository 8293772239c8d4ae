"""Open and click tracking for campaign messages: signed links, counted once per recipient for uniques.

A click link carries the destination inside its signed token, so the redirect only ever goes where one
of our messages pointed (no open redirect); an altered token is a 404.
"""

from __future__ import annotations

import hashlib
import os
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from functions.campaigns import recipients
from functions.core import tokens

HREF = re.compile(r"""(<a\b[^>]*?\bhref\s*=\s*)(["'])(https?://[^"']+)\2""", re.IGNORECASE)
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def public_base() -> str:
    return os.environ.get("PUBLIC_BASE_URL", "").rstrip("/")


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
    ids = {"w": workspace_id, "k": campaign["id"], "c": contact_id}
    if campaign.get("track_clicks", True) or campaign.get("utm_campaign"):

        def rewrite(match: re.Match[str]) -> str:
            url = match.group(3)
            if url == unsubscribe:
                return match.group(0)
            target = _with_utm(url, campaign.get("utm_campaign"))
            if campaign.get("track_clicks", True):
                target = f"{public_base()}/t/c/{tokens.make('click', {**ids, 'u': target})}"
            return f"{match.group(1)}{match.group(2)}{target}{match.group(2)}"

        html = HREF.sub(rewrite, html)
    if campaign.get("track_opens", True):
        src = f"{public_base()}/t/o/{tokens.make('open', ids)}"
        pixel = f'<img src="{src}" width="1" height="1" alt="" style="display:none">'
        html = html.replace("</body>", pixel + "</body>") if "</body>" in html else html + pixel
    return html


def opened(token: str) -> bool:
    data = tokens.read("open", token)
    if data is None:
        return False
    first = recipients.mark_first(data["w"], data["k"], data["c"], "opened_at")
    recipients.count(data["w"], data["k"], opened=1, unique_opens=1 if first else 0)
    return True


def clicked(token: str) -> str | None:
    """The destination of a genuine click link (counted), or None."""
    data = tokens.read("click", token)
    if data is None:
        return None
    link = hashlib.sha256(data["u"].encode()).hexdigest()[:16]
    first_click = recipients.mark_first(data["w"], data["k"], data["c"], "clicked_at")
    first_of_link = recipients.add_to_set(data["w"], data["k"], data["c"], "clicked_links", link)
    recipients.count(data["w"], data["k"], clicked=1, unique_clicks=1 if first_click else 0)
    recipients.count_link(data["w"], data["k"], link, data["u"], unique=first_of_link)
    return data["u"]
