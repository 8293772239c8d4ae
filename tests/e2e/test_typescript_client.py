"""The TypeScript client (clients/typescript): it type-checks and builds under strict tsc, its smoke run
works against the local runtime, and its committed types are exactly what generate.sh makes from
clients/openapi.json. node_modules is not committed: it is installed here from the lock file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, LocalStack

pytestmark = pytest.mark.e2e

CLIENT = ROOT / "clients" / "typescript"
SCHEMA = CLIENT / "src" / "schema.ts"
INSTALL_TIMEOUT_S = 600  # npm ci from the lock, on a loaded machine
BUILD_TIMEOUT_S = 600


def _run(args: list[str], cwd: Path, timeout: int, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}
    )
    assert done.returncode == 0, f"{' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def node_modules() -> Path:
    """The client's dependencies, installed from package-lock.json when missing or older than it."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{' and '.join(missing)} not installed: the TypeScript client needs Node 20 and npm")
    installed = CLIENT / "node_modules" / ".package-lock.json"
    lock = CLIENT / "package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        _run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], CLIENT, INSTALL_TIMEOUT_S)
    return CLIENT / "node_modules"


def test_the_client_builds_and_talks_to_the_api(node_modules: Path, local_stack: LocalStack) -> None:
    # Given the client built by strict tsc (a type error fails here)
    _run([str(node_modules / ".bin" / "tsc"), "-p", "."], CLIENT, BUILD_TIMEOUT_S)

    # When its smoke run creates, reads, lists and misses a contact against the local runtime
    out = _run(
        ["node", "dist/smoke.js"], CLIENT, 120, env={"LC": local_stack.url, "KEY": local_stack.api_key}
    )

    # Then everything it saw is as the API promises
    seen = json.loads(out.strip().splitlines()[-1])
    assert seen["ok"], seen["mismatches"]
    assert seen["created"]["status"] == 201
    assert seen["created"]["email"].startswith("ts-smoke-")
    assert seen["read_back"] is True
    assert seen["listed"]["found"] is True
    assert seen["unknown"] == {"status": 404, "code": "contact_not_found"}
    assert seen["lost_answer"] == {"status": 201, "attempts": 2, "replayed": True}
    assert seen["retries"] == {"status": 201, "attempts": 3, "one_key": True, "same_body": True}
    assert seen["too_long_retry_after"] == {"status": 429, "attempts": 1}


def test_the_committed_types_match_the_document(node_modules: Path, tmp_path: Path) -> None:
    # Given the types generated afresh from clients/openapi.json
    fresh = tmp_path / "schema.ts"
    _run([str(CLIENT / "generate.sh"), str(fresh)], ROOT, INSTALL_TIMEOUT_S)

    # Then they are the committed ones, byte for byte
    assert fresh.read_text() == SCHEMA.read_text(), (
        "clients/typescript/src/schema.ts is not what clients/openapi.json gives: run `make clients`"
    )
