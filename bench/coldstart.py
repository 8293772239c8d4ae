"""Cold-start import time of each handler module, in a fresh interpreter, next to a bare `import boto3`.

Run: .venv/bin/python bench/coldstart.py   (prints a table; medians of several runs; ratios to boto3)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from infra.topology import TOPOLOGY  # noqa: E402

RUNS = 7
PROBE = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def import_seconds(module: str) -> float:
    env = {
        **os.environ,
        "POWERTOOLS_TRACE_DISABLED": "1",
        "POWERTOOLS_METRICS_DISABLED": "1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "PYTHONDONTWRITEBYTECODE": "0",
    }
    samples = []
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-c", PROBE.format(module=module)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if out.returncode != 0:
            raise SystemExit(f"{module} failed to import:\n{out.stderr}")
        samples.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(samples)


def main() -> None:
    import_seconds("boto3")  # warm the bytecode caches once, for everyone
    baseline = import_seconds("boto3")
    print(f"{'module':45} {'import ms':>10} {'x boto3':>8}")
    print(f"{'boto3 (baseline)':45} {baseline * 1000:10.1f} {1.0:8.2f}")
    for function in TOPOLOGY.functions:
        module = function.handler.rpartition(".")[0]
        seconds = import_seconds(module)
        print(f"{module:45} {seconds * 1000:10.1f} {seconds / baseline:8.2f}")


if __name__ == "__main__":
    main()
