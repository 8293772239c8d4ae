"""A webhook receiver on loopback, as a developer would write one: it verifies each request with the
`standardwebhooks` library and keeps what arrived. Used by the webhook tests and benchmarks."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


@dataclass
class Request:
    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes
    payload: Any  # what Webhook(secret).verify returned; None when it did not verify
    at: float = 0.0  # time.monotonic() when it arrived

    @property
    def webhook_id(self) -> str:
        return self.headers.get("webhook-id", "")

    def verifies_with(self, secret: str) -> bool:
        try:
            Webhook(secret).verify(self.body, self.headers)
        except WebhookVerificationError:
            return False
        return True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # http.server listens with a backlog of 5: ten deliveries connecting at once would see some SYNs
    # dropped and retried a second later, which is the receiver's delay, not the sender's.
    request_queue_size = 128


@dataclass
class Receiver:
    """Answers each POST with the next status of `answers[path]` (the last one repeats; 200 by default),
    or with `answer(request, nth)` when given (nth: how many times this webhook-id reached this path), and
    verifies it with `secrets[path]`."""

    answers: dict[str, list[int]] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    answer: Callable[[Request, int], int] | None = None

    def __post_init__(self) -> None:
        receiver, lock = self, threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k.lower(): v for k, v in self.headers.items()}
                with lock:
                    status = receiver._answer(self.path, headers, body)
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "/elsewhere")
                body_out = b"" if status < 300 else b"receiver says no"
                self.send_header("Content-Length", str(len(body_out)))
                self.end_headers()
                self.wfile.write(body_out)

            def log_message(self, *_: Any) -> None:
                pass

        self.lock = lock
        self.server = _Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def _answer(self, path: str, headers: dict[str, str], body: bytes) -> int:
        secret = self.secrets.get(path)
        payload = None
        if secret:
            try:
                payload = Webhook(secret).verify(body, headers)
            except WebhookVerificationError:
                payload = None
        request = Request(path, headers, body, payload, time.monotonic())
        earlier = [r for r in self.requests if r.path == path]
        self.requests.append(request)
        if self.answer is not None:
            return self.answer(request, 1 + sum(r.webhook_id == request.webhook_id for r in earlier))
        answers = self.answers.get(path) or [200]
        return answers[min(len(earlier), len(answers) - 1)]

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def seen(self, path: str = "/hook") -> list[Request]:
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
