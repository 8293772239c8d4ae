"""What every in-process benchmark sets first: the repository on the import path, fake AWS credentials for
moto, and Powertools quiet (no traces, metrics or logs below errors to pay for)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def prepare(**extra: str) -> Path:
    """Call before importing anything of the project; `extra`: more environment for this benchmark."""
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        AWS_DEFAULT_REGION="us-east-1",
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        POWERTOOLS_TRACE_DISABLED="1",
        POWERTOOLS_METRICS_DISABLED="1",
        POWERTOOLS_LOG_LEVEL="ERROR",
        **extra,
    )
    return ROOT
