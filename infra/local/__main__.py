"""`python -m infra.local`: the local runtime in the foreground until Ctrl-C (what `make run` starts)."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from functions.account.service import KEY_PATTERN
from functions.core.clock import now_iso, offset_s
from infra.local.runtime import LocalRuntime


def main() -> int:
    key = os.environ.get("LETTERCAST_API_KEY")
    if key and not KEY_PATTERN.match(key):
        print("LETTERCAST_API_KEY must be lc_ followed by at least 32 URL-safe characters", file=sys.stderr)
        return 2
    state_dir = Path(os.environ.get("LETTERCAST_STATE_DIR", ".lettercast"))
    durable = os.environ.get("LETTERCAST_DURABLE", "1") != "0"  # 0: a scratch runtime, nothing kept
    runtime = LocalRuntime(state_dir, int(os.environ.get("PORT", "8787")), durable=durable)
    # The handlers only append to a list: an Event.set() there can deadlock when the signal lands while
    # the main thread holds the Event's own lock inside wait().
    signals: list[int] = []
    signal.signal(signal.SIGINT, lambda number, _: signals.append(number))
    signal.signal(signal.SIGTERM, lambda number, _: signals.append(number))
    url = runtime.start()
    kept = f"state in {state_dir}/, restored in {runtime.restored_in_s:.1f} s" if durable else "nothing kept"
    print(f"Lettercast local runtime ({kept})", flush=True)
    print(f"  API:     {url}/v1   docs: {url}/docs   outbox: {url}/_local/mail", flush=True)
    print(f"  API key: {runtime.key}   (operator workspace, admin)", flush=True)
    if offset_s():
        print(f"  clock:   {now_iso()}, {offset_s():.0f} s ahead (POST /_local/clock/advance)", flush=True)
    print(f"ready at {url}", flush=True)
    while not signals:
        time.sleep(0.2)
    print("stopping...", flush=True)
    runtime.stop()
    print("stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
