"""Templates, senders and domains: CRUD, rendering, verification rules, isolation."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from functions.contacts.handler import handler as contacts_handler
from functions.core.auth import Caller
from functions.core.settings import settings
from functions.senders.handler import handler as senders_handler
from functions.templates.handler import handler as templates_handler
from tests.integration.conftest import Client

TEMPLATE = {
    "name": "Welcome",
    "subject": "Hi {{ first_name }}",
    "html": "<h1>Hello {{ first_name }}</h1><p>{{ plan }}</p>",
}


@pytest.fixture
def templates(workspace: Caller) -> Client:
    return Client(templates_handler, workspace)


@pytest.fixture
def senders(workspace: Caller) -> Client:
    return Client(senders_handler, workspace)


@pytest.fixture
def domain() -> str:
    """A domain no other test uses (the topology may outlive this test)."""
    return f"d{uuid.uuid4().hex[:12]}.example"


@pytest.fixture
def proof_assumed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Domains proven once added, as in the local runtime (proof through DNS: test_domain_ownership.py)."""
    monkeypatch.setenv("LETTERCAST_DOMAIN_PROOF", "assume")
    settings.cache_clear()
    yield
    monkeypatch.undo()
    settings.cache_clear()


def test_a_template_is_created_listed_changed_and_deleted(templates: Client) -> None:
    created = templates.post("/v1/templates", TEMPLATE)
    assert created.status == 201
    assert created.data["variables"] == ["first_name", "plan"]
    template_id = created.data["id"]
    assert template_id in {t["id"] for t in templates.get("/v1/templates").data}
    changed = templates.patch(f"/v1/templates/{template_id}", {"subject": "Welcome {{ first_name }}"})
    assert changed.data["subject"] == "Welcome {{ first_name }}"
    assert templates.patch(f"/v1/templates/{template_id}", {"html": None}).status == 400
    assert templates.delete(f"/v1/templates/{template_id}").body == {"ok": True}
    assert templates.get(f"/v1/templates/{template_id}").status == 404


def test_a_template_that_does_not_parse_is_refused_with_its_line(templates: Client) -> None:
    reply = templates.post("/v1/templates", {**TEMPLATE, "html": "<p>ok</p>\n<p>{% if x %}never closed</p>"})
    assert reply.status == 400
    assert reply.error["code"] == "template_syntax_error"
    assert reply.error["fields"][0]["field"] == "html" and reply.error["fields"][0]["line"] == 2
    assert templates.get("/v1/templates").data == []


def test_render_with_variables_and_a_contact(templates: Client, workspace: Caller) -> None:
    contact = (
        Client(contacts_handler, workspace)
        .post(
            "/v1/contacts", {"email": "ann@example.com", "first_name": "Ann", "attributes": {"Plan": "pro"}}
        )
        .data
    )
    template_id = templates.post("/v1/templates", TEMPLATE).data["id"]
    rendered = templates.post(f"/v1/templates/{template_id}/render", {"contact_id": contact["id"]})
    assert rendered.data == {
        "subject": "Hi Ann",
        "html": "<h1>Hello Ann</h1><p>pro</p>",
        "text": "Hello Ann\n\npro",
    }
    escaped = templates.post(
        f"/v1/templates/{template_id}/render", {"variables": {"First Name": "<b>A</b>", "plan": "x"}}
    )
    assert escaped.data["html"] == "<h1>Hello &lt;b&gt;A&lt;/b&gt;</h1><p>x</p>"
    missing = templates.post(f"/v1/templates/{template_id}/render", {})
    assert missing.status == 400
    assert missing.error["missing_variables"] == ["first_name", "plan"]
    unknown = templates.post(f"/v1/templates/{template_id}/render", {"contact_id": "nobody@example.com"})
    assert unknown.status == 404


def test_html_over_the_limit_is_refused(templates: Client) -> None:
    reply = templates.post("/v1/templates", {**TEMPLATE, "html": "x" * (512 * 1024 + 1)})
    assert reply.status in (400, 413)


def test_a_domain_returns_the_dns_records_and_its_status(
    proof_assumed: None, senders: Client, domain: str
) -> None:
    created = senders.post("/v1/domains", {"domain": f"mail.{domain}"})
    assert created.status == 201
    purposes = {r["purpose"] for r in created.data["dns_records"]}
    assert {"ownership", "spf", "dmarc"} <= purposes
    spf = next(r for r in created.data["dns_records"] if r["purpose"] == "spf")
    assert spf == {
        "type": "TXT",
        "name": f"mail.{domain}",
        "value": "v=spf1 include:amazonses.com ~all",
        "purpose": "spf",
    }
    domain_id = created.data["id"]
    assert senders.get(f"/v1/domains/{domain_id}").data["status"] in ("pending", "verified")
    assert [d["domain"] for d in senders.get("/v1/domains").data] == [f"mail.{domain}"]
    assert senders.post("/v1/domains", {"domain": "Not A Domain"}).status == 400
    assert senders.delete(f"/v1/domains/{domain_id}").body == {"ok": True}
    assert senders.get(f"/v1/domains/{domain_id}").status == 404


def test_a_proven_domain_belongs_to_one_workspace(
    proof_assumed: None, senders: Client, other_workspace: Caller, domain: str
) -> None:
    senders.post("/v1/domains", {"domain": domain})
    theirs = senders.as_(other_workspace).post("/v1/domains", {"domain": domain})
    assert theirs.status == 409
    sender = senders.as_(other_workspace).post(
        "/v1/senders", {"name": "x", "from_name": "X", "from_email": f"ceo@{domain}"}
    )
    assert sender.status == 409
    assert sender.error["code"] == "identity_taken"


def test_a_sender_has_an_account_key_and_can_be_changed_and_deleted(
    proof_assumed: None, senders: Client, domain: str
) -> None:
    senders.post("/v1/domains", {"domain": domain})
    created = senders.post(
        "/v1/senders",
        {"name": "News", "from_name": "Acme", "from_email": f"news@{domain}", "daily_limit": 100},
    )
    assert created.status == 201
    sender = created.data
    assert sender["account_key"].startswith("acc_") and sender["verified"] is True
    changed = senders.patch(f"/v1/senders/{sender['id']}", {"daily_limit": 5, "reply_to": f"help@{domain}"})
    assert (changed.data["daily_limit"], changed.data["reply_to"]) == (5, f"help@{domain}")
    assert senders.patch(f"/v1/senders/{sender['id']}", {"from_email": "x@y.com"}).status == 400
    assert senders.get("/v1/senders").data[0]["id"] == sender["id"]
    assert senders.delete(f"/v1/senders/{sender['id']}").body == {"ok": True}
    assert senders.get(f"/v1/senders/{sender['id']}").status == 404


def test_another_workspace_cannot_reach_templates_or_senders(
    templates: Client, senders: Client, other_workspace: Caller
) -> None:
    template_id = templates.post("/v1/templates", TEMPLATE).data["id"]
    sender_id = senders.post(
        "/v1/senders", {"name": "n", "from_name": "N", "from_email": f"me@{uuid.uuid4().hex[:12]}.example"}
    ).data["id"]
    assert templates.as_(other_workspace).get(f"/v1/templates/{template_id}").status == 404
    assert templates.as_(other_workspace).post(f"/v1/templates/{template_id}/render", {}).status == 404
    assert senders.as_(other_workspace).get(f"/v1/senders/{sender_id}").status == 404
    assert senders.as_(other_workspace).get("/v1/senders").data == []
