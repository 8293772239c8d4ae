"""Hostile input through the real handlers: what an attacker or a broken client sends is a 4xx, never a
500, a stack trace or a half-done write.

Sections follow the findings of issue 11 by number (1-8). Routes
come from the merged OpenAPI document where a defect could live on many of them (every list route, every
route with a JSON body), so a route added later is covered without anyone listing it. Each test works on
objects it makes in its own workspace and never relies on a table being empty.
"""

from __future__ import annotations

import base64
import json
import re
import time
import uuid
from collections.abc import Callable
from email import message_from_bytes, message_from_string, policy
from typing import Any, cast
from urllib.parse import urlencode

import pytest

from functions.account import service as accounts
from functions.account.handler import handler as account_handler
from functions.account.models import ApiKeyCreate
from functions.campaigns.handler import handler as campaigns_handler
from functions.compose.handler import handler as compose_handler
from functions.core import aws, signing, tokens
from functions.core.auth import Caller
from functions.core.ids import new_id
from functions.docs import openapi
from functions.lists.handler import handler as lists_handler
from functions.senders.handler import handler as senders_handler
from functions.templates.handler import handler as templates_handler
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
# The routes whose body is JSON alone (not the public pages' forms, nor the imports that take a CSV too).
BODY_ROUTES = operations(
    lambda _method, op: set(op.get("requestBody", {}).get("content", ())) == {"application/json"}
)


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
            elif param == "webhook_id":  # a literal public address: saving it needs no DNS lookup
                made[param] = post("/v1/webhooks", {"url": "https://93.184.215.14/hook", "topics": ["*"]})
            elif param == "automation_id":
                step = {"type": "send", "sender_id": make("sender_id"), "subject": "Hi", "html": "<p>Hi</p>"}
                automation = {"name": "A", "trigger": {"type": "contact_created"}, "steps": [step]}
                made[param] = post("/v1/automations", automation)
            elif param == "form_id":
                made[param] = post("/v1/forms", {"name": "F", "list_id": make("list_id")})
            elif param == "page_id":
                made[param] = post("/v1/pages", {"slug": f"p-{suffix}", "title": "P", "html": "<p>Hi</p>"})
            else:
                raise AssertionError(f"add how to make an object for {{{param}}}")
        return made[param]

    return make


def key_with(workspace: Caller, *scopes: str) -> Caller:
    created = accounts.create_key(workspace, ApiKeyCreate(name="limited", scopes=list(scopes)))
    caller = accounts.authenticate(created.key or "")
    assert caller is not None
    return caller


# --- 1. idempotent replays --------------------------------------------------------------------


def test_a_replay_by_another_key_of_the_workspace_never_returns_the_first_keys_secret(
    workspace: Caller,
) -> None:
    body = {"name": "root", "scopes": ["*"]}
    admin = Client(account_handler, workspace)
    first = admin.post("/v1/api-keys", body, headers={"Idempotency-Key": "escalate"})
    assert first.status == 201 and first.data["key"].startswith("lc_")
    lesser = admin.as_(key_with(workspace, "account"))
    replay = lesser.post("/v1/api-keys", body, headers={"Idempotency-Key": "escalate"})
    assert replay.status == 403  # its own request, judged on its own scopes: it cannot grant `*`
    assert first.data["key"] not in json.dumps(replay.body)


def test_a_replay_returns_the_key_without_its_secret_and_says_so(workspace: Caller) -> None:
    api = Client(account_handler, workspace)
    body = {"name": "ci", "scopes": ["lists"]}
    first = api.post("/v1/api-keys", body, headers={"Idempotency-Key": "ci-key"})
    replay = api.post("/v1/api-keys", body, headers={"Idempotency-Key": "ci-key"})
    assert replay.status == 201 and replay.data["id"] == first.data["id"]
    assert replay.data["key"] is None
    assert replay.headers["Lettercast-Secret-Omitted"] == "data.key"
    assert replay.headers["Idempotent-Replayed"] == "true"


