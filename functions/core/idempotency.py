"""`Idempotency-Key` on POST: a retry within the TTL gets the first response (Powertools idempotency).

Records belong to the calling API key (another key of the workspace, whatever its scopes, can never
replay them) and are shared by every function, so the same key with a different body, or on another
route or group, is a 409, as Stripe does it. A secret shown once (an API key, a webhook secret) is
never stored: its replay returns the object with the secret null and says so in a header.
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
# One name for every function's records (Powertools would prefix them with the Lambda's own name).
KEY_PREFIX = "lettercast-api"
# Set by a route on a response holding a secret shown once; read and removed here, never sent.
SHOWN_ONCE = "X-Lettercast-Shown-Once"
SECRET_OMITTED = "Lettercast-Secret-Omitted"


def shown_once(response: Response, *paths: str) -> Response:
    """Mark dotted paths of the body (`data.key`) as secrets: not stored, so never replayed."""
    response.headers[SHOWN_ONCE] = ",".join(paths)
    return response


def _secret_paths(response: Response) -> list[str]:
    value = (response.headers or {}).pop(SHOWN_ONCE, "")
    return [p for p in str(value).split(",") if p]


def _without(body: Any, path: str) -> Any:
    """A copy of the JSON body with the value at `path` set to null."""
    if not isinstance(body, dict):
        return body
    head, _, rest = path.partition(".")
    if head not in body:
        return body
    return {**body, head: _without(body[head], rest) if rest else None}


@cache
def persistence() -> DynamoDBPersistenceLayer:
    return DynamoDBPersistenceLayer(
        table_name=resource_name("TABLE_IDEMPOTENCY"), boto3_client=aws.client("dynamodb")
    )


def _config() -> IdempotencyConfig:
    return IdempotencyConfig(
        event_key_jmespath="[workspace, api_key, key]",
        payload_validation_jmespath="[route, body]",
        expires_after_seconds=settings().idempotency_ttl_s,
        raise_on_no_idempotency_key=True,
    )


def _first_response(*, request: dict[str, Any], call: Any) -> dict[str, Any]:
    response: Response = call()
    body = response.body  # already JSON-ready: response validation serialized it
    secrets = _secret_paths(response)
    for path in secrets:
        body = _without(body, path)
    return {
        "status_code": response.status_code,
        "body": body,
        "headers": {k: v for k, v in (response.headers or {}).items() if isinstance(v, str)},
        "content_type": (response.headers or {}).get("Content-Type", "application/json"),
        "secrets": secrets,
    }


def idempotency_middleware(app: Any, next_middleware: Any) -> Response:
    event = app.current_event
    key = event.headers.get(HEADER)
    if key is None:
        key = event.headers.get(HEADER.lower())
    if event.http_method.upper() != "POST" or key is None:
        response = next_middleware(app)
        _secret_paths(response)
        return response
    # An empty key is refused as the document says (1 to 255), not taken for no key: a client that meant
    # to send one would otherwise get no protection without knowing it.
    if not key or len(key) > MAX_KEY_LENGTH:
        raise Invalid(f"{HEADER} must be 1 to {MAX_KEY_LENGTH} characters", code="invalid_idempotency_key")
    current = auth.current()
    request = {
        # A public route's keys are shared by everyone who knows them.
        "workspace": current.workspace_id if current else "public",
        "api_key": current.key_id if current else "public",
        "key": key,
        "route": f"POST {event.path}",
        "body": hashlib.sha256((event.body or "").encode()).hexdigest(),
    }
    config = _config()
    if getattr(app, "lambda_context", None) is not None:
        config.register_lambda_context(app.lambda_context)
    run = idempotent_function(
        _first_response,
        data_keyword_argument="request",
        persistence_store=persistence(),
        config=config,
        key_prefix=KEY_PREFIX,
    )
    first: list[Response] = []

    def call() -> Response:
        response = next_middleware(app)
        first.append(response)
        return response

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
    if first:
        return first[0]  # this call ran the request: its own answer, secrets included
    headers = {**(saved.get("headers") or {}), "Idempotent-Replayed": "true"}
    if saved.get("secrets"):
        headers[SECRET_OMITTED] = ",".join(saved["secrets"])
    return Response(
        status_code=saved["status_code"],
        content_type=saved.get("content_type") or "application/json",
        body=saved.get("body"),
        headers=headers,
    )


def reset() -> None:
    persistence.cache_clear()
