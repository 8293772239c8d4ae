"""The API keeps the contract it publishes: Schemathesis, seeded and short, against the local runtime.

Whatever it generates from `/v1/openapi.json`, valid or not, must get an answer the document describes
(status code, content type, headers, body), and never a server error.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import LocalStack

pytestmark = pytest.mark.e2e

CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)
SEED = 1
# Small enough for the suite's time (about a minute on two cores), large enough to reach every operation
# with valid and invalid input. The coverage phase (every boundary of every schema) takes minutes for our
# 107 operations: it belongs to a longer run by hand (`st run ... --checks all`), not to `make test`.
MAX_EXAMPLES = 3
# Schemathesis' CLI with ast.parse taken one thread at a time: on our CPython (3.11.7, gh-106905) two threads
# building an AST at once fail with a SystemError, and Hypothesis parses its lambdas' source to describe them
# from both workers (a form body's negative cases do).
SCHEMATHESIS = """
import ast, threading
lock, parse = threading.Lock(), ast.parse
def serialized(*args, **kwargs):
    with lock:
        return parse(*args, **kwargs)
ast.parse = serialized
import schemathesis.cli
schemathesis.cli.schemathesis()
"""


def test_every_generated_request_gets_an_answer_the_document_describes(
    local_stack: LocalStack, tmp_path: Path
) -> None:
    command = [
        sys.executable,
        "-c",
        SCHEMATHESIS,
        "run",
        f"{local_stack.url}/v1/openapi.json",
        "--url",
        f"{local_stack.url}/",
        "--header",
        f"Authorization: Bearer {local_stack.api_key}",
        "--checks",
        ",".join(CHECKS),
        "--phases",
        "examples,fuzzing",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        str(SEED),
        "--workers",
        "2",
        "--generation-database",
        "none",
        "--no-shrink",
        "--no-color",
        "--output-truncate",
        "true",
    ]
    run = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=600)
    summary = run.stdout[run.stdout.find("FAILURES") :] if "FAILURES" in run.stdout else run.stdout
    assert run.returncode == 0, f"Schemathesis found answers the document does not describe:\n{summary}"


def test_an_address_with_a_slash_or_percent_in_its_local_part_is_a_sender(local_stack: LocalStack) -> None:
    # Valid in a local part; SES's identity path once read the `/` as another route (a 404 page, then a 500).
    address = f"h/3%~#d@{secrets.token_hex(6)}.example"
    created = local_stack.call(
        "POST", "/v1/senders", json={"name": "odd", "from_name": "Odd", "from_email": address}
    )
    assert created.status_code == 201, created.text
    assert created.json()["data"]["from_email"] == address


def test_a_published_forms_answers_are_the_ones_the_document_describes(local_stack: LocalStack) -> None:
    """Schemathesis only reaches the public pages with tokens that do not exist (the 404 page): a real
    form's page, preflight and signups, as a browser and as a script, are checked against the document."""
    document = local_stack.call("GET", "/v1/openapi.json", key=False).json()
    made = local_stack.call(
        "POST", "/v1/lists", json={"name": "Contract", "from_name": "Acme", "from_email": "news@example.com"}
    )
    form = local_stack.call(
        "POST",
        "/v1/forms",
        json={"name": "Contract", "list_id": made.json()["data"]["id"], "is_published": True},
    )
    path = f"/f/{form.json()['data']['public_id']}"
    email = f"ann-{secrets.token_hex(4)}@example.com"
    asked = [
        ("get", {}),
        ("options", {}),
        ("post", {"json": {"email": email}}),
        ("post", {"data": {"email": "bob-" + email}}),
        ("post", {"data": {"email": "not an address"}}),
        ("post", {"json": {"email": "not an address"}}),
    ]
    for method, body in asked:
        reply = local_stack.call(method.upper(), path, key=False, **body)
        documented = document["paths"]["/f/{public_id}"][method]["responses"]
        assert str(reply.status_code) in documented, (method, body, reply.status_code)
        media = reply.headers.get("Content-Type", "").split(";")[0]
        assert not reply.content or media in documented[str(reply.status_code)].get("content", {}), (
            method,
            body,
            media,
        )