def test_no_secret_is_ever_stored_in_an_idempotency_record(workspace: Caller) -> None:
    api = Client(account_handler, workspace)
    key = api.post("/v1/api-keys", {"name": "k", "scopes": ["lists"]}, headers={"Idempotency-Key": "k1"})
    space = api.post(
        "/v1/workspaces", {"name": "W", "email": "w@example.com"}, headers={"Idempotency-Key": "w1"}
    )
    secrets = [key.data["key"], space.data["key"]["key"]]
    stored = json.dumps(aws.table("idempotency").scan()["Items"], default=str)
    assert all(s.startswith("lc_") and s not in stored for s in secrets)
    assert "X-Lettercast-Shown-Once" not in key.headers  # the marker never leaves the function


def test_an_idempotency_key_reused_on_another_group_is_409(
    workspace: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each group is its own Lambda: its name differs, and the records must still be shared.
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "lettercast-account")
    Client(account_handler, workspace).post(
        "/v1/api-keys", {"name": "a", "scopes": ["lists"]}, headers={"Idempotency-Key": "one-key"}
    )
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "lettercast-lists")
    reply = Client(lists_handler, workspace).post(
        "/v1/lists",
        {"name": "N", "from_name": "A", "from_email": "a@example.com"},
        headers={"Idempotency-Key": "one-key"},
    )
    assert reply.status == 409 and reply.error["code"] == "idempotency_key_reused"


# --- 2. template bombs --------------------------------------------------------------------------

BOMBS = {
    "power tower": "{{ 9**(9**9) }}",
    "power then modulo": "{{ (7**4000000) % 10 }}",
    "repeated string": "{{ 'x' * 20000000 }}",
    "padding filter": "{{ 'x'|center(1000000000) }}",
    "padding method": "{{ 'x'.ljust(1000000000) }}",
    "format width": "{{ '%0999999999d' % 1 }}",
    "doubling concatenation": (
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
    ),
    "amplifying replace": "{{ ('x' * 900000).replace('x', 'yyyyyyyy') }}",
    "output flood": "{% for i in range(99999) %}{{ 'abcdefghijklmnopqrstuvwxyz' }}{% endfor %}",
}
BUSY = {
    "nested loops": "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    "exponential macro": (
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}"
    ),
}


@pytest.mark.parametrize("html", BOMBS.values(), ids=BOMBS.keys())
def test_a_template_bomb_is_refused_quickly_as_too_large(workspace: Caller, html: str) -> None:
    api = Client(templates_handler, workspace)
    started = time.monotonic()
    created = api.post("/v1/templates", {"name": "B", "subject": "S", "html": html})  # tried once
    assert created.status == 400 and created.error["code"] == "template_too_large"
    assert created.error["message"].startswith("html")  # the part it is in
    assert time.monotonic() - started < 30  # generous: this guards "never finishes", not speed


@pytest.mark.parametrize("html", BUSY.values(), ids=BUSY.keys())
def test_a_template_that_works_without_end_is_refused_as_too_complex(workspace: Caller, html: str) -> None:
    api = Client(templates_handler, workspace)
    reply = api.post("/v1/templates", {"name": "B", "subject": "S", "html": html})
    assert reply.status == 400 and reply.error["code"] == "template_too_complex"
    assert reply.error["fields"][0]["line"] == 1


def test_an_ordinary_template_with_loops_and_arithmetic_still_renders(workspace: Caller) -> None:
    api = Client(templates_handler, workspace)
    html = (
        "<ul>{% for i in range(1, 4) %}<li>{{ i ~ '/' ~ (i * 2) ~ '/' ~ (2 ** i) }}</li>{% endfor %}</ul>"
        "{{ first_name | default('there') | center(9) }}"
    )
    template = api.post("/v1/templates", {"name": "T", "subject": "S", "html": html}).data
    reply = api.post(f"/v1/templates/{template['id']}/render", {})
    assert reply.status == 200
    assert "<li>1/2/2</li><li>2/4/4</li><li>3/6/8</li>" in reply.data["html"]
    assert "  there  " in reply.data["html"]


# --- 3. template errors -------------------------------------------------------------------------

ERRORS = {
    "undefined attribute": ("<p>ok</p>\n{{ order.total.amount }}", 2),
    "unsafe attribute": ("{{ ''.__class__.__mro__[1].__subclasses__() }}", 1),
    "include": ("{% include 'secrets.html' %}", 1),
    "division by zero": ("line one\nline two\n{{ 1 / 0 }}", 3),
    "integer literal over 4300 digits": ("{{ " + "9" * 5000 + " }}", None),
    "recursion": ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", 1),
}


