"""The README's walkthrough and the guides in docs/, run as written against the local runtime: every
command in them works, and the walkthrough ends with the campaign in the outbox and the automation's two
emails sent. The guides run after it, in the state it leaves (they say so: a verified sender)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, LocalStack

pytestmark = pytest.mark.e2e


def walkthrough() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## A short walkthrough") :]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


GUIDES = (
    "docs/api.md",
    "docs/signups.md",
    "docs/quickstart.md",
    "docs/campaigns.md",
    "docs/segments.md",
    "docs/operating.md",
    "docs/imports.md",
    "docs/events.md",
    "docs/automations.md",
    "docs/webhooks.md",
)


def run(local_stack: LocalStack, script: str, where: Path) -> subprocess.CompletedProcess[str]:
    env = f"export LC={local_stack.url} KEY={local_stack.api_key}\n"
    # The guides' `python3` is this environment's: docs/webhooks.md verifies signatures with standardwebhooks.
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", env + script],
        cwd=where,
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_the_readme_walkthrough_and_the_guides_run_as_written(
    local_stack: LocalStack, tmp_path: Path
) -> None:
    if shutil.which("jq") is None:
        pytest.skip("jq is not installed: the walkthrough's commands need it")
    script = walkthrough()
    first = script.splitlines()[0]
    assert first.startswith("export LC=http://127.0.0.1:8787 KEY=lc_...")
    done = run(local_stack, script.replace(first, "", 1), tmp_path)
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
    for guide in GUIDES:
        blocks = re.findall(r"```sh\n(.*?)```", (ROOT / guide).read_text(), re.S)
        assert blocks, guide
        run(local_stack, "\n".join(blocks), tmp_path)
