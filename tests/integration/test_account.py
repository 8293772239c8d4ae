"""The account group as an API client meets it: profile, keys, workspaces, errors, idempotency, isolation."""

from __future__ import annotations

import json

import pytest

from functions.account import service
from functions.account.authorizer import handler as authorizer
from functions.account.bootstrap import handler as bootstrap
from functions.account.handler import handler
from functions.core import aws
from functions.core.auth import Caller
from functions.docs.handler import handler as docs
from functions.docs.openapi import ROUTERS
from infra.topology import TOPOLOGY
from tests.builders import LambdaContext, rest_event
from tests.integration.conftest import Client, forget_operator_workspace


@pytest.fixture
def api(workspace: Caller) -> Client:
    return Client(handler, workspace)


def authorizer_event(authorization: str | None) -> dict:
    headers = {"Authorization": authorization} if authorization is not None else {}
    return {
        "type": "REQUEST",
        "methodArn": "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/v1/account",
        "resource": "/v1/account",
        "path": "/v1/account",
        "httpMethod": "GET",
        "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": None,
        "pathParameters": None,
        "stageVariables": None,
        "requestContext": {"accountId": "123456789012", "apiId": "abc123", "stage": "prod", "requestId": "r"},
    }


# --- profile ---------------------------------------------------------------------------------


def test_the_account_shows_the_profile_and_usage(api: Client) -> None:
    reply = api.get("/v1/account")
    assert reply.status == 200
    assert reply.data["name"] == "Operator"
    assert reply.data["usage"] == {"contacts": 0, "sends_today": 0, "daily_limit": 50_000}


def test_patch_changes_only_what_is_sent(api: Client) -> None:
    reply = api.patch("/v1/account", {"company": "Acme", "timezone": "Europe/Paris", "country": "FR"})
    assert reply.status == 200
    assert (reply.data["company"], reply.data["timezone"], reply.data["name"]) == (
        "Acme",
        "Europe/Paris",
        "Operator",
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"country": "France"}, "country"),
        ({"email": "not-an-email"}, "email"),
        ({"colour": "red"}, "colour"),
        ({"name": ""}, "name"),
    ],
)
def test_a_bad_patch_is_400_naming_the_field_and_changes_nothing(api: Client, body: dict, field: str) -> None:
    before = api.get("/v1/account").data
    reply = api.patch("/v1/account", body)
    assert reply.status == 400
    assert reply.error["fields"][0]["field"] == field
    assert api.get("/v1/account").data == before


# --- keys ------------------------------------------------------------------------------------


def test_a_key_is_shown_once_and_stored_only_as_a_hash(api: Client) -> None:
    created = api.post("/v1/api-keys", {"name": "ci", "scopes": ["contacts:read"]})
    assert created.status == 201
    raw = created.data["key"]
    assert raw.startswith("lc_") and created.data["prefix"] == raw[:10]
    listed = api.get("/v1/api-keys").data
    assert all("key" not in k for k in listed)
    assert created.data["id"] in {k["id"] for k in listed}
    stored = json.dumps(aws.table("accounts").scan()["Items"], default=str)
    assert raw not in stored
    assert service.hash_key(raw) in stored


def test_keys_page_newest_first_each_once(api: Client) -> None:
    made = [api.post("/v1/api-keys", {"name": f"k{i}", "scopes": ["lists"]}).data["id"] for i in range(12)]
    seen, cursor = [], None
    while True:
        reply = api.get("/v1/api-keys?limit=5" + (f"&cursor={cursor}" if cursor else ""))
        seen += [k["id"] for k in reply.data]
        cursor = reply.body["next_cursor"]
        if not cursor:
            break
    ours = [k for k in seen if k in made]
    assert ours == list(reversed(made))
    assert len(seen) == len(set(seen)) == 13  # and the operator's own key


def test_a_revoked_key_no_longer_authenticates(api: Client) -> None:
    created = api.post("/v1/api-keys", {"name": "temp", "scopes": ["*"]}).data
    assert service.authenticate(created["key"]) is not None
    assert api.delete(f"/v1/api-keys/{created['id']}").body == {"ok": True}
    assert service.authenticate(created["key"]) is None
    assert api.delete(f"/v1/api-keys/{created['id']}").status == 404


def test_a_key_cannot_revoke_itself(api: Client) -> None:
    reply = api.delete(f"/v1/api-keys/{api.caller.key_id}")
    assert reply.status == 409
    assert reply.error["code"] == "cannot_revoke_own_key"


