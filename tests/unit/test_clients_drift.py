"""The committed clients match the API: the OpenAPI document beside them is the one the API builds, and
the generated Python package is exactly what clients/python/generate.py makes from that document."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from functions.docs.openapi import pretty

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ROOT / "clients" / "openapi.json"
GENERATED = ROOT / "clients" / "python" / "lettercast" / "generated"
REGENERATE = "run `make clients` and commit what it changes"


def _files(top: Path) -> dict[str, bytes]:
    return {
        path.relative_to(top).as_posix(): path.read_bytes()
        for path in sorted(top.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_committed_openapi_document_is_the_one_the_api_builds() -> None:
    assert DOCUMENT.read_text() == pretty(), f"clients/openapi.json is out of date: {REGENERATE}"


def test_committed_python_client_is_what_the_generator_makes(tmp_path: Path) -> None:
    fresh = tmp_path / "generated"
    subprocess.run(
        [sys.executable, str(ROOT / "clients" / "python" / "generate.py"), str(fresh)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )

    committed, made = _files(GENERATED), _files(fresh)
    differing = sorted(
        name for name in committed.keys() | made.keys() if committed.get(name) != made.get(name)
    )
    assert not differing, f"the generated Python client is out of date in {differing}: {REGENERATE}"
