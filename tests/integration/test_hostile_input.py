"""Hostile input through the real handlers: what an attacker or a broken client sends is a 4xx, never a
500, a stack trace or a half-done write.

Sections follow the findings of issue 11 by number (those for findings 1-4 go before section 5). Routes
come from the merged OpenAPI document where a defect could live on many of them (every list route, every
route with a JSON body), so a route added later is covered without anyone listing it. Each test works on
objects it makes in its own workspace and never relies on a table being empty.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from collections.abc import Callable
from email import message_from_string, policy
from typing import Any, cast
from urllib.parse import urlencode

import pytest

from functions.core import signing, tokens
from functions.core.auth import Caller
from functions.core.ids import new_id
from functions.docs import openapi
from infra.local.pollers import load_handler
from infra.topology import TOPOLOGY
from tests.builders import LambdaContext, rest_event
from tests.integration.conftest import Background, Client, Reply

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]
PARAM = re.compile(r"\{([^}/]+)\}")


# --- shared helpers ----------------------------------------------------------------------------


def handler_for(path: str) -> Handler:
    """The Lambda handler the topology routes `path` to, as API Gateway would."""
    for function in TOPOLOGY.functions:
        for route in function.routes:
            prefix = route.path.removesuffix("/{proxy+}")
            if path == route.path or (route.path.endswith("/{proxy+}") and path.startswith(prefix + "/")):
                return load_handler(function.handler)
    raise AssertionError(f"no function of the topology serves {path}")


def operations(select: Callable[[str, dict[str, Any]], bool]) -> list[tuple[str, str]]:
    """(method, path template) of every operation of the merged OpenAPI document that `select` keeps."""
    document = json.loads(openapi.document())
    return sorted(
        (method.upper(), path)
        for path, ops in document["paths"].items()
        for method, op in ops.items()
        if select(method, op)
    )


def _has_cursor(method: str, op: dict[str, Any]) -> bool:
    return method == "get" and any(p["name"] == "cursor" for p in op.get("parameters", []))


LIST_ROUTES = operations(_has_cursor)
BODY_ROUTES = operations(lambda _method, op: "requestBody" in op)


def reply_of(raw: dict[str, Any]) -> Reply:
    headers = {k: v[-1] for k, v in (raw.get("multiValueHeaders") or {}).items()}
    headers.update(raw.get("headers") or {})
    text = raw.get("body") or ""
    if raw.get("isBase64Encoded"):
        return Reply(raw["statusCode"], headers, base64.b64decode(text))
    is_json = headers.get("Content-Type", "").startswith("application/json")
    return Reply(raw["statusCode"], headers, json.loads(text) if text and is_json else text)


def send(
    caller: Caller | None, method: str, url: str, *, query: dict[str, str] | None = None, **event: Any
) -> Reply:
    """One request to whichever function serves `url`; `query` as API Gateway decoded it, and `event`
    overrides other fields of the proxy event."""
    headers = event.pop("headers", None)
    raw_body = event.pop("raw_body", None)
    built = rest_event(method, url, caller=caller, headers=headers, raw_body=raw_body)
    if query is not None:
        built["queryStringParameters"] = query
        built["multiValueQueryStringParameters"] = {k: [v] for k, v in query.items()}
    built.update(event)
    return reply_of(handler_for(built["path"])(built, LambdaContext()))


def any_ids(template: str) -> str:
    """The path with a fresh id for each parameter: for checks made before the route looks anything up."""
    return PARAM.sub(lambda _m: new_id(), template)


@pytest.fixture
def objects(workspace: Caller) -> Callable[[str], str]:
    """`objects(param)`: the id of a fresh object of the workspace for a path parameter, made on first use."""
    made: dict[str, str] = {}
    suffix = uuid.uuid4().hex[:12]

    def post(url: str, body: dict[str, Any]) -> str:
        reply = send(workspace, "POST", url, raw_body=json.dumps(body))
        assert reply.status in (200, 201), reply.body
        return reply.body["data"]["id"]

    def make(param: str) -> str:
        if param not in made:
            if param == "contact_id":
                made[param] = post("/v1/contacts", {"email": f"c-{suffix}@example.com", "first_name": "C"})
            elif param == "list_id":
                list_body = {"name": "L", "from_name": "A", "from_email": f"news@{suffix}.example"}
                made[param] = post("/v1/lists", list_body)
            elif param == "segment_id":
                made[param] = post("/v1/segments", {"name": "S"})
            elif param == "sender_id":
                post("/v1/domains", {"domain": f"{suffix}.example"})
                sender = {"name": "S", "from_name": "Acme", "from_email": f"news@{suffix}.example"}
                made[param] = post("/v1/senders", sender)
            elif param == "campaign_id":
                campaign = {
                    "title": "T",
                    "subject": "Hello",
                    "html": "<p>Hi</p>",
                    "list_id": make("list_id"),
                    "sender_id": make("sender_id"),
                }
                made[param] = post("/v1/campaigns", campaign)
            else:
                raise AssertionError(f"add how to make an object for {{{param}}}")
        return made[param]

    return make


# --- 5. tokens and cursors: a bad signature is a 404 page or a 400, never a 500 ----------------
# hmac.compare_digest raised TypeError on a signature with non-ASCII characters; a signed payload that
# was not the expected dict raised KeyError in the routes.

BAD_SIGNATURES = ["YQ.é", "YQ.%C3%A9", "YQ." + "é" * 100, "!!!.x", "A.B", "YQ", "."]


@pytest.mark.parametrize(("method", "template"), LIST_ROUTES, ids=[f"{m} {p}" for m, p in LIST_ROUTES])
def test_a_tampered_cursor_is_a_400_on_every_list_route(
    workspace: Caller, objects: Callable[[str], str], method: str, template: str
) -> None:
    url = PARAM.sub(lambda m: objects(m.group(1)), template)
    assert send(workspace, method, url).status == 200

    for cursor in BAD_SIGNATURES:
        reply = send(workspace, method, url, query={"cursor": cursor})
        assert (reply.status, reply.body["error"]["code"]) == (400, "invalid_cursor"), cursor


def test_a_cursor_signed_for_a_listing_but_holding_no_position_is_refused(aws: dict[str, str]) -> None:
    from functions.core import pagination
    from functions.core.errors import Invalid

    for payload in (b"[1]", b'"after"', b"null", b"[" * 5000 + b"]" * 5000, b"\xff"):
        forged = f"{signing.b64(payload)}.{signing.mac('cursor:listing', payload, 16)}"
        with pytest.raises(Invalid) as refused:
            pagination.decode("listing", forged)
        assert refused.value.code == "invalid_cursor"


PUBLIC_ROUTES = [("GET", "/t/o/"), ("GET", "/t/c/"), ("GET", "/u/"), ("POST", "/u/")]


def assert_link_not_found(reply: Reply, what: str = "") -> None:
    assert reply.status == 404, what
    assert reply.headers["Content-Type"].startswith("text/html") and "Link not found" in reply.body, what


def test_a_public_link_with_a_bad_signature_shows_the_link_not_found_page(aws: dict[str, str]) -> None:
    for method, prefix in PUBLIC_ROUTES:
        for token in [*BAD_SIGNATURES, "YQ." + "é" * 3000, "x" * 5000]:
            assert_link_not_found(send(None, method, prefix + token), f"{method} {prefix}{token[:20]}")


def test_a_genuine_token_without_the_data_its_link_needs_shows_the_link_not_found_page(
    workspace: Caller, objects: Callable[[str], str]
) -> None:
    ids = {"w": workspace.workspace_id, "k": objects("campaign_id"), "c": objects("contact_id")}
    full = {**ids, "l": objects("list_id"), "u": "https://shop.example/"}
    for method, prefix in PUBLIC_ROUTES:
        purpose, keys = {"/t/o/": ("open", "wkc"), "/t/c/": ("click", "wkcu"), "/u/": ("unsubscribe", "wcl")}[
            prefix
        ]
        missing = [{k: v for k, v in full.items() if k != key} for key in keys]  # each one missing in turn
        wrong_types = [{**full, key: value} for key in keys for value in (1, None, ["x"], {"x": 1})]
        for data in [*missing, *wrong_types, cast(Any, [1]), cast(Any, "w"), cast(Any, None)]:
            reply = send(None, method, prefix + tokens.make(purpose, data))
            assert_link_not_found(reply, f"{method} {prefix} {data}")


# --- 6. click tracking: only absolute http(s) links without whitespace or controls ---------------
# Any href was rewritten, whitespace and control characters included; a click on such a link was
# counted, then the redirect failed to set Location.

UNSAFE_LINKS = [
    "https://shop.example/a b",
    "https://shop.example/\tx",
    "https://shop.example/x\ny",
    "https:///no-host",
    "https://shop.example:99999/",
]


def outbox() -> list[Any]:
    from moto.ses.models import ses_backends

    return list(ses_backends["123456789012"]["us-east-1"].sent_messages)


def test_only_absolute_web_links_are_tracked_and_others_are_left_as_written(
    workspace: Caller, objects: Callable[[str], str], background: Background
) -> None:
    campaigns = Client(handler_for("/v1/campaigns"), workspace)
    list_id, campaign_id = objects("list_id"), objects("campaign_id")
    email = f"reader-{uuid.uuid4().hex[:8]}@example.com"
    Client(handler_for("/v1/lists"), workspace).post(f"/v1/lists/{list_id}/subscribers", {"email": email})
    links = "".join(f'<a href="{url}">x</a>' for url in UNSAFE_LINKS)
    html = f'<a href="https://shop.example/sale?a=1&amp;b=2">Sale</a>{links}'
    assert campaigns.patch(f"/v1/campaigns/{campaign_id}", {"html": html}).status == 200

    assert campaigns.post(f"/v1/campaigns/{campaign_id}/send", {}).status == 202
    background.settle()

    (message,) = [m for m in outbox() if email in m.destinations]
    body = message_from_string(message.raw_data, policy=policy.default).get_body(("html",)).get_content()
    for url in UNSAFE_LINKS:
        assert f'href="{url}"' in body
    (click,) = re.findall(r'href="https://lettercast.test(/t/c/[^"]+)"', body)
    redirect = send(None, "GET", click)
    assert redirect.status == 302
    assert redirect.headers["Location"] == "https://shop.example/sale?a=1&b=2"  # &amp; read as & is


def test_a_click_on_a_link_with_a_line_break_is_not_followed_or_counted(
    workspace: Caller, objects: Callable[[str], str]
) -> None:
    campaigns = Client(handler_for("/v1/campaigns"), workspace)
    campaign_id = objects("campaign_id")
    ids = {"w": workspace.workspace_id, "k": campaign_id, "c": objects("contact_id")}
    # What a message instrumented before the fix may carry: a genuine token for an unsafe destination.
    for url in ["https://shop.example/\r\nSet-Cookie: a=1", *UNSAFE_LINKS, "javascript:alert(1)"]:
        assert_link_not_found(send(None, "GET", "/t/c/" + tokens.make("click", {**ids, "u": url})))

    stats = campaigns.get(f"/v1/campaigns/{campaign_id}/stats").data
    assert (stats["clicked"], stats["unique_clicks"], stats["links"]) == (0, 0, [])


# --- 7. malformed request bodies: 400 or 415 before any route runs ------------------------------
# JSON nested ~1,000 deep (RecursionError), bytes that are not UTF-8, a non-JSON Content-Type and
# numbers DynamoDB cannot hold were 500s, some after part of the work was done.


def body_replies(workspace: Caller, **event: Any) -> dict[str, Reply]:
    """The answer of every route with a JSON body of the document to the same malformed request."""
    return {f"{m} {p}": send(workspace, m, any_ids(p), **event) for m, p in BODY_ROUTES}


def test_a_body_nested_too_deep_is_a_400_on_every_json_route(workspace: Caller) -> None:
    for depth in (40, 100_000):
        raw_body = '{"a":' * depth + "1" + "}" * depth
        replies = body_replies(workspace, raw_body=raw_body)

        wrong = {route: r.body for route, r in replies.items() if r.status != 400}
        assert not wrong, wrong
        assert all("nests deeper than 32 levels" in r.body["error"]["message"] for r in replies.values())


def test_a_body_that_is_not_utf8_is_a_400_on_every_json_route(workspace: Caller) -> None:
    latin1 = '{"email": "zoë@example.com", "name": "Zoë"}'.encode("latin-1")
    # API Gateway passes a body that is not UTF-8 text base64-encoded.
    replies = body_replies(workspace, body=base64.b64encode(latin1).decode(), isBase64Encoded=True)

    answers = {route: (r.status, r.body["error"]["code"]) for route, r in replies.items()}
    assert set(answers.values()) == {(400, "invalid_json")}, answers


def test_a_body_that_is_not_json_is_a_415_on_every_json_route(workspace: Caller) -> None:
    for content_type in (
        "text/plain",
        "text/csv",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        headers = {"Content-Type": content_type}
        replies = body_replies(workspace, raw_body="email=a%40example.com", headers=headers)

        wrong = {route: r.body for route, r in replies.items() if r.status != 415}
        assert not wrong, (content_type, wrong)
        assert {r.body["error"]["code"] for r in replies.values()} == {"unsupported_media_type"}


def test_json_with_a_charset_in_any_case_or_base64_encoded_is_accepted(workspace: Caller) -> None:
    contacts = Client(handler_for("/v1/contacts"), workspace)
    body = {"email": f"zoe-{uuid.uuid4().hex[:8]}@example.com", "name": "Zoë"}
    created = contacts.post("/v1/contacts", body, headers={"Content-Type": "application/json; charset=utf-8"})

    same = [contacts.post("/v1/contacts", body, headers={"Content-Type": "Application/JSON; charset=UTF-8"})]
    encoded = base64.b64encode(json.dumps(body).encode()).decode()
    same.append(send(workspace, "POST", "/v1/contacts", body=encoded, isBase64Encoded=True))

    assert created.status == 201 and created.data["name"] == "Zoë"
    assert [(r.status, r.body["data"]["id"]) for r in same] == [(200, created.data["id"])] * 2


NUMBERS_DYNAMODB_CANNOT_HOLD = {
    "huge": "1e400",
    "tiny": "1e-400",
    "below 1E-130": "1e-131",
    "39 digits": "1" * 39,
    "int with 40 zeros": "1" + "0" * 40,
    "beyond decimal": "1e99999999999999999999",
    "rounds past 9.99E+125": "9.9999999999999999999e125",
    "NaN": "NaN",
    "Infinity": "-Infinity",
}


def test_a_number_dynamodb_cannot_hold_is_a_400_naming_the_field_and_nothing_is_saved(
    workspace: Caller,
) -> None:
    contacts = Client(handler_for("/v1/contacts"), workspace)
    for what, number in NUMBERS_DYNAMODB_CANNOT_HOLD.items():
        email = f"num-{uuid.uuid4().hex[:8]}@example.com"
        raw_body = f'{{"email": "{email}", "attributes": {{"plan": "pro", "score": {number}}}}}'

        reply = contacts.post("/v1/contacts", raw_body=raw_body)

        assert reply.status == 400, (what, reply.body)
        assert reply.error["fields"][0]["field"] == "attributes.score", what
        assert reply.error["message"].startswith("attributes.score: the number"), what
        assert contacts.get(f"/v1/contacts/{email}").status == 404, what


def test_a_number_dynamodb_cannot_hold_is_a_400_on_every_json_route(workspace: Caller) -> None:
    replies = body_replies(workspace, raw_body='{"items": [0, {"n": 1e400}]}')

    wrong = {route: r.body for route, r in replies.items() if r.status != 400}
    assert not wrong, wrong
    assert {r.body["error"]["fields"][0]["field"] for r in replies.values()} == {"items.1.n"}


def test_numbers_at_the_edges_of_what_dynamodb_holds_are_stored_as_sent(workspace: Caller) -> None:
    contacts = Client(handler_for("/v1/contacts"), workspace)
    edges = {
        "smallest": 1e-130,
        "largest": 9.99e125,
        "digits": 12345678901234567890123456789012345678,
        "zero": 0,
    }
    email = f"edge-{uuid.uuid4().hex[:8]}@example.com"

    assert contacts.post("/v1/contacts", {"email": email, "attributes": edges}).status == 201
    stored = contacts.get(f"/v1/contacts/{email}").data["attributes"]
    assert {k: float(v) for k, v in stored.items()} == {k: float(v) for k, v in edges.items()}


def test_text_with_an_unpaired_surrogate_is_a_400_naming_the_field(workspace: Caller) -> None:
    contacts = Client(handler_for("/v1/contacts"), workspace)
    email = f"sur-{uuid.uuid4().hex[:8]}@example.com"

    raw_body = f'{{"email": "{email}", "attributes": {{"nick": "A\\ud800"}}}}'  # JSON allows the escape

    reply = contacts.post("/v1/contacts", raw_body=raw_body)

    assert reply.status == 400 and reply.error["fields"][0]["field"] == "attributes.nick"
    assert contacts.get(f"/v1/contacts/{email}").status == 404


# --- 8. list query parameters: filters and paging a 400, never a 500 -----------------------------
# A filter of 150 clauses overflowed the recursion limit building its condition, and gt:1e999999
# overflowed boto3's Decimal context.


@pytest.fixture
def contacts(workspace: Caller) -> Client:
    return Client(handler_for("/v1/contacts"), workspace)


def list_contacts(contacts: Client, **params: str) -> Reply:
    return contacts.get("/v1/contacts?" + urlencode(params))


def test_a_filter_with_more_than_20_clauses_is_a_400_saying_so(contacts: Client) -> None:
    assert list_contacts(contacts, filter=",".join(["status=eq:a"] * 20)).status == 200

    reply = list_contacts(contacts, filter=",".join(["status=eq:a"] * 150))

    assert (reply.status, reply.error["code"]) == (400, "invalid_filter")
    assert "150 clauses: at most 20" in reply.error["message"]


def test_comparing_with_a_number_dynamodb_cannot_hold_is_a_400_saying_so(contacts: Client) -> None:
    for value in ("1e999999", "1e-999999", "1" * 39, "-1e126"):
        for op in ("gt", "gte", "lt", "lte"):
            reply = list_contacts(contacts, filter=f"attributes.score={op}:{value}")

            assert (reply.status, reply.error["code"]) == (400, "invalid_filter"), reply.body
            assert f"attributes.score={op}: the number" in reply.error["message"]


def test_an_equality_filter_with_a_number_dynamodb_cannot_hold_matches_it_as_text(contacts: Client) -> None:
    code = f"1e999999{uuid.uuid4().hex[:6]}"  # text that begins like a number, unique to this test
    email = f"code-{uuid.uuid4().hex[:8]}@example.com"
    contacts.post("/v1/contacts", {"email": email, "attributes": {"code": "1e999999", "tag": code}})

    found = list_contacts(contacts, filter=f"attributes.code=eq:1e999999,attributes.tag=eq:{code}")
    others = list_contacts(contacts, filter=f"attributes.code=neq:1e999999,attributes.tag=eq:{code}")

    assert found.status == 200 and [c["email"] for c in found.data] == [email]
    assert others.status == 200 and others.data == []


def test_out_of_range_contact_list_parameters_are_400s(contacts: Client) -> None:
    for params in (
        {"q": "x" * 201},
        {"filter": "status=eq:" + "a" * 2000},
        {"tag": "t" * 101},
        {"sort": "email:asc"},
        {"status": "deleted"},
        {"list_id": "not-an-id"},
        {"segment_id": "../x"},
    ):
        assert list_contacts(contacts, **params).status == 400, params


def test_a_search_of_only_spaces_lists_like_no_search(contacts: Client) -> None:
    contacts.post("/v1/contacts", {"email": f"sp-{uuid.uuid4().hex[:8]}@example.com"})

    spaces = list_contacts(contacts, q="   ", limit="100")

    assert spaces.status == 200 and spaces.body == list_contacts(contacts, limit="100").body


def test_out_of_range_paging_parameters_are_400s_on_every_list_route(
    workspace: Caller, objects: Callable[[str], str]
) -> None:
    wrong = {}
    for method, template in LIST_ROUTES:
        url = PARAM.sub(lambda m: objects(m.group(1)), template)
        for limit in ("0", "101", "1" * 40, "1e3", "abc", "-1"):
            reply = send(workspace, method, f"{url}?limit={limit}")
            if reply.status != 400:
                wrong[f"{method} {template}?limit={limit}"] = reply.body
    assert not wrong, wrong
