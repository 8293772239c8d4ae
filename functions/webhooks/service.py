"""Webhooks: the rules of API.md (endpoints, secrets, test deliveries, the deliveries log, manual retries)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from functions.core import events, queues
from functions.core.clock import iso, now
from functions.core.errors import Conflict, Invalid, NotFound, Unprocessable
from functions.core.ids import is_id, new_id
from functions.core.settings import settings
from functions.webhooks import signatures, store, targets
from functions.webhooks.jobs import WebhookEvent, WebhookJob
from functions.webhooks.models import (
    DISABLED_BY_USER,
    MAX_WEBHOOKS,
    TEST_TOPIC,
    DeliveryOut,
    WebhookCreate,
    WebhookOut,
    WebhookPatch,
    WebhookWithSecret,
)

QUEUE = "webhooks"


def _load(workspace_id: str, webhook_id: str) -> dict[str, Any]:
    item = store.get(workspace_id, webhook_id) if is_id(webhook_id) else None
    if item is None:
        raise NotFound("webhook", webhook_id)
    return item


def _check_url(url: str) -> None:
    """400 `webhook_url_not_allowed` naming `url` unless a delivery could go there now."""
    try:
        targets.resolve(url)
    except targets.NotAllowed as refused:
        raise Invalid(
            f"url: {refused}",
            code="webhook_url_not_allowed",
            fields=[{"field": "url", "in": "body", "message": str(refused)}],
        ) from None


def _require_enabled(webhook: dict[str, Any]) -> None:
    if not webhook.get("enabled", True):
        raise Unprocessable(
            "This webhook is disabled: enable it first (PATCH enabled: true)",
            code="webhook_disabled",
            disabled_reason=webhook.get("disabled_reason"),
        )


# --- endpoints -------------------------------------------------------------------------------


def create(workspace_id: str, body: WebhookCreate) -> WebhookWithSecret:
    _check_url(body.url)
    at = iso(now())
    item: dict[str, Any] = {
        "workspace_id": workspace_id,
        "id": new_id(),
        "url": body.url,
        "topics": body.topics,
        "enabled": body.enabled,
        "secret_version": 1,
        "created_at": at,
        "updated_at": at,
    }
    if body.description:
        item["description"] = body.description
    if not body.enabled:
        item["disabled_reason"] = DISABLED_BY_USER
    try:
        store.create(item, MAX_WEBHOOKS)
    except store.LimitReached:
        raise Conflict(
            f"A workspace has at most {MAX_WEBHOOKS} webhooks: delete one first",
            code="webhook_limit_reached",
            limit=MAX_WEBHOOKS,
        ) from None
    events.forget_listeners(workspace_id)
    return WebhookWithSecret.with_secret(item, signatures.current(item))


def list_webhooks(workspace_id: str, limit: int, cursor: str | None) -> tuple[list[WebhookOut], str | None]:
    items, next_cursor = store.page(workspace_id, limit, cursor)
    return [WebhookOut.from_item(i) for i in items], next_cursor


def get(workspace_id: str, webhook_id: str) -> WebhookOut:
    return WebhookOut.from_item(_load(workspace_id, webhook_id))


def update(workspace_id: str, webhook_id: str, patch: WebhookPatch) -> WebhookOut:
    current = _load(workspace_id, webhook_id)
    changes = patch.model_dump(exclude_unset=True)
    for required in ("url", "topics", "enabled"):
        if required in changes and changes[required] is None:
            raise Invalid(
                f"{required} cannot be removed",
                fields=[{"field": required, "in": "body", "message": "cannot be null"}],
            )
    if "url" in changes:
        _check_url(changes["url"])
    values = {k: changes[k] for k in ("url", "topics") if k in changes}
    remove: list[str] = []
    if "description" in changes:
        if changes["description"]:
            values["description"] = changes["description"]
        else:
            remove.append("description")
    was_enabled = current.get("enabled", True)
    if changes.get("enabled") is True and not was_enabled:  # a fresh start: earlier failures no longer count
        values["enabled"] = True
        remove += ["disabled_reason", "failing_since"]
    elif changes.get("enabled") is False and was_enabled:
        values.update(enabled=False, disabled_reason=DISABLED_BY_USER)
    values["updated_at"] = iso(now())
    updated = store.update(workspace_id, webhook_id, values, tuple(remove))
    if updated is None:
        raise NotFound("webhook", webhook_id)
    events.forget_listeners(workspace_id)
    return WebhookOut.from_item(updated)


def delete(workspace_id: str, webhook_id: str) -> None:
    """The webhook goes at once; its queued deliveries are dropped when they come up."""
    if not is_id(webhook_id) or not store.delete(workspace_id, webhook_id):
        raise NotFound("webhook", webhook_id)
    events.forget_listeners(workspace_id)


def rotate_secret(workspace_id: str, webhook_id: str) -> WebhookWithSecret:
    """A new secret; the previous one still signs deliveries for `webhook_secret_overlap_s` (0: stops now)."""
    _load(workspace_id, webhook_id)
    moment = now()
    overlap = settings().webhook_secret_overlap_s
    until = iso(moment + timedelta(seconds=overlap)) if overlap else None
    rotated = store.rotate(workspace_id, webhook_id, until, iso(moment))
    if rotated is None:
        raise NotFound("webhook", webhook_id)
    events.forget_listeners(workspace_id)
    return WebhookWithSecret.with_secret(rotated, signatures.current(rotated))


# --- deliveries ------------------------------------------------------------------------------


def test_data(webhook_id: str) -> dict[str, Any]:
    """The data of a `webhook.test` event (made again for its manual retry: it is not a domain event)."""
    return {"webhook_id": webhook_id, "message": "A test delivery from Lettercast"}


def _queue(workspace_id: str, webhook_id: str, event: WebhookEvent, previous: str) -> None:
    """One attempt of `event` queued; when that fails the delivery's status goes back to `previous`."""
    job = WebhookJob(workspace_id=workspace_id, webhook_id=webhook_id, event=event, manual=True)
    try:
        queues.send_all(QUEUE, [job.body()])
    except Exception:
        store.set_status(workspace_id, webhook_id, event.id, previous)
        raise


