"""The resolver every HTTP function is built on: validation, auth, errors, envelopes, in one place."""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)

from functions.core import auth, numbers, ratelimit
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


# --- request bodies --------------------------------------------------------------------------

# DynamoDB nests maps and lists at most 32 levels; no body of ours comes close, and the cap keeps
# every later step (pydantic, rules, boto3's serializer) far from Python's recursion limit.
MAX_BODY_DEPTH = 32


class UnsupportedMediaType(LettercastError):
    status = 415
    code = "unsupported_media_type"


def _unsupported_media_type(content_type: str) -> UnsupportedMediaType:
    shown = content_type[:100] or "none"
    return UnsupportedMediaType(f"Send the body as {JSON} (Content-Type was {shown})")


def _media_type(event: dict[str, Any]) -> str:
    headers = event.get("headers") or {}
    value = next((v for k, v in headers.items() if k.lower() == "content-type"), None) or ""
    return value.split(";", 1)[0].strip().lower()


def _lowercase_json_type(event: dict[str, Any]) -> None:
    """Powertools reads only a lowercase application/json as JSON; media types ignore case (RFC 9110)."""
    for name in ("headers", "multiValueHeaders"):
        headers = event.get(name) or {}
        for key, value in headers.items():
            if key.lower() == "content-type":
                headers[key] = [v.lower() for v in value] if isinstance(value, list) else value.lower()


def _body_text(event: dict[str, Any]) -> str:
    """The body as text: API Gateway passes a body that is not UTF-8 text base64-encoded."""
    body = event.get("body") or ""
    if not event.get("isBase64Encoded"):
        return body
    try:
        return base64.b64decode(body).decode("utf-8")
    except ValueError:  # not base64 (binascii.Error), or bytes that are not UTF-8 (UnicodeDecodeError)
        raise Invalid(
            "The request body is not valid JSON: it is not UTF-8 text", code="invalid_json"
        ) from None


def _json_float(text: str) -> Decimal:
    """What pydantic will see (a float), exactly, unless the float would hide a number out of range."""
    number = float(text)
    if number != 0 and math.isfinite(number):
        return Decimal(repr(number))
    try:
        return Decimal(text)  # 1e-400 is not 0, and 1e400 not infinity: the range check names them
    except InvalidOperation:  # an exponent beyond even Decimal's range
        return Decimal("1E+999999")


def _body_error(path: Sequence[str], message: str) -> Invalid:
    where = ".".join(path) or "body"
    return Invalid(f"{where}: {message}", fields=[{"field": where, "in": "body", "message": message}])


def _check_value(value: Any, path: list[str]) -> None:
    """Every number DynamoDB can hold, every string real Unicode, no deeper than MAX_BODY_DEPTH."""
    if isinstance(value, dict | list):
        if len(path) >= MAX_BODY_DEPTH:
            raise _body_error(path, f"the body nests deeper than {MAX_BODY_DEPTH} levels")
        for key, item in value.items() if isinstance(value, dict) else enumerate(value):
            if isinstance(key, str) and not _is_unicode(key):
                raise _body_error(path, "a key is not valid Unicode (an unpaired surrogate)")
            _check_value(item, [*path, str(key)[:100]])
    elif isinstance(value, Decimal):
        try:
            numbers.storable(value)
        except ValueError as exc:
            raise _body_error(path, f"the number {exc}") from None
    elif isinstance(value, str) and not _is_unicode(value):
        raise _body_error(path, "the text is not valid Unicode (an unpaired surrogate)")


def _is_unicode(text: str) -> bool:
    """False for a lone surrogate (JSON allows the escape "\\ud800"; UTF-8 and DynamoDB do not)."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_json_body(event: dict[str, Any]) -> None:
    """A JSON route's body is UTF-8 JSON that the route can read and DynamoDB can store; else 400/415.

    Checked before the resolver, so no route runs (and nothing is written) with a body it would choke on.
    A JSON Content-Type in capitals is lowercased in the event, so that Powertools reads it as JSON too.
    """
    content_type = _media_type(event)
    if content_type == JSON:
        _lowercase_json_type(event)
    if not event.get("body"):
        return  # no body: nothing to check (a route that needs one answers its own 400)
    if content_type not in ("", JSON):  # no Content-Type is read as JSON, as Powertools does
        raise _unsupported_media_type(content_type)
    text = _body_text(event)
    try:
        value = json.loads(text, parse_float=_json_float, parse_int=Decimal, parse_constant=Decimal)
    except RecursionError:
        raise _body_error([], f"the body nests deeper than {MAX_BODY_DEPTH} levels") from None
    except ValueError:
        raise Invalid("The request body is not valid JSON", code="invalid_json") from None
    _check_value(value, [])


# --- the resolver ----------------------------------------------------------------------------


@dataclass
class Api:
    """A group's HTTP entry point. `scope` is the group the API key needs (None: public routes).

    Auth, scope and size are checked before the body is parsed, so a caller without the right key
    learns nothing about what the route would accept. Then every body of an authenticated route is
    checked (`check_json_body`); public routes read their own bodies (forms, one-click unsubscribe).
    """

    routers: Sequence[Router]
    scope: str | None
    scope_overrides: dict[str, str] = field(default_factory=dict)  # path prefix -> scope
    public_prefixes: tuple[str, ...] = ()
    max_body_bytes: int | None = None
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
            lambda _exc: error_response(_unsupported_media_type(_media_type(app.current_event.raw_event)))
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

    def _check(self, event: dict[str, Any]) -> auth.Caller | None:
        body = event.get("body") or ""
        limit = self.max_body_bytes or settings().max_body_bytes
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
            if not self._public(event.get("path") or "/"):
                check_json_body(event)
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
