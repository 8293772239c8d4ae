"""The local gateway behaves like API Gateway (REST) at the HTTP level: headers, bodies, throttling; and the
local mail viewer never counts as a reader.

The gateway is called as a WSGI app with werkzeug's test client: real handlers, the real authorizer, moto.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pytest
from werkzeug.test import Client, TestResponse

from functions.core.auth import Caller
from functions.core.settings import settings
from infra.local.gateway import Gateway
from infra.local.outbox import Outbox
from infra.topology import TOPOLOGY, Function, Route, Topology
from tests.builders import domain_of
from tests.integration.conftest import Background

RUNTIME = "http://127.0.0.1:8787"  # where `make run` serves, and where links in messages point


def echo(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """A function that answers with what it received, and headers given both ways (as Powertools may)."""
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json", "X-Echo": "one"},
        "multiValueHeaders": {
            "content-type": ["application/json"],
            "X-Echo": ["one", "two"],
            "Set-Cookie": ["a=1", "b=2"],
        },
        "body": json.dumps({"body": event["body"], "isBase64Encoded": event["isBase64Encoded"]}),
    }


ECHO = Topology(
    functions=(
        Function(
            "echo",
            handler=f"{__name__}.echo",
            description="echo",
            routes=(Route("ANY", "/echo/{proxy+}", public=True),),
        ),
    ),
    tables=(),
    gateway_errors=TOPOLOGY.gateway_errors,
)


@dataclass
class Local:
    client: Client
    key: str
    clock: list[float]

    def call(self, method: str, path: str, **kwargs: Any) -> TestResponse:
        headers = {"Authorization": f"Bearer {self.key}", **kwargs.pop("headers", {})}
        return self.client.open(path, method=method, headers=headers, **kwargs)

    def post_json(self, path: str, body: Any) -> dict[str, Any]:
        reply = self.call("POST", path, json=body)
        assert reply.status_code in (200, 201, 202), reply.get_data(as_text=True)
        return reply.get_json()["data"]


@pytest.fixture
def local(operator_key: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Local]:
    """The topology's gateway with the local pages, as `make run` serves it, on a clock the test moves;
    the key is the operator's, as `make run` prints it."""
    monkeypatch.setenv("PUBLIC_BASE_URL", RUNTIME)
    settings.cache_clear()  # making the operator key already read the settings
    outbox = Outbox()
    clock = [0.0]
    gateway = Gateway(
        TOPOLOGY,
        {"/_local/outbox": outbox.json_page, "/_local/mail": outbox.html_page},
        clock=lambda: clock[0],
    )
    yield Local(Client(gateway), operator_key, clock)


# --- finding 10: one Content-Type, bodies as API Gateway passes them --------------------------------------


def test_a_json_answer_carries_one_content_type(local: Local) -> None:
    reply = local.call("GET", "/v1/account")

    assert reply.status_code == 200
    assert reply.headers.getlist("Content-Type") == ["application/json"]


def test_a_name_in_latin1_arrives_with_a_replacement_character_as_on_aws_not_a_server_error(
    local: Local,
) -> None:
    body = '{"email": "jose@example.com", "first_name": "José"}'.encode("latin-1")

    reply = local.call("POST", "/v1/contacts", data=body, headers={"Content-Type": "application/json"})

    assert reply.status_code == 201, reply.get_data(as_text=True)
    assert reply.get_json()["data"]["first_name"] == "Jos\ufffd"


def test_text_bodies_reach_the_function_as_text_and_images_as_base64() -> None:
    client = Client(Gateway(ECHO, {}))
    gif = b"GIF89a\x01\x00\x01\x00\x80\xff"

    text = client.post("/echo/x", data=b"caf\xe9", headers={"Content-Type": "text/plain"}).get_json()
    image = client.post("/echo/x", data=gif, headers={"Content-Type": "image/gif"}).get_json()
    png = client.post("/echo/x", data=b"\x89PNG", headers={"Content-Type": "image/png"}).get_json()

    assert text == {"body": "caf\ufffd", "isBase64Encoded": False}
    assert image == {"body": base64.b64encode(gif).decode(), "isBase64Encoded": True}
    assert png["isBase64Encoded"] is True  # image/* is a binary media type too


