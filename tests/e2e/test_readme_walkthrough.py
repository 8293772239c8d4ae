"""The README's walkthrough, run as written against the local runtime: every command in it works, and it
ends with the campaign in the outbox and the automation's two emails sent."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, LocalStack

pytestmark = pytest.mark.e2e


def walkthrough() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## A short walkthrough") :]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


def test_the_readme_walkthrough_runs_as_written(local_stack: LocalStack, tmp_path: Path) -> None:
    if shutil.which("jq") is None:
        pytest.skip("jq is not installed: the walkthrough's commands need it")
    script = walkthrough()
    first = script.splitlines()[0]
    assert first.startswith("export LC=http://127.0.0.1:8787 KEY=lc_...")
    script = script.replace(first, f"export LC={local_stack.url} KEY={local_stack.api_key}", 1)
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert '"ann@example.com"' in out  # the contact search
    assert '"entered": 1' in out and '"completed": 1' in out  # the automation, after two days
    outbox = local_stack.call("GET", "/_local/outbox").json()["data"]
    sent = sorted((m["to"][0], m["subject"]) for m in outbox)
    assert sent == [
        ("ann@example.com", "Hi Ann"),
        ("bo@example.com", "Hi Bo"),
        ("bo@example.com", "Week one"),
        ("bo@example.com", "Welcome"),
    ], sent
