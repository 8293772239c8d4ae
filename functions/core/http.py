"""The resolver every HTTP function is built on: validation, auth, errors, envelopes, in one place."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)

from functions.core import auth, bodies, ratelimit
from functions.core.errors import Invalid, LettercastError, RateLimited, RouteNotFound, TooLarge
from functions.core.idempotency import idempotency_middleware
from functions.core.models import Deleted, Envelope, Page
from functions.core.observability import logger
from functions.core.settings import settings

JSON = "application/json"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


# --- responses -------------------------------------------------------------------------------


def _json(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    """The body stays an object: Powertools validates it against the route's annotation, then serializes."""
    return Response(status_code=status, content_type=JSON, body=payload, headers=headers or {})


def ok(item: Any) -> Response:
    return _json(200, Envelope(data=item))


def created(item: Any) -> Response:
    return _json(201, Envelope(data=item))


def accepted(item: Any) -> Response:
    return _json(202, Envelope(data=item))


def page(items: Sequence[Any], next_cursor: str | None) -> Response:
    return _json(200, Page(data=list(items), next_cursor=next_cursor))


def deleted() -> Response:
    return _json(200, Deleted())


def error_response(error: LettercastError) -> Response:
    headers = None
    if isinstance(error, RateLimited):
        headers = {**error.headers, "Retry-After": str(error.retry_after_s)}
    return _json(error.status, error.envelope(), headers)


# --- validation errors -----------------------------------------------------------------------


def _field_errors(errors: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    fields = []
    for err in errors:
        loc = [str(part) for part in err.get("loc", ())]
        where, path = (loc[0], loc[1:]) if loc else ("body", [])
        if where == "body" and path and path[0].isdigit():  # JSON decode position, not a field
            path = []
        message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        fields.append({"field": ".".join(path) or where, "in": where, "message": message})
    return fields


def _validation_error(exc: RequestValidationError) -> LettercastError:
    errors = list(exc.errors())
    kinds = {err.get("type") for err in errors}
    if "json_invalid" in kinds:
        return Invalid("The request body is not valid JSON", code="invalid_json")
    fields = _field_errors(errors)
    first = fields[0] if fields else {"field": "body", "message": "invalid"}
    return Invalid(f"{first['field']}: {first['message']}", fields=fields)


# --- the resolver ----------------------------------------------------------------------------


@dataclass
class Api:
    """A group's HTTP entry point. `scope` is the group the API key needs (None: public routes).

    Auth, scope and size are checked before the body is parsed, so a caller without the right key
    learns nothing about what the route would accept. Then every body of an authenticated route is
    checked (`bodies.check_json`); public routes read their own bodies (forms, one-click unsubscribe).
    """

    routers: Sequence[Router]
    scope: str | None
    scope_overrides: dict[str, str] = field(default_factory=dict)  # path prefix -> scope
    public_prefixes: tuple[str, ...] = ()
    max_body_bytes: int | None = None
    # Paths (regular expressions) whose POST may carry a text/csv body of up to csv_max_bytes instead of JSON.
    csv_routes: tuple[str, ...] = ()
    csv_max_bytes: int = 4 * 1024 * 1024
    resolver: APIGatewayRestResolver = field(init=False)

    def __post_init__(self) -> None:
        # A response that does not match its model is our bug: 500, never a 4xx blamed on the caller.
        app = APIGatewayRestResolver(enable_validation=True, response_validation_error_http_code=500)
        for router in self.routers:
            app.include_router(router)
        app.use(middlewares=[idempotency_middleware])
        app.exception_handler(LettercastError)(error_response)
        app.exception_handler(RequestValidationError)(lambda exc: error_response(_validation_error(exc)))
        # Not a RequestValidationError: Powertools found a body type it cannot read (e.g. Application/JSON).
        app.exception_handler(RequestUnsupportedContentType)(
            lambda _exc: error_response(bodies.unsupported_media_type(app.current_event.raw_event))
        )
        app.exception_handler(Exception)(self._unexpected)
        app.not_found(self._route_not_found)
        self.resolver = app

    @staticmethod
    def _unexpected(exc: Exception) -> Response:
        logger.exception("unhandled error")
        return error_response(LettercastError("Something went wrong on our side; it was logged"))

    @staticmethod
    def _route_not_found(_exc: Exception) -> Response:
        return error_response(RouteNotFound("No such route"))

    def _scope_for(self, path: str) -> str | None:
        for prefix, scope in self.scope_overrides.items():
            if path == prefix or path.startswith(prefix + "/"):
                return scope
        return self.scope

    def _public(self, path: str) -> bool:
        return any(path.startswith(p) for p in self.public_prefixes) or self._scope_for(path) is None

    def _csv(self, event: dict[str, Any]) -> bool:
        path = event.get("path") or "/"
        return bodies.is_csv(event) and any(re.fullmatch(p, path) for p in self.csv_routes)

    def _check(self, event: dict[str, Any]) -> auth.Caller | None:
        body = event.get("body") or ""
        limit = self.csv_max_bytes if self._csv(event) else self.max_body_bytes or settings().max_body_bytes
        size = len(body) * 3 // 4 if event.get("isBase64Encoded") else len(body.encode())
        if size > limit:
            raise TooLarge(f"The request body is larger than {limit} bytes", limit=limit)
        path = event.get("path") or "/"
        if self._public(path):
            return None
        current = auth.Caller.from_context((event.get("requestContext") or {}).get("authorizer"))
        write = (event.get("httpMethod") or "GET").upper() in WRITE_METHODS
        auth.require(current, self._scope_for(path) or "", write=write)
        return current

    def handle(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        limits: dict[str, str] = {}
        try:
            current = self._check(event)
            limits = self._count(current)  # a refused body counts against the limit too
            if not self._public(event.get("path") or "/") and not self._csv(event):
                bodies.check_json(event)
        except LettercastError as exc:
            result = _as_proxy(error_response(exc))
        else:
            token = auth.bind(current)
            try:
                result = self.resolver.resolve(event, context)
            finally:
                auth.unbind(token)
        if limits:
            for name, value in limits.items():
                result.setdefault("multiValueHeaders", {})[name] = [value]
        return result

    @staticmethod
    def _count(current: auth.Caller | None) -> dict[str, str]:
        if current is None:
            return {}
        try:
            return ratelimit.take(current.workspace_id)
        except LettercastError:
            raise
        except Exception:  # the limiter failing must not take the API down with it: let the request in
            logger.exception("rate limiter unavailable")
            return {}


def _as_proxy(response: Response) -> dict[str, Any]:
    headers = {"Content-Type": JSON, **{k: str(v) for k, v in (response.headers or {}).items()}}
    return {
        "statusCode": response.status_code,
        "headers": headers,
        "body": json.dumps(response.body),
        "isBase64Encoded": False,
    }