@pytest.mark.parametrize(("html", "line"), ERRORS.values(), ids=ERRORS.keys())
def test_a_template_error_is_a_400_naming_the_line(workspace: Caller, html: str, line: int | None) -> None:
    api = Client(templates_handler, workspace)
    created = api.post("/v1/templates", {"name": "E", "subject": "S", "html": html})
    if created.status == 201:
        created = api.post(f"/v1/templates/{created.data['id']}/render", {"variables": {"order": {}}})
    assert created.status == 400
    assert created.error["code"] == "template_error"
    assert "Traceback" not in created.error["message"]
    if line:
        assert created.error["message"].startswith(f"html: line {line}:")
        assert created.error["fields"][0]["line"] == line


def test_a_variable_or_attribute_called_self_renders(workspace: Caller) -> None:
    api = Client(templates_handler, workspace)
    template = api.post("/v1/templates", {"name": "T", "subject": "Hi {{ name }}", "html": "<p>x</p>"}).data
    reply = api.post(f"/v1/templates/{template['id']}/render", {"variables": {"self": "me", "name": "Ann"}})
    assert reply.status == 200 and reply.data["subject"] == "Hi Ann"


def sent_to(address: str) -> list:
    from moto.ses.models import ses_backends

    return [m for m in ses_backends["123456789012"]["us-east-1"].sent_messages if address in m.destinations]


@pytest.fixture
def audience(workspace: Caller) -> dict:
    """A list of three subscribers, one of whose attributes breaks the template or the subject."""
    senders = Client(senders_handler, workspace)
    domain = f"d{workspace.workspace_id[-12:]}.example"
    senders.post("/v1/domains", {"domain": domain})
    sender = senders.post(
        "/v1/senders", {"name": "S", "from_name": "Acme", "from_email": f"news@{domain}"}
    ).data
    lists = Client(lists_handler, workspace)
    list_id = lists.post("/v1/lists", {"name": "N", "from_name": "A", "from_email": f"news@{domain}"}).data[
        "id"
    ]
    tag = workspace.workspace_id[-12:]
    people = {
        "good1": {"plan": "pro", "nick": "Ann"},
        "bad": {"plan": 42, "nick": "Bob\r\nBcc: victim@example.com"},
        "good2": {"plan": "team", "nick": "Cy"},
    }
    emails = {}
    for who, attributes in people.items():
        emails[who] = f"{who}-{tag}@example.com"
        reply = lists.post(
            f"/v1/lists/{list_id}/subscribers", {"email": emails[who], "attributes": attributes}
        )
        assert reply.status == 201, reply.body
    return {"sender": sender, "list_id": list_id, "emails": emails}


@pytest.mark.parametrize(
    ("subject", "html", "reason"),
    [
        # A number has no upper(): calling it is an error for that contact only.
        ("News", "<p>{{ plan.upper() }}</p>", "template_error"),
        ("News for {{ nick }}", "<p>Hello</p>", "header_control_characters"),
    ],
    ids=["render fails", "subject gets a line break"],
)
def test_one_recipient_that_cannot_be_rendered_fails_alone(
    workspace: Caller, audience: dict, background: Background, subject: str, html: str, reason: str
) -> None:
    api = Client(campaigns_handler, workspace)
    body = {
        "title": "T",
        "subject": subject,
        "html": html,
        "list_id": audience["list_id"],
        "sender_id": audience["sender"]["id"],
    }
    campaign = api.post("/v1/campaigns", body).data
    assert api.post(f"/v1/campaigns/{campaign['id']}/send", {}).status == 202
    background.settle()
    assert api.get(f"/v1/campaigns/{campaign['id']}").data["status"] == "sent"
    rows = {r["email"]: r for r in api.get(f"/v1/campaigns/{campaign['id']}/recipients?limit=100").data}
    emails = audience["emails"]
    assert rows[emails["bad"]]["state"] == "failed" and rows[emails["bad"]]["reason"] == reason
    assert rows[emails["bad"]]["error"]
    assert all(rows[emails[w]]["state"] in ("sent", "delivered") for w in ("good1", "good2"))
    assert len(sent_to(emails["good1"])) == len(sent_to(emails["good2"])) == 1
    assert sent_to(emails["bad"]) == []
    assert sent_to("victim@example.com") == []
    stats = api.get(f"/v1/campaigns/{campaign['id']}/stats").data
    assert stats["failed"] == 1 and stats["sent"] == 2


