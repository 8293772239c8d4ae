"""The campaign jobs on the dispatch and send queues, as models: built here, parsed at the workers' edge.

The JSON on the wire is what it always was (same field names, `attempt` only once a batch was throttled),
so messages queued before these models still parse; unknown fields are ignored.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel


class Job(BaseModel):
    workspace_id: str
    campaign_id: str

    def body(self) -> dict[str, Any]:
        """The message body: defaults left out, as the dicts these models replace did."""
        return self.model_dump(mode="json", exclude_defaults=True)


class DispatchJob(Job):
    """Fix the audience of one contact shard of a campaign and queue it for sending."""

    shard: int


class SendJob(Job):
    """Send to up to 50 recipients; no recipients: only check whether the campaign is done."""

    contact_ids: list[str]
    attempt: int = 0  # how many times SES throttled this batch


def dead_job(body: str) -> DispatchJob | SendJob:
    """A message of a campaign DLQ: a dispatch when it names a shard, else a send batch.

    Raises pydantic's ValidationError when its shape is not a job's, ValueError when it is not JSON."""
    data = json.loads(body)
    if isinstance(data, dict) and "shard" in data:
        return DispatchJob.model_validate(data)
    return SendJob.model_validate(data)
