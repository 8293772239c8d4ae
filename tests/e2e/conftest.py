"""Starts the local runtime exactly as a user does (`python -m infra.local`) and talks HTTP to it."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
START_DEADLINE_S = 60


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LocalStack:
    state_dir: Path
    api_key: str = field(default_factory=lambda: "lc_" + secrets.token_urlsafe(32))
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen[str] | None = None
    output: list[str] = field(default_factory=list)
    environment: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {
            **os.environ,
            "PORT": str(self.port),
            "LETTERCAST_STATE_DIR": str(self.state_dir),
            "LETTERCAST_API_KEY": self.api_key,
            **self.environment,
        }
        env.pop("AWS_ENDPOINT_URL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "infra.local"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + START_DEADLINE_S
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line and self.process.poll() is not None:
                raise AssertionError("the local runtime exited:\n" + "".join(self.output))
            self.output.append(line)
            if "ready" in line and self.url in line:
                # Keep reading what it prints, so a full pipe never blocks it.
                threading.Thread(target=self._drain, daemon=True).start()
                return
        raise AssertionError("the local runtime did not say ready in time:\n" + "".join(self.output))

    def _drain(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)

    def stop(self) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=60)  # saving state under a loaded machine takes a while
        finally:
            if self.process.poll() is None:
                self.process.kill()

    def kill(self) -> None:
        """A crash: SIGKILL, nothing runs after it."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=30)

    def call(self, method: str, path: str, key: str | None = None, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if key is not False and (key or self.api_key):
            headers.setdefault("Authorization", f"Bearer {key or self.api_key}")
        return requests.request(method, self.url + path, headers=headers, timeout=30, **kwargs)


def eventually(check: Callable[[], Any], timeout_s: float = 10.0, every_s: float = 0.05) -> Any:
    """Poll `check` until it returns something truthy, or fail after the deadline."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout_s}s: last result {result!r}")
        time.sleep(every_s)


@pytest.fixture(scope="module")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    stack = LocalStack(tmp_path_factory.mktemp("lettercast-state"))
    stack.start()
    yield stack
    if stack.process and stack.process.poll() is None:
        stack.stop()


@pytest.fixture
def new_workspace(local_stack: LocalStack) -> str:
    """A fresh workspace created with the admin key; returns its full-access key."""
    reply = local_stack.call(
        "POST", "/v1/workspaces", json={"name": "E2E", "email": f"e2e-{secrets.token_hex(4)}@example.com"}
    )
    assert reply.status_code == 201, reply.text
    return reply.json()["data"]["key"]["key"]
