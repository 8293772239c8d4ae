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


def test_every_generated_request_gets_an_answer_the_document_describes(
    local_stack: LocalStack, tmp_path: Path
) -> None:
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
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