def test_a_key_cannot_grant_more_than_it_holds(api: Client, other_workspace: Caller) -> None:
    limited = service.authenticate(
        api.post("/v1/api-keys", {"name": "acct", "scopes": ["account"]}).data["key"]
    )
    refused = api.as_(limited).post("/v1/api-keys", {"name": "x", "scopes": ["*"]})
    assert refused.status == 403
    assert refused.error["code"] == "scope_not_grantable"
    admin = api.as_(other_workspace).post("/v1/api-keys", {"name": "x", "scopes": ["admin"]})
    assert admin.status == 403


def test_unknown_scopes_are_400(api: Client) -> None:
    reply = api.post("/v1/api-keys", {"name": "x", "scopes": ["contacts", "everything"]})
    assert reply.status == 400
    assert reply.error["fields"][0]["field"] == "scopes"


# --- workspaces ------------------------------------------------------------------------------


def test_the_operator_creates_a_workspace_whose_key_cannot_administer(api: Client) -> None:
    created = api.post("/v1/workspaces", {"name": "Customer", "email": "owner@customer.example"})
    assert created.status == 201
    new_key = created.data["key"]["key"]
    caller = service.authenticate(new_key)
    assert caller is not None and caller.workspace_id == created.data["workspace"]["id"]
    assert created.data["key"]["scopes"] == ["*"]
    again = api.as_(caller).post("/v1/workspaces", {"name": "Nested", "email": "n@example.com"})
    assert again.status == 403


def test_only_admin_keys_create_workspaces(api: Client) -> None:
    limited = service.authenticate(
        api.post("/v1/api-keys", {"name": "acct", "scopes": ["account"]}).data["key"]
    )
    reply = api.as_(limited).post("/v1/workspaces", {"name": "x", "email": "x@example.com"})
    assert reply.status == 403
    assert reply.error == {
        "code": "missing_scope",
        "message": "This API key lacks the 'admin' scope",
        "scope": "admin",
    }


def test_workspaces_never_see_each_others_keys(api: Client, other_workspace: Caller) -> None:
    other = api.as_(other_workspace)
    assert api.caller.key_id not in {k["id"] for k in other.get("/v1/api-keys").data}
    assert other.delete(f"/v1/api-keys/{api.caller.key_id}").status == 404
    assert api.get("/v1/account").status == 200  # and the first workspace's key still works


# --- errors across the board -----------------------------------------------------------------


def test_errors_are_the_envelope_and_never_a_trace(api: Client) -> None:
    cases = [
        (api.call("POST", "/v1/api-keys", raw_body="{broken"), 400, "invalid_json"),
        (api.post("/v1/api-keys", {"name": 5, "scopes": "all"}), 400, "validation_failed"),
        (
            api.call("PATCH", "/v1/account", raw_body=json.dumps({"company": "x" * 1_100_000})),
            413,
            "payload_too_large",
        ),
        (api.as_(None).get("/v1/account"), 401, "unauthorized"),
        (api.get("/v1/nowhere"), 404, "route_not_found"),
        (api.get("/v1/api-keys?limit=500"), 400, "validation_failed"),
        (api.get("/v1/api-keys?cursor=forged.cursor"), 400, "invalid_cursor"),
    ]
    for reply, status, code in cases:
        assert reply.status == status, reply.body
        assert set(reply.body) == {"error"}
        assert reply.error["code"] == code
        assert "Traceback" not in json.dumps(reply.body)


def test_a_key_without_the_scope_is_403(api: Client) -> None:
    reader = service.authenticate(
        api.post("/v1/api-keys", {"name": "r", "scopes": ["contacts:read"]}).data["key"]
    )
    reply = api.as_(reader).get("/v1/account")
    assert reply.status == 403
    assert reply.error["code"] == "missing_scope"


# --- idempotency -----------------------------------------------------------------------------


def test_a_retried_post_with_the_same_idempotency_key_returns_the_first_response(api: Client) -> None:
    body = {"name": "once", "scopes": ["lists"]}
    first = api.post("/v1/api-keys", body, headers={"Idempotency-Key": "abc-1"})
    second = api.post("/v1/api-keys", body, headers={"Idempotency-Key": "abc-1"})
    assert first.status == second.status == 201
    assert second.data["id"] == first.data["id"]
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert [k["name"] for k in api.get("/v1/api-keys?limit=100").data].count("once") == 1


def test_the_same_idempotency_key_with_another_body_is_409(api: Client) -> None:
    api.post("/v1/api-keys", {"name": "a", "scopes": ["lists"]}, headers={"Idempotency-Key": "k-2"})
    reply = api.post("/v1/api-keys", {"name": "b", "scopes": ["lists"]}, headers={"Idempotency-Key": "k-2"})
    assert reply.status == 409
    assert reply.error["code"] == "idempotency_key_reused"


