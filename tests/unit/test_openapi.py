"""The OpenAPI document tells a client generator the truth: readable unique operation ids, our error
envelope (not a validation schema we never send) on every operation, the rate-limit and idempotency
headers, and a server that resolves under any stage."""

from __future__ import annotations

import inspect
import json
import re

import pytest

from functions.docs.openapi import ROUTERS, document


@pytest.fixture(scope="module")
def spec() -> dict:
    return json.loads(document())


def operations(spec: dict) -> list[tuple[str, str, dict]]:
    return [(path, method, op) for path, methods in spec["paths"].items() for method, op in methods.items()]


def test_operation_ids_are_readable_and_unique(spec: dict) -> None:
    ids = [op["operationId"] for _, _, op in operations(spec)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][A-Za-z0-9]*", i) and "V1" not in i for i in ids), ids
    named = {(m, p): op["operationId"] for p, m, op in operations(spec)}
    assert named[("post", "/v1/contacts")] == "upsertContact"
    assert named[("post", "/v1/campaigns/{campaign_id}/send")] == "sendCampaign"


def test_every_operation_documents_the_error_envelope_and_never_a_422_validation_schema(spec: dict) -> None:
    assert "HTTPValidationError" not in json.dumps(spec)
    error = {"$ref": "#/components/schemas/Error"}
    for path, method, op in operations(spec):
        for status in ("400", "401", "403", "404", "429"):
            answer = op["responses"][status]
            assert answer["content"]["application/json"]["schema"] == error, (method, path, status)
        assert "Retry-After" in op["responses"]["429"]["headers"]
        ok = [s for s in op["responses"] if s.startswith("2")]
        assert ok and all("RateLimit-Remaining" in op["responses"][s]["headers"] for s in ok), (method, path)
        if method in ("post", "patch", "delete"):
            assert {"409", "413", "415"} <= set(op["responses"]), (method, path)


def test_posts_take_an_idempotency_key_and_path_parameters_are_named_alike(spec: dict) -> None:
    for path, method, op in operations(spec):
        names = {p["name"] for p in op.get("parameters", [])}
        assert ("Idempotency-Key" in names) == (method == "post"), (method, path)
        assert all(p.endswith("_id") or p in ("email", "tag") for p in re.findall(r"{(\w+)}", path)), path


def test_the_server_is_the_documents_own_base(spec: dict) -> None:
    # The document is served at <base>/v1/openapi.json: ".." is <base>/, under an AWS stage or locally.
    assert spec["servers"] == [{"url": "..", "description": "This deployment (the document's own base)"}]


def test_every_success_a_route_answers_is_documented(spec: dict) -> None:
    """201 for what a route creates, 202 for what it accepts, 204 where it answers no body."""
    answers = {"http.created(": "201", "http.accepted(": "202", "http.ok(": "200", "http.page(": "200"}
    for routers in ROUTERS.values():
        for router in routers:
            for key, route in router._routes.items():
                path, methods = re.sub(r"<(\w+)>", r"{\1}", key[0]), key[1]
                source = inspect.getsource(route)
                codes = {code for call, code in answers.items() if call in source}
                for method in methods:
                    documented = set(spec["paths"][path][method.lower()]["responses"])
                    assert codes <= documented, (method, path, codes - documented)
