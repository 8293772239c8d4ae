"""The foundation as a new user meets it: keys, scopes, errors, isolation, docs, and a restart."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import LocalStack

pytestmark = pytest.mark.e2e


def test_the_seeded_admin_key_reads_the_account(local_stack: LocalStack) -> None:
    reply = local_stack.call("GET", "/v1/account")
    assert reply.status_code == 200
    assert reply.json()["data"]["usage"]["contacts"] == 0


def test_missing_or_wrong_keys_get_401_with_the_envelope(local_stack: LocalStack) -> None:
    for headers in ({}, {"Authorization": "Bearer lc_" + "x" * 43}, {"Authorization": "Basic abc"}):
        reply = local_stack.call("GET", "/v1/account", key=False, headers=headers)
        assert reply.status_code == 401
        assert reply.json()["error"]["code"] == "unauthorized"


def test_a_limited_key_works_within_its_scopes_until_revoked(local_stack: LocalStack) -> None:
    created = local_stack.call("POST", "/v1/api-keys", json={"name": "reader", "scopes": ["contacts:read"]})
    assert created.status_code == 201
    key = created.json()["data"]["key"]
    key_id = created.json()["data"]["id"]

    assert local_stack.call("GET", "/v1/contacts", key=key).status_code == 200
    refused = local_stack.call("POST", "/v1/contacts", key=key, json={"email": "a@example.com"})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "missing_scope"
    assert local_stack.call("GET", "/v1/account", key=key).status_code == 403

    assert local_stack.call("DELETE", f"/v1/api-keys/{key_id}").json() == {"ok": True}
    assert local_stack.call("GET", "/v1/contacts", key=key).status_code == 401


def test_another_workspace_cannot_see_this_workspaces_keys(
    local_stack: LocalStack, new_workspace: str
) -> None:
    mine = local_stack.call("POST", "/v1/api-keys", json={"name": "mine", "scopes": ["*"]}).json()["data"]
    theirs = local_stack.call("DELETE", f"/v1/api-keys/{mine['id']}", key=new_workspace)
    assert theirs.status_code == 404
    listed = local_stack.call("GET", "/v1/api-keys?limit=100", key=new_workspace).json()["data"]
    assert mine["id"] not in {k["id"] for k in listed}
    assert (
        local_stack.call(
            "POST", "/v1/workspaces", key=new_workspace, json={"name": "x", "email": "x@example.com"}
        ).status_code
        == 403
    )


def test_bad_input_gets_a_clear_4xx(local_stack: LocalStack) -> None:
    broken = local_stack.call(
        "POST", "/v1/contacts", data="{not json", headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 400
    assert broken.json()["error"]["code"] == "invalid_json"
    unknown = local_stack.call("POST", "/v1/api-keys", json={"name": "k", "scopes": ["*"], "colour": "red"})
    assert unknown.status_code == 400
    assert unknown.json()["error"]["fields"][0]["field"] == "colour"
    huge = local_stack.call("PATCH", "/v1/account", json={"company": "x" * 2_000_000})
    assert huge.status_code == 413
    assert huge.json()["error"]["code"] == "payload_too_large"
    assert local_stack.call("GET", "/v1/nowhere").status_code == 404
    for reply in (broken, unknown, huge):
        assert "Traceback" not in reply.text


def test_the_openapi_document_and_swagger_ui_are_served(local_stack: LocalStack) -> None:
    document = local_stack.call("GET", "/v1/openapi.json", key=False).json()
    assert "/v1/contacts" in document["paths"]
    assert "/v1/api-keys" in document["paths"]
    page = local_stack.call("GET", "/docs", key=False)
    assert page.status_code == 200 and "swagger-ui-bundle.min.js" in page.text
    assert "script-src" not in page.headers["Content-Security-Policy"]  # 'self' only: no inline script
    start = local_stack.call("GET", "/docs/start.js", key=False)
    assert "SwaggerUIBundle" in start.text and "../v1/openapi.json" in start.text
    assert local_stack.call("GET", "/docs/swagger-ui-bundle.min.js", key=False).status_code == 200
    assert local_stack.call("GET", "/docs/nothing.js", key=False).status_code == 404


def test_data_and_keys_survive_a_restart(tmp_path) -> None:
    stack = LocalStack(tmp_path / "state")
    stack.start()
    try:
        assert stack.call("PATCH", "/v1/account", json={"company": "Acme"}).status_code == 200
        key = stack.call("POST", "/v1/api-keys", json={"name": "kept", "scopes": ["contacts"]}).json()["data"]
        assert (
            stack.call("POST", "/v1/contacts", key=key["key"], json={"email": "kept@example.com"}).status_code
            == 201
        )
    finally:
        assert stack.stop() == 0

    stack.start()
    try:
        assert stack.call("GET", "/v1/account").json()["data"]["company"] == "Acme"
        assert stack.call("GET", "/v1/contacts/kept@example.com", key=key["key"]).status_code == 200
        names = {k["name"] for k in stack.call("GET", "/v1/api-keys?limit=100").json()["data"]}
        assert "kept" in names
    finally:
        assert stack.stop() == 0
