"""`Idempotency-Key` on POST: a retry within the TTL gets the first response (Powertools idempotency).

The same key with a different body or on another route is a 409, as Stripe does it.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyValidationError,
)

from functions.core import auth, aws
from functions.core.errors import Conflict, Invalid
from functions.core.settings import resource_name, settings

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


@cache
def persistence() -> DynamoDBPersistenceLayer:
    return DynamoDBPersistenceLayer(
        table_name=resource_name("TABLE_IDEMPOTENCY"), boto3_client=aws.client("dynamodb")
    )


def _config() -> IdempotencyConfig:
    return IdempotencyConfig(
        event_key_jmespath="[workspace, key]",
        payload_validation_jmespath="[route, body]",
        expires_after_seconds=settings().idempotency_ttl_s,
        raise_on_no_idempotency_key=True,
    )


def _first_response(*, request: dict[str, Any], call: Any) -> dict[str, Any]:
    response: Response = call()
    return {
        "status_code": response.status_code,
        "body": response.body,  # already JSON-ready: response validation serialized it
        "headers": {k: v for k, v in (response.headers or {}).items() if isinstance(v, str)},
        "content_type": (response.headers or {}).get("Content-Type", "application/json"),
    }


def idempotency_middleware(app: Any, next_middleware: Any) -> Response:
    event = app.current_event
    key = event.headers.get(HEADER) or event.headers.get(HEADER.lower())
    if event.http_method.upper() != "POST" or not key:
        return next_middleware(app)
    if len(key) > MAX_KEY_LENGTH:
        raise Invalid(f"{HEADER} must be at most {MAX_KEY_LENGTH} characters", code="invalid_idempotency_key")
    try:
        workspace = auth.caller().workspace_id
    except Exception:  # a public route: keys are shared by everyone who knows them
        workspace = "public"
    request = {
        "workspace": workspace,
        "key": key,
        "route": f"POST {event.path}",
        "body": hashlib.sha256((event.body or "").encode()).hexdigest(),
    }
    config = _config()
    if getattr(app, "lambda_context", None) is not None:
        config.register_lambda_context(app.lambda_context)
    run = idempotent_function(
        _first_response, data_keyword_argument="request", persistence_store=persistence(), config=config
    )
    calls: list[int] = []

    def call() -> Response:
        calls.append(1)
        return next_middleware(app)

    try:
        saved = run(request=request, call=call)
    except IdempotencyValidationError as exc:
        raise Conflict(
            f"This {HEADER} was used with a different request", code="idempotency_key_reused"
        ) from exc
    except IdempotencyAlreadyInProgressError as exc:
        raise Conflict(
            f"A request with this {HEADER} is still in progress", code="idempotency_in_progress"
        ) from exc
    headers = dict(saved.get("headers") or {})
    if not calls:
        headers["Idempotent-Replayed"] = "true"
    return Response(
        status_code=saved["status_code"],
        content_type=saved.get("content_type") or "application/json",
        body=saved.get("body"),
        headers=headers,
    )


def reset() -> None:
    persistence.cache_clear()
