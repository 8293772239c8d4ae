"""The OpenAPI document tells a client generator the truth: readable unique operation ids, tags, our error
envelope (not a validation schema we never send) on every operation, the rate-limit and idempotency
headers, the public pages, an example of every body, and a server that resolves under any stage."""

from __future__ import annotations

import inspect
import json
import re

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from functions.docs.openapi import ROUTERS, document
from functions.public.handler import app as public_app


@pytest.fixture(scope="module")
def spec() -> dict:
    return json.loads(document())


def operations(spec: dict) -> list[tuple[str, str, dict]]:
    return [(path, method, op) for path, methods in spec["paths"].items() for method, op in methods.items()]


def api_operations(spec: dict) -> list[tuple[str, str, dict]]:
    """The operations that take an API key (not the public pages, nor the document itself)."""
    return [(path, method, op) for path, method, op in operations(spec) if op.get("security") != []]


def resolved(spec: dict, item: dict) -> dict:
    while "$ref" in item:
        *_, kind, name = item["$ref"].split("/")
        item = spec["components"][kind][name]
    return item


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
    for path, method, op in api_operations(spec):
        for status in ("400", "401", "403", "404", "429"):
            answer = resolved(spec, op["responses"][status])
            assert answer["content"]["application/json"]["schema"] == error, (method, path, status)
        assert "Retry-After" in resolved(spec, op["responses"]["429"])["headers"]
        ok = [s for s in op["responses"] if s.startswith("2")]
        assert ok and all("RateLimit-Remaining" in op["responses"][s]["headers"] for s in ok), (method, path)
        if method in ("post", "patch", "delete"):
            assert {"409", "413", "415"} <= set(op["responses"]), (method, path)


def test_posts_take_an_idempotency_key_and_path_parameters_are_named_alike(spec: dict) -> None:
    for path, method, op in api_operations(spec):
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


def test_shared_answers_and_headers_are_written_once(spec: dict) -> None:
    """The error answers and rate-limit headers every operation repeats are references, not copies."""
    for path, method, op in api_operations(spec):
        assert op["responses"]["404"] == {"$ref": "#/components/responses/NotFound"}, (method, path)
        assert op["responses"]["429"] == {"$ref": "#/components/responses/TooManyRequests"}, (method, path)
    headers = spec["paths"]["/v1/contacts"]["get"]["responses"]["200"]["headers"]
    assert headers["RateLimit-Remaining"] == {"$ref": "#/components/headers/RateLimit-Remaining"}
    assert len(document()) < 300_000


def test_every_operation_has_a_tag_described_at_the_top(spec: dict) -> None:
    described = {tag["name"]: tag["description"] for tag in spec["tags"]}
    assert all(described.values())
    for path, method, op in operations(spec):
        assert len(op["tags"]) == 1 and op["tags"][0] in described, (method, path)
    tagged = {op["tags"][0] for _, _, op in operations(spec)}
    assert tagged == set(described)
    assert spec["paths"]["/v1/contacts"]["post"]["tags"] == ["contacts"]
    assert spec["paths"]["/v1/lists/{list_id}/subscribers/import"]["post"]["tags"] == ["lists"]


def test_every_public_route_is_documented_without_an_api_key(spec: dict) -> None:
    routes = {
        (re.sub(r"<(\w+)>", r"{\1}", key[0]), method.lower())
        for router in public_app.routers
        for key in router._routes
        for method in key[1]
    }
    public = {(p, m) for p, m, op in operations(spec) if op["tags"] == ["public"]}
    assert routes == public
    for path, method in public:
        op = spec["paths"][path][method]
        assert op["security"] == [] and "404" in op["responses"], (method, path)
    unsubscribe = spec["paths"]["/u/{token}"]["post"]
    assert "application/x-www-form-urlencoded" in unsubscribe["requestBody"]["content"]  # RFC 8058 one-click
    click = spec["paths"]["/t/c/{token}"]["get"]["responses"]["302"]
    assert click["headers"]["Location"]["required"]


def _bodies(spec: dict) -> list[tuple[str, dict]]:
    """Every JSON request body and JSON success body, by where it is."""
    found = []
    for path, method, op in operations(spec):
        answers = [(f"{method} {path} request", op.get("requestBody", {}))]
        answers += [(f"{method} {path} {s}", a) for s, a in op["responses"].items() if s.startswith("2")]
        for where, answer in answers:
            media = answer.get("content", {}).get("application/json")
            if media is not None:
                found.append((where, media))
    return found


def test_every_body_has_an_example_that_its_schema_accepts(spec: dict) -> None:
    for where, media in _bodies(spec):
        target = resolved(spec, media["schema"])
        example = media.get("example", (target.get("examples") or [None])[0])
        assert example is not None, where
        # The components beside the schema, so that its "#/components/..." references resolve.
        schema = {"components": spec["components"], **media["schema"]}
        validator = Draft202012Validator(schema, format_checker=FormatChecker())
        errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(example)]
        assert not errors, (where, errors[:3])