# --- 4. control characters in header text --------------------------------------------------------

CONTROLS = ["\r\nBcc: x@example.com", "\n", "\x00", "\x1b[31m", "\x7f", "\u0085", "\u2028", "\u2029", "\t"]


@pytest.mark.parametrize("bad", CONTROLS, ids=[repr(c) for c in CONTROLS])
@pytest.mark.parametrize(
    ("handler", "path", "body", "field"),
    [
        (templates_handler, "/v1/templates", {"name": "T", "html": "<p>x</p>"}, "subject"),
        (
            templates_handler,
            "/v1/templates",
            {"name": "T", "subject": "S", "html": "<p>x</p>"},
            "preview_text",
        ),
        (senders_handler, "/v1/senders", {"name": "S", "from_email": "a@example.com"}, "from_name"),
        (lists_handler, "/v1/lists", {"name": "L", "from_email": "a@example.com"}, "from_name"),
        (
            compose_handler,
            "/v1/compose",
            {"account_key": "acc_x", "body": "<p>x</p>", "recipients": {"emails": ["a@b.co"]}},
            "subject",
        ),
    ],
    ids=["template subject", "template preview", "sender name", "list sender name", "compose subject"],
)
def test_a_line_break_or_control_character_in_header_text_is_a_400_naming_the_field(
    workspace: Caller, handler: object, path: str, body: dict, field: str, bad: str
) -> None:
    reply = Client(handler, workspace).post(path, {**body, field: f"Hello{bad}there"})
    assert reply.status == 400
    assert reply.error["fields"][0]["field"] == field


def test_campaign_subject_and_preview_refuse_control_characters(workspace: Caller, audience: dict) -> None:
    api = Client(campaigns_handler, workspace)
    base = {
        "title": "T",
        "html": "<p>x</p>",
        "list_id": audience["list_id"],
        "sender_id": audience["sender"]["id"],
    }
    for field, extra in (("subject", {}), ("preview_text", {"subject": "S"})):
        reply = api.post("/v1/campaigns", {**base, **extra, field: "a\r\nb"})
        assert reply.status == 400 and reply.error["fields"][0]["field"] == field


def test_a_test_send_whose_subject_gets_a_line_break_sends_nothing(workspace: Caller, audience: dict) -> None:
    api = Client(campaigns_handler, workspace)
    campaign = api.post(
        "/v1/campaigns",
        {
            "title": "T",
            "subject": "For {{ nick }}",
            "html": "<p>x</p>",
            "list_id": audience["list_id"],
            "sender_id": audience["sender"]["id"],
        },
    ).data
    emails = audience["emails"]
    reply = api.post(f"/v1/campaigns/{campaign['id']}/test", {"emails": [emails["good1"], emails["bad"]]})
    assert reply.status == 400 and reply.error["code"] == "header_control_characters"
    assert sent_to(emails["good1"]) == [] and sent_to(emails["bad"]) == []


def test_compose_fails_only_the_recipient_whose_subject_gets_a_line_break(
    workspace: Caller, audience: dict
) -> None:
    emails = audience["emails"]
    reply = Client(compose_handler, workspace).post(
        "/v1/compose",
        {
            "account_key": audience["sender"]["account_key"],
            "subject": "For {{ nick }}",
            "body": "<p>x</p>",
            "recipients": {"emails": [emails["good1"], emails["bad"]]},
        },
    )
    assert reply.status == 200, reply.body
    assert reply.body["sent"] == 1
    assert reply.body["failed"] == [{"email": emails["bad"], "error": "header_control_characters"}]
    (message,) = sent_to(emails["good1"])
    parsed = message_from_bytes(message.raw_data.encode(), policy=policy.default)
    assert parsed["Subject"] == "For Ann"


def test_a_campaign_whose_content_is_a_bomb_is_refused_at_create(workspace: Caller, audience: dict) -> None:
    api = Client(campaigns_handler, workspace)
    body = {"title": "T", "list_id": audience["list_id"], "sender_id": audience["sender"]["id"]}
    for subject, html in (("S", BOMBS["power tower"]), (BOMBS["repeated string"], "<p>x</p>")):
        reply = api.post("/v1/campaigns", {**body, "subject": subject, "html": html})
        assert reply.status == 400 and reply.error["code"] == "template_too_large"


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
