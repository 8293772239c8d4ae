"""`python -m infra.local`: the local runtime in the foreground until Ctrl-C (what `make run` starts)."""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

from functions.account.service import KEY_PATTERN
from infra.local.runtime import LocalRuntime


def main() -> int:
    key = os.environ.get("LETTERCAST_API_KEY")
    if key and not KEY_PATTERN.match(key):
        print("LETTERCAST_API_KEY must be lc_ followed by at least 32 URL-safe characters", file=sys.stderr)
        return 2
    state_dir = Path(os.environ.get("LETTERCAST_STATE_DIR", ".lettercast"))
    runtime = LocalRuntime(state_dir, int(os.environ.get("PORT", "8787")))
    done = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: done.set())
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    url = runtime.start()
    print(f"Lettercast local runtime (state in {state_dir}/)", flush=True)
    print(f"  API:     {url}/v1   docs: {url}/docs   outbox: {url}/_local/mail", flush=True)
    print(f"  API key: {runtime.key}   (operator workspace, admin)", flush=True)
    print(f"ready at {url}", flush=True)
    done.wait()
    print("stopping...", flush=True)
    runtime.stop()
    print("stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
