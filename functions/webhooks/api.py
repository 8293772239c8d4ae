"""HTTP routes of the webhooks group: endpoints, secrets, test deliveries, the deliveries log, retries."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from functions.core import http, idempotency
from functions.core.auth import caller
from functions.core.models import Deleted, Envelope, Page
from functions.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from functions.webhooks import service
from functions.webhooks.models import (
    MAX_WEBHOOKS,
    DeliveryOut,
    DeliveryStatus,
    WebhookCreate,
    WebhookOut,
    WebhookPatch,
    WebhookWithSecret,
)

router = Router()
TAGS = ["webhooks"]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size")]
Cursor = Annotated[str | None, Query(max_length=2048, description="next_cursor of the previous page")]
WebhookId = Annotated[str, Path()]
DeliveryId = Annotated[str, Path(description="The delivery's id (its event's id)")]


@router.post(
    "/v1/webhooks",
    tags=TAGS,
    summary="Create a webhook (its secret is shown only here)",
    description=f"At most {MAX_WEBHOOKS} per workspace (409 `webhook_limit_reached`). The URL must be https "
    "and resolve only to public addresses (400 `webhook_url_not_allowed`).",
    responses={201: {"description": "Created"}},
)
def create_webhook(body: WebhookCreate) -> Response[Envelope[WebhookWithSecret]]:
    created = service.create(caller().workspace_id, body)
    return idempotency.shown_once(http.created(created), "data.secret")


@router.get("/v1/webhooks", tags=TAGS, summary="Webhooks, newest first")
def list_webhooks(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> Response[Page[WebhookOut]]:
    webhooks, next_cursor = service.list_webhooks(caller().workspace_id, limit, cursor)
    return http.page(webhooks, next_cursor)


@router.get("/v1/webhooks/<webhook_id>", tags=TAGS, summary="Get a webhook")
def get_webhook(webhook_id: WebhookId) -> Response[Envelope[WebhookOut]]:
    return http.ok(service.get(caller().workspace_id, webhook_id))


@router.patch(
    "/v1/webhooks/<webhook_id>",
    tags=TAGS,
    summary="Change a webhook",
    description="`enabled: true` enables a disabled webhook again and forgets its failures.",
)
def patch_webhook(webhook_id: WebhookId, body: WebhookPatch) -> Response[Envelope[WebhookOut]]:
    return http.ok(service.update(caller().workspace_id, webhook_id, body))


@router.delete("/v1/webhooks/<webhook_id>", tags=TAGS, summary="Delete a webhook")
def delete_webhook(webhook_id: WebhookId) -> Response[Deleted]:
    service.delete(caller().workspace_id, webhook_id)
    return http.deleted()


@router.post(
    "/v1/webhooks/<webhook_id>/rotate-secret",
    tags=TAGS,
    summary="Rotate a webhook's secret (the new one is shown only here)",
    description="Deliveries are signed with the new secret and, for 24 hours, the previous one too.",
)
def rotate_secret(webhook_id: WebhookId) -> Response[Envelope[WebhookWithSecret]]:
    rotated = service.rotate_secret(caller().workspace_id, webhook_id)
    return idempotency.shown_once(http.ok(rotated), "data.secret")


@router.post(
    "/v1/webhooks/<webhook_id>/test",
    tags=TAGS,
    summary="Send a webhook.test delivery",
    description="Queued at once; one attempt, not retried. 422 `webhook_disabled` for a disabled webhook.",
    responses={202: {"description": "Queued"}},
)
def test_webhook(webhook_id: WebhookId) -> Response[Envelope[DeliveryOut]]:
    return http.accepted(service.send_test(caller().workspace_id, webhook_id))


@router.get(
    "/v1/webhooks/<webhook_id>/deliveries",
    tags=TAGS,
    summary="A webhook's deliveries and their attempts, newest first (kept 30 days)",
)
def list_deliveries(
    webhook_id: WebhookId,
    status: Annotated[DeliveryStatus | None, Query()] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response[Page[DeliveryOut]]:
    rows, next_cursor = service.deliveries(caller().workspace_id, webhook_id, status, limit, cursor)
    return http.page(rows, next_cursor)


@router.post(
    "/v1/webhooks/<webhook_id>/deliveries/<delivery_id>/retry",
    tags=TAGS,
    summary="Attempt a delivery once more, now",
    description="Same event and webhook-id; the attempt is logged on the same delivery.",
    responses={202: {"description": "Queued"}},
)
def retry_delivery(webhook_id: WebhookId, delivery_id: DeliveryId) -> Response[Envelope[DeliveryOut]]:
    return http.accepted(service.retry(caller().workspace_id, webhook_id, delivery_id))
