"""One delivery POST (functions/webhooks/transport.py) against servers on loopback: it goes to the checked
address while naming the URL's host, follows no redirect, and turns every network failure into an outcome."""

from __future__ import annotations

import contextlib
import datetime
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from functions.webhooks import transport
from functions.webhooks.targets import Target

HOST = "hooks.example.test"


class Server:
    """Answers every POST with `status` (and a Location for a 3xx); keeps each request's path and headers."""

    def __init__(self, status: int = 204, tls: ssl.SSLContext | None = None) -> None:
        self.status = status
        self.seen: list[tuple[str, dict[str, str], bytes]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                server.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(server.status)
                if 300 <= server.status < 400:
                    self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls:
            self.http.socket = tls.wrap_socket(self.http.socket, server_side=True)
        self.port = self.http.server_address[1]
        threading.Thread(target=self.http.serve_forever, args=(0.05,), daemon=True).start()

    def target(self, scheme: str = "http") -> Target:
        return Target(scheme, HOST, self.port, "/in?x=1", "127.0.0.1")

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    server = Server()
    yield server
    server.close()


def test_the_post_goes_to_the_checked_address_naming_the_urls_host(server: Server) -> None:
    outcome = transport.post(server.target(), b'{"id":"1"}', {"webhook-id": "1"})

    assert (outcome.succeeded, outcome.status_code, outcome.error) == (True, 204, None)
    ((path, headers, body),) = server.seen
    assert (path, body) == ("/in?x=1", b'{"id":"1"}')
    assert headers["host"] == f"{HOST}:{server.port}"
    assert headers["webhook-id"] == "1"
    assert (headers["content-type"], headers["user-agent"]) == ("application/json", "Lettercast-Webhooks/1")


def test_a_redirect_is_a_failure_and_is_not_followed(server: Server) -> None:
    server.status = 307

    outcome = transport.post(server.target(), b"{}", {})

    assert not outcome.succeeded and outcome.status_code == 307
    assert outcome.error == "redirect to http://169.254.169.254/latest/meta-data/ not followed"
    assert len(server.seen) == 1


def test_a_closed_port_is_a_connection_failure() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]

    outcome = transport.post(Target("http", HOST, port, "/", "127.0.0.1"), b"{}", {})

    assert outcome.status_code is None and outcome.error.startswith("connection_failed")


def test_an_endpoint_that_does_not_answer_in_time_is_a_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transport, "TIMEOUT_S", 0.3)  # the 10 s of a delivery, shortened
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # accepts the connection, never answers
        outcome = transport.post(Target("http", HOST, silent.getsockname()[1], "/", "127.0.0.1"), b"{}", {})

    assert outcome.status_code is None and outcome.error.startswith("timeout")
    assert outcome.duration_ms >= 300


def test_an_endpoint_dribbling_its_answer_is_cut_off_at_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each byte comes well within a read's timeout, but the whole answer would take far longer.
    monkeypatch.setattr(transport, "TIMEOUT_S", 0.5)
    with socket.socket() as slow:
        slow.bind(("127.0.0.1", 0))
        slow.listen()

        def dribble() -> None:
            connection, _ = slow.accept()
            with connection, contextlib.suppress(OSError):  # the client hangs up at its deadline
                for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n":
                    connection.sendall(bytes([byte]))
                    time.sleep(0.2)

        threading.Thread(target=dribble, daemon=True).start()
        started = time.monotonic()
        outcome = transport.post(Target("http", HOST, slow.getsockname()[1], "/", "127.0.0.1"), b"{}", {})

    assert outcome.status_code is None and outcome.error.startswith("timeout")
    assert time.monotonic() - started < 2


def self_signed(directory: Path) -> ssl.SSLContext:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(HOST)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    (directory / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (directory / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(directory / "cert.pem", directory / "key.pem")
    return context


def test_tls_names_the_urls_host_and_refuses_a_certificate_nobody_vouches_for(tmp_path: Path) -> None:
    context = self_signed(tmp_path)
    asked_for: list[str | None] = []
    context.sni_callback = lambda _sock, name, _ctx: asked_for.append(name)
    server = Server(tls=context)
    try:
        outcome = transport.post(server.target("https"), b"{}", {})
    finally:
        server.close()

    assert asked_for == [HOST]  # SNI: the URL's host, while the connection went to 127.0.0.1
    assert outcome.status_code is None and outcome.error.startswith("tls_error")
    assert server.seen == []