def send_test(workspace_id: str, webhook_id: str) -> DeliveryOut:
    """A `webhook.test` delivery, queued: one attempt, not retried (retry it by hand)."""
    webhook = _load(workspace_id, webhook_id)
    _require_enabled(webhook)
    event = WebhookEvent(id=new_id(), type=TEST_TOPIC, created_at=iso(now()), data=test_data(webhook_id))
    # Recorded before it is queued: the worker's attempt must land on it, never be overwritten by it.
    delivery = store.put_pending(workspace_id, webhook_id, event.id, event.type, event.created_at)
    _queue(workspace_id, webhook_id, event, "failed")  # never attempted: not pending for ever
    return DeliveryOut.from_item(delivery)


def deliveries(
    workspace_id: str, webhook_id: str, status: str | None, limit: int, cursor: str | None
) -> tuple[list[DeliveryOut], str | None]:
    _load(workspace_id, webhook_id)
    items, next_cursor = store.deliveries_page(workspace_id, webhook_id, status, limit, cursor)
    return [DeliveryOut.from_item(i) for i in items], next_cursor


def _event_of(workspace_id: str, webhook_id: str, delivery: dict[str, Any]) -> WebhookEvent:
    if delivery["type"] == TEST_TOPIC:
        data = test_data(webhook_id)
    else:
        item = store.get_event(workspace_id, delivery["event_id"], delivery["created_at"])
        if item is None:
            raise Unprocessable(
                "The event of this delivery is no longer kept (events are kept 30 days)",
                code="delivery_event_expired",
            )
        data = item.get("data") or {}
    return WebhookEvent(
        id=delivery["event_id"], type=delivery["type"], created_at=delivery["created_at"], data=data
    )


def retry(workspace_id: str, webhook_id: str, delivery_id: str) -> DeliveryOut:
    """One more attempt of a delivery, queued now: same event and webhook-id, logged on the same delivery."""
    webhook = _load(workspace_id, webhook_id)
    delivery = store.get_delivery(workspace_id, webhook_id, delivery_id) if is_id(delivery_id) else None
    if delivery is None:
        raise NotFound("delivery", delivery_id)
    _require_enabled(webhook)
    event = _event_of(workspace_id, webhook_id, delivery)
    pending = store.set_status(workspace_id, webhook_id, delivery_id, "pending")
    if pending is None:  # it expired meanwhile
        raise NotFound("delivery", delivery_id)
    _queue(workspace_id, webhook_id, event, delivery["status"])
    return DeliveryOut.from_item(pending)