def test_an_empty_idempotency_key_is_400_not_ignored(api: Client) -> None:
    reply = api.post("/v1/api-keys", {"name": "a", "scopes": ["lists"]}, headers={"Idempotency-Key": ""})
    assert reply.status == 400
    assert reply.error["code"] == "invalid_idempotency_key"


def test_idempotency_keys_are_per_workspace(api: Client, other_workspace: Caller) -> None:
    body = {"name": "same", "scopes": ["lists"]}
    mine = api.post("/v1/api-keys", body, headers={"Idempotency-Key": "shared"})
    theirs = api.as_(other_workspace).post("/v1/api-keys", body, headers={"Idempotency-Key": "shared"})
    assert theirs.status == 201
    assert theirs.data["id"] != mine.data["id"]


# --- the authorizer and the bootstrap --------------------------------------------------------


def test_the_authorizer_allows_a_good_key_with_its_workspace_and_scopes(api: Client) -> None:
    created = api.post("/v1/api-keys", {"name": "a", "scopes": ["contacts", "lists:read"]}).data
    policy = authorizer(authorizer_event(f"Bearer {created['key']}"), LambdaContext())
    assert policy["principalId"] == created["id"]
    statement = policy["policyDocument"]["Statement"][0]
    assert statement["Effect"] == "Allow"
    assert statement["Resource"] == ["arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*/*"]
    assert policy["context"]["workspace_id"] == api.caller.workspace_id
    assert policy["context"]["scopes"] == "contacts lists:read"
    listed = {k["id"]: k for k in api.get("/v1/api-keys?limit=100").data}
    assert listed[created["id"]]["last_used_at"] is not None


@pytest.mark.parametrize(
    "header", [None, "", "Bearer", "Bearer lc_short", "Basic abc", "Bearer lc_" + "x" * 43]
)
def test_the_authorizer_refuses_missing_malformed_and_unknown_keys(api: Client, header: str | None) -> None:
    with pytest.raises(Exception, match=r"^Unauthorized$"):
        authorizer(authorizer_event(header), LambdaContext())


def test_the_authorizer_refuses_a_revoked_key(api: Client) -> None:
    created = api.post("/v1/api-keys", {"name": "a", "scopes": ["*"]}).data
    api.delete(f"/v1/api-keys/{created['id']}")
    with pytest.raises(Exception, match=r"^Unauthorized$"):
        authorizer(authorizer_event(f"Bearer {created['key']}"), LambdaContext())


def test_the_bootstrap_creates_the_operator_workspace_once_and_stores_its_key(aws: dict[str, str]) -> None:
    from functions.core import aws as core_aws

    forget_operator_workspace()  # the account as the stack's first deployment finds it
    event = {"RequestType": "Create", "ResourceProperties": {"OperatorEmail": "ops@example.com"}}
    first = bootstrap(event, LambdaContext())
    key = core_aws.client("secretsmanager").get_secret_value(SecretId=aws["SECRET_BOOTSTRAP_KEY_ARN"])[
        "SecretString"
    ]
    caller = service.authenticate(key)
    assert caller is not None and caller.operator and caller.allows("admin", write=True)
    second = bootstrap(event, LambdaContext())
    assert second["PhysicalResourceId"] == first["PhysicalResourceId"]
    assert (
        core_aws.client("secretsmanager").get_secret_value(SecretId=aws["SECRET_BOOTSTRAP_KEY_ARN"])[
            "SecretString"
        ]
        == key
    )
    for kind in ("Update", "Delete"):
        reply = bootstrap(
            {"RequestType": kind, "PhysicalResourceId": first["PhysicalResourceId"]}, LambdaContext()
        )
        assert reply["PhysicalResourceId"] == first["PhysicalResourceId"]


# --- the OpenAPI document --------------------------------------------------------------------


def test_the_openapi_document_covers_every_group(aws: dict[str, str]) -> None:
    reply = docs(rest_event("GET", "/v1/openapi.json"), LambdaContext())
    document = json.loads(reply["body"])
    assert document["openapi"].startswith("3.")
    assert {
        "/v1/account",
        "/v1/api-keys",
        "/v1/workspaces",
        "/v1/contacts",
        "/v1/lists",
        "/v1/segments",
    } <= set(document["paths"])
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    grouped = {f.name for f in TOPOLOGY.routed_functions if any(not r.public for r in f.routes)}
    assert grouped == set(ROUTERS)
