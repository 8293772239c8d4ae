"""Real-time segment latency in the local runtime: from a contact PATCH returning to the membership
change being visible through GET /v1/segments/{id}/contacts. p50 and p99 over 200 changes.

Run: .venv/bin/python bench/segments_latency.py   (starts `python -m infra.local` itself)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.conftest import LocalStack

CHANGES = 200
RULE = {"groups": [{"conditions": [{"field": "attributes.plan", "operator": "eq", "value": "pro"}]}]}


def main() -> None:
    stack = LocalStack(Path(tempfile.mkdtemp()) / "state")
    stack.start()
    try:
        segment = stack.call("POST", "/v1/segments", json={"name": "Pro", "rules": RULE}).json()["data"]["id"]
        contact = stack.call("POST", "/v1/contacts", json={"email": "lat@example.com"}).json()["data"]["id"]
        latencies = []
        for i in range(CHANGES):
            pro = i % 2 == 0
            reply = stack.call(
                "PATCH", f"/v1/contacts/{contact}", json={"attributes": {"plan": "pro" if pro else "free"}}
            )
            assert reply.status_code == 200, reply.text
            returned = time.perf_counter()
            while True:
                members = stack.call("GET", f"/v1/segments/{segment}/contacts").json()["data"]
                if bool(members) == pro:
                    break
                if time.perf_counter() - returned > 10:
                    raise SystemExit(f"change {i} not visible after 10 s")
            latencies.append(time.perf_counter() - returned)
        ordered = sorted(latencies)
        p99 = ordered[int(len(ordered) * 0.99) - 1]
        print(f"{CHANGES} contact changes -> segment membership visible (local runtime, HTTP)")
        p50, worst = statistics.median(ordered) * 1000, ordered[-1] * 1000
        print(f"  p50 {p50:7.1f} ms   p99 {p99 * 1000:7.1f} ms   max {worst:7.1f} ms")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
