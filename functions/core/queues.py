"""Sending to the topology's queues: batches of 10 and 256 KiB (SendMessageBatch), failures retried once, then
raised."""

from __future__ import annotations

import json
from typing import Any

from functions.core import aws
from functions.core.settings import resource_name


def queue_url(name: str) -> str:
    return resource_name(f"QUEUE_{name.upper().replace('-', '_')}_URL")


# SQS takes at most 10 messages and 256 KiB a SendMessageBatch, the messages' sizes summed.
BATCH_BYTES = 256 * 1024 - 1024  # room for the request's own fields


def _batches(texts: list[str]) -> list[list[str]]:
    """The messages in batches of at most 10 and BATCH_BYTES (a message alone may be up to 256 KiB)."""
    batches: list[list[str]] = []
    size = 0
    for text in texts:
        length = len(text.encode())
        if not batches or len(batches[-1]) == 10 or size + length > BATCH_BYTES:
            batches.append([])
            size = 0
        batches[-1].append(text)
        size += length
    return batches


def send_all(name: str, bodies: list[dict[str, Any]], delay_s: int = 0) -> None:
    url = queue_url(name)
    sqs = aws.client("sqs")
    for batch in _batches([json.dumps(body, separators=(",", ":")) for body in bodies]):
        entries = [
            {"Id": str(i), "MessageBody": text, "DelaySeconds": delay_s} for i, text in enumerate(batch)
        ]
        for _ in range(2):
            failed = sqs.send_message_batch(QueueUrl=url, Entries=entries).get("Failed", [])
            if not failed:
                break
            retry = {f["Id"] for f in failed}
            entries = [e for e in entries if e["Id"] in retry]
        else:
            raise RuntimeError(f"{len(entries)} messages could not be queued on {name}")
