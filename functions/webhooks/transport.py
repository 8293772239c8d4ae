"""One HTTP POST of a webhook delivery to a checked target (functions/webhooks/targets.py).

The connection goes to the address that was checked, never to a second lookup of the name: TLS still
verifies the certificate against the URL's host (SNI and hostname check), and the Host header names it.
No redirect is followed (a 3xx is a failure: following it would reach an unchecked address), and at most a
few KB of the answer are read, for the error text.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import urllib3
from botocore.httpsession import get_cert_path
from urllib3.exceptions import HTTPError, NewConnectionError, SSLError, TimeoutError

from functions.webhooks.targets import Target

TIMEOUT_S = 10.0
ERROR_TEXT_BYTES = 1024
USER_AGENT = "Lettercast-Webhooks/1"
_POOLS_KEPT = 64  # connection pools of a warm worker, one per endpoint address (reused across batches)

_pools: dict[tuple[str, str, int, str], urllib3.HTTPConnectionPool] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Outcome:
    """What one attempt got: the status code (None without an answer), how long it took, what went wrong."""

    status_code: int | None
    duration_ms: int
    error: str | None

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _pool(target: Target) -> urllib3.HTTPConnectionPool:
    key = (target.scheme, target.address, target.port, target.host)
    with _lock:
        pool = _pools.get(key)
        if pool is None:
            if len(_pools) >= _POOLS_KEPT:
                _pools.pop(next(iter(_pools))).close()
            common = {"port": target.port, "maxsize": 10, "block": False, "retries": False}
            if target.scheme == "https":
                pool = urllib3.HTTPSConnectionPool(
                    target.address,
                    server_hostname=target.host,
                    assert_hostname=target.host,
                    cert_reqs="CERT_REQUIRED",
                    ca_certs=get_cert_path(True),
                    **common,
                )
            else:
                pool = urllib3.HTTPConnectionPool(target.address, **common)
            _pools[key] = pool
    return pool


def post(target: Target, body: bytes, headers: dict[str, str]) -> Outcome:
    """POST `body` to the target within TIMEOUT_S in all; never raises for anything the endpoint or the
    network does.

    urllib3's timeout bounds each socket operation, not the request: an endpoint sending a byte every 9 s
    could hold a worker past its Lambda timeout and so fail the whole batch, other workspaces' deliveries
    with it. The request runs in a thread of its own that is given up on at the deadline (it ends by
    itself when its next socket read times out or the endpoint closes)."""
    outcome: list[Outcome] = []
    runner = threading.Thread(target=lambda: outcome.append(_post(target, body, headers)), daemon=True)
    runner.start()
    runner.join(TIMEOUT_S + 0.5)
    if not outcome:
        waited = int((TIMEOUT_S + 0.5) * 1000)
        return Outcome(None, waited, f"timeout: no whole answer within {TIMEOUT_S:g} s")
    return outcome[0]


def _post(target: Target, body: bytes, headers: dict[str, str]) -> Outcome:
    started = time.monotonic()
    all_headers = {
        **headers,
        "Host": target.host_header,
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }
    try:
        response = _pool(target).urlopen(
            "POST",
            target.path,
            body=body,
            headers=all_headers,
            redirect=False,
            retries=False,
            assert_same_host=False,
            preload_content=False,
            timeout=urllib3.Timeout(total=TIMEOUT_S),
        )
        try:
            status = response.status
            text = response.read(ERROR_TEXT_BYTES)
            location = response.headers.get("location")
        finally:
            if response.length_remaining != 0:
                response.close()  # what was not read must not reach the next request on this connection
            response.release_conn()
    except NewConnectionError as exc:  # before TimeoutError: urllib3 makes it one of those too
        return Outcome(None, _since(started), f"connection_failed: {_reason(exc)}")
    except TimeoutError:
        return Outcome(None, _since(started), f"timeout: no answer within {TIMEOUT_S:g} s")
    except SSLError as exc:
        return Outcome(None, _since(started), f"tls_error: {_reason(exc)}")
    except (HTTPError, OSError) as exc:
        return Outcome(None, _since(started), f"connection_failed: {_reason(exc)}")
    duration = _since(started)
    if 200 <= status < 300:
        return Outcome(status, duration, None)
    if 300 <= status < 400:
        where = f" to {location[:200]}" if location else ""
        return Outcome(status, duration, f"redirect{where} not followed")
    detail = text.decode("utf-8", "replace").strip()
    return Outcome(status, duration, f"HTTP {status}" + (f": {detail}" if detail else ""))


def _since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "reason", None) or exc)[:300]
