"""What the local runtime's durability costs: per mutating request, and at restart.

Run: .venv/bin/python bench/durability.py [requests=300] [contacts=10000,100000]

1. Per request: two runtimes side by side, `python -m infra.local` as a user starts it, one keeping its
   state (the journal) and one with LETTERCAST_DURABLE=0 (nothing kept: the baseline). The same mutating
   requests (create a contact, subscribe it to a list) go to each in turn, one at a time, so both see the
   same machine; printed: median and mean latency of each, their ratio, and journal bytes per request.
2. Restart: a state of N contacts (copies of a subscribed contact's items, each with its own id, email
   and shard), once as a checkpoint and once as a journal with no checkpoint; printed: seconds from
   starting the process to "ready" and to the first page of contacts, against an empty state in the
   same run.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import zlib
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from infra.local import state  # noqa: E402
from infra.local.runtime import free_port  # noqa: E402

KEY = "lc_" + "b" * 40
SHARDS = 16


class Runtime:
    def __init__(self, state_dir: Path, durable: bool = True) -> None:
        self.state_dir, self.durable = state_dir, durable
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {KEY}"
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> float:
        """Seconds from starting the process to its "ready" line."""
        env = {
            **os.environ,
            "PORT": str(self.port),
            "LETTERCAST_STATE_DIR": str(self.state_dir),
            "LETTERCAST_API_KEY": KEY,
            "LETTERCAST_DURABLE": "1" if self.durable else "0",
            "LETTERCAST_CHECKPOINT_BYTES": str(10**12),  # the restart measures what it is given
        }
        env.pop("AWS_ENDPOINT_URL", None)
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "infra.local"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("ready"):
                return time.perf_counter() - started
        raise SystemExit("the runtime did not start")

    def stop(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=120)

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        reply = self.session.request(method, self.url + path, timeout=120, **kwargs)
        assert reply.status_code < 300, (path, reply.status_code, reply.text)
        return reply.json().get("data") if reply.content else None


def per_request(count: int) -> None:
    runtimes = [Runtime(Path(tempfile.mkdtemp()), durable=True), Runtime(Path(tempfile.mkdtemp()), False)]
    for runtime in runtimes:
        runtime.start()
    try:
        lists = [
            r.call("POST", "/v1/lists", json={"name": "L", "from_name": "B", "from_email": "b@b.example"})[
                "id"
            ]
            for r in runtimes
        ]
        journal_before = sum(p.stat().st_size for p in runtimes[0].state_dir.glob("journal-*.log"))
        times: list[list[float]] = [[], []]
        for i in range(count):
            for n, (runtime, list_id) in enumerate(zip(runtimes, lists, strict=True)):
                body = {"email": f"p{i:05d}@example.com", "first_name": "P"}
                started = time.perf_counter()
                if i % 2:
                    runtime.call("POST", "/v1/contacts", json=body)
                else:
                    runtime.call("POST", f"/v1/lists/{list_id}/subscribers", json=body)
                times[n].append(time.perf_counter() - started)
        journal_bytes = sum(p.stat().st_size for p in runtimes[0].state_dir.glob("journal-*.log"))
    finally:
        for runtime in runtimes:
            runtime.stop()
    on, off = times
    print(f"mutating requests: {count} each (create a contact / subscribe one, alternately)")
    for name, sample in (("durable", on), ("not durable", off)):
        median, mean = 1000 * statistics.median(sample), 1000 * statistics.mean(sample)
        print(f"  {name + ':':<12} median {median:6.1f} ms   mean {mean:6.1f} ms")
    print(f"  durability costs x{statistics.median(on) / statistics.median(off):.2f} (median), ", end="")
    print(f"x{statistics.mean(on) / statistics.mean(off):.2f} (mean)")
    print(f"  journal: {(journal_bytes - journal_before) / count:.0f} bytes per request")


def _template(directory: Path) -> tuple[str, str, list[str]]:
    """A state with one subscribed contact: its id, email and its contacts-table items (as JSON text)."""
    runtime = Runtime(directory)
    runtime.start()
    try:
        list_id = runtime.call(
            "POST", "/v1/lists", json={"name": "L", "from_name": "B", "from_email": "b@b.example"}
        )["id"]
        contact = runtime.call(
            "POST", f"/v1/lists/{list_id}/subscribers", json={"email": "t@template.example"}
        )
        time.sleep(2)  # the segment evaluator has seen it
    finally:
        runtime.stop()
    model = state.load(directory)
    items = [
        json.dumps(item)
        for item in model.tables["lettercast-contacts"].values()
        if contact["id"] in json.dumps(item) or "t@template.example" in json.dumps(item)
    ]
    return contact["id"], "t@template.example", items


def _grown(directory: Path, contacts: int, template: tuple[str, str, list[str]]) -> state.Model:
    model = state.load(directory)
    old_id, old_email, items = template
    old_shard = f"#S#{zlib.crc32(old_id.encode()) % SHARDS}"
    table = model.tables["lettercast-contacts"]
    for i in range(contacts - 1):
        new_id = str(uuid.UUID(int=uuid.UUID(old_id).int + i + 1))
        new_shard = f"#S#{zlib.crc32(new_id.encode()) % SHARDS}"
        for text in items:
            text = text.replace(old_id, new_id).replace(old_email, f"c{i:06d}@grown.example")
            item = json.loads(text.replace(old_shard, new_shard))
            table[state._key({k: item[k] for k in ("pk", "sk")})] = item
    return model


def restart(sizes: list[int]) -> None:
    base = Path(tempfile.mkdtemp())
    template = _template(base / "template")
    empty = Runtime(base / "template")
    empty_s = empty.start()
    empty.stop()
    print(f"restart, empty state: {empty_s:.1f} s to ready")
    for contacts in sizes:
        model = _grown(base / "template", contacts, template)
        for form in ("checkpoint", "journal"):
            directory = base / f"{form}-{contacts}"
            directory.mkdir()
            if form == "checkpoint":
                state.save(directory, model)
            else:  # the same items, one unit per item, after an empty checkpoint
                with (directory / f"journal-{model.generation}.log").open("w") as out:
                    for table, items in model.tables.items():
                        for item in items.values():
                            key = {k: item[k] for k in (("pk", "sk") if "pk" in item else ("id",))}
                            out.write(json.dumps([["ddb", table, key, item]]) + "\n")
                    out.write(json.dumps([["secrets", model.secrets]]) + "\n")
                    for identity in model.identities:
                        out.write(json.dumps([["id+", identity]]) + "\n")
            size = sum(p.stat().st_size for p in directory.iterdir()) / 1e6
            runtime = Runtime(directory)
            ready_s = runtime.start()
            started = time.perf_counter()
            reply = runtime.session.get(runtime.url + "/v1/contacts?limit=100", timeout=600)
            first_page_s = time.perf_counter() - started
            runtime.stop()
            assert reply.status_code == 200 and len(reply.json()["data"]) == 100, (
                reply.status_code,
                reply.text,
            )
            print(
                f"restart, {contacts:>7,} contacts from a {form:<10} ({size:6.1f} MB): "
                f"{ready_s:6.1f} s to ready (x{ready_s / empty_s:.1f} the empty state), "
                f"first page {first_page_s:.2f} s"
            )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    sizes = [int(n) for n in (sys.argv[2] if len(sys.argv) > 2 else "10000,100000").split(",")]
    per_request(count)
    restart(sizes)


if __name__ == "__main__":
    main()
