"""Sending to the topology's queues: batches of 10 (SendMessageBatch), failures retried once, then raised."""

from __future__ import annotations

import json
from typing import Any

from functions.core import aws
from functions.core.settings import resource_name


def queue_url(name: str) -> str:
    return resource_name(f"QUEUE_{name.upper().replace('-', '_')}_URL")


def send_all(name: str, bodies: list[dict[str, Any]], delay_s: int = 0) -> None:
    url = queue_url(name)
    sqs = aws.client("sqs")
    for start in range(0, len(bodies), 10):
        entries = [
            {"Id": str(i), "MessageBody": json.dumps(body, separators=(",", ":")), "DelaySeconds": delay_s}
            for i, body in enumerate(bodies[start : start + 10])
        ]
        for _ in range(2):
            failed = sqs.send_message_batch(QueueUrl=url, Entries=entries).get("Failed", [])
            if not failed:
                break
            retry = {f["Id"] for f in failed}
            entries = [e for e in entries if e["Id"] in retry]
        else:
            raise RuntimeError(f"{len(entries)} messages could not be queued on {name}")
