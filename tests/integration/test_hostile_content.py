"""Hostile content through the handlers: idempotent replays (finding 1), template bombs (2), template
errors (3) and control characters in header text (4). Each test failed before its fix."""

from __future__ import annotations

import json
import time
from email import message_from_bytes, policy

import pytest

from functions.account import service as accounts
from functions.account.handler import handler as account_handler
from functions.account.models import ApiKeyCreate
from functions.campaigns.handler import handler as campaigns_handler
from functions.compose.handler import handler as compose_handler
from functions.core import aws
from functions.core.auth import Caller
from functions.lists.handler import handler as lists_handler
from functions.senders.handler import handler as senders_handler
from functions.templates.handler import handler as templates_handler
from tests.integration.conftest import Background, Client


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