def test_headers_given_both_ways_are_merged_once_each() -> None:
    reply = Client(Gateway(ECHO, {})).get("/echo/x")

    assert reply.headers.getlist("Content-Type") == ["application/json"]
    assert reply.headers.getlist("X-Echo") == ["one", "two"]
    assert reply.headers.getlist("Set-Cookie") == ["a=1", "b=2"]


# --- finding 11: reading the local outbox is not an open ---------------------------------------------------


class _Resources(HTMLParser):
    """Every URL a browser would load by itself from a page and the documents of its iframes (not links)."""

    LOADED = frozenset({"src", "srcset", "background", "poster", "data", "action", "formaction", "lowsrc"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name == "srcdoc":
                inner = _Resources()
                inner.feed(value)
                self.urls += inner.urls
            elif name in self.LOADED or (tag == "link" and name == "href"):
                self.urls += [part.strip().split(" ")[0] for part in value.split(",")]
            elif name == "style":
                self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", value)


def _allows(policy: str, directive: str, url: str) -> bool:
    """Whether a Content-Security-Policy lets a page on the runtime's origin load `url` for `directive`."""
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    sources = directives.get(directive, directives.get("default-src", ["*"]))
    scheme, host = url.split("://")[0], url.split("://")[1].split("/")[0]
    return any(
        s in ("*", "'self'", f"{scheme}:") or s.removeprefix(f"{scheme}://").split("/")[0] in (host, "*")
        for s in sources
    )


def test_reading_the_mail_page_cannot_count_an_open(
    local: Local, background: Background, workspace: Caller
) -> None:
    domain = domain_of(workspace)  # the workspace of the local key
    local.post_json("/v1/domains", {"domain": domain})
    sender = local.post_json("/v1/senders", {"name": "S", "from_name": "Acme", "from_email": f"n@{domain}"})
    list_id = local.post_json("/v1/lists", {"name": "N", "from_name": "A", "from_email": f"n@{domain}"})["id"]
    local.post_json(f"/v1/lists/{list_id}/subscribers", {"email": "ann@example.com"})
    html = f"<html><body><p>News</p><a href='https://{domain}/'>more</a></body></html>"
    campaign = {"title": "T", "subject": "News", "html": html, "list_id": list_id, "sender_id": sender["id"]}
    campaign_id = local.post_json("/v1/campaigns", campaign)["id"]
    local.post_json(f"/v1/campaigns/{campaign_id}/send", {})
    background.settle()
    (sent,) = local.call("GET", "/_local/outbox").get_json()["data"]
    assert f"{RUNTIME}/t/o/" in sent["html"], "the message as sent carries its open pixel"

    page = local.call("GET", "/_local/mail")

    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "/t/o/" not in text and "News" in text
    found = _Resources()
    found.feed(text)
    assert not [u for u in found.urls if u.startswith(RUNTIME) or u.startswith("/")], found.urls
    policy = page.headers["Content-Security-Policy"]
    for directive in ("img-src", "style-src", "font-src", "media-src", "object-src", "frame-src"):
        assert not _allows(policy, directive, f"{RUNTIME}/t/o/x"), directive
    assert local.call("GET", f"/v1/campaigns/{campaign_id}/stats").get_json()["data"]["opened"] == 0


# --- finding 12: public routes have their own throttle -----------------------------------------------------


def test_a_flood_of_tracking_hits_is_throttled_and_the_api_still_answers(local: Local) -> None:
    (tracking,) = [r for f in TOPOLOGY.functions for r in f.routes if r.path == "/t/{proxy+}"]
    throttle = tracking.method_throttle
    assert throttle is not None

    flood = [local.client.get("/t/o/flood").status_code for _ in range(throttle.burst_limit)]
    over = local.client.get("/t/o/flood")

    assert 429 not in flood
    assert over.status_code == 429
    assert over.get_json() == {"error": {"code": "rate_limited", "message": "Too many requests; retry later"}}
    assert over.headers.getlist("Content-Type") == ["application/json"]
    assert over.headers["Retry-After"] == "1"  # API.md: every 429 says when to retry
    assert local.call("GET", "/v1/account").status_code == 200
    local.clock[0] += 1.0  # a second later the bucket has refilled at the route's rate
    assert local.client.get("/t/o/flood").status_code != 429
