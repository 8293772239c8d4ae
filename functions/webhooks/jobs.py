"""The job on the webhooks queue: one delivery of one event to one webhook, the event inline (the delivery
worker reads nothing but the webhook). Built by the fan-out and the API, parsed at the worker's edge."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, Field


class WebhookEvent(BaseModel):
    """What the receiver gets: the body of the POST."""

    id: str  # the domain event's id: the `webhook-id` of every attempt, so receivers can dedupe
    type: str
    created_at: str
    data: dict[str, Any] = Field(default_factory=dict)

    def body(self) -> str:
        """The POST body: compact JSON, signed as it is sent."""
        return json.dumps(self.model_dump(mode="json"), separators=(",", ":"))


class WebhookJob(BaseModel):
    workspace_id: str
    webhook_id: str
    event: WebhookEvent
    manual: bool = False  # a test or a manual retry: one attempt, never retried

    def body(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_defaults=True)
