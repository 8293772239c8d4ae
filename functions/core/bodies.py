"""Request bodies of the API: UTF-8 JSON that a route can read and DynamoDB can store, checked once for
every authenticated route before it runs (functions.core.http), so bad input is a 400/415, never a 500
or a half-done write."""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from functions.core import numbers
from functions.core.errors import Invalid, UnsupportedMediaType

JSON = "application/json"

# DynamoDB nests maps and lists at most 32 levels; no body of ours comes close, and the cap keeps
# every later step (pydantic, rules, boto3's serializer) far from Python's recursion limit.
MAX_BODY_DEPTH = 32


def unsupported_media_type(event: dict[str, Any]) -> UnsupportedMediaType:
    shown = _media_type(event)[:100] or "none"
    return UnsupportedMediaType(f"Send the body as {JSON} (Content-Type was {shown})")


CSV = "text/csv"


def csv_body(event: dict[str, Any]) -> bytes | None:
    """The bytes of a text/csv body (the API passes it base64-encoded, as it came: text/csv is one of the
    RestApi's binary media types), or None when the body is not CSV."""
    if not is_csv(event):
        return None
    body = event.get("body") or ""
    if not event.get("isBase64Encoded"):
        return body.encode("utf-8")
    try:
        return base64.b64decode(body)
    except ValueError:
        raise Invalid("The request body is not valid base64", code="invalid_body") from None


def is_csv(event: dict[str, Any]) -> bool:
    return _media_type(event) == CSV


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


def check_json(event: dict[str, Any]) -> None:
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
        raise unsupported_media_type(event)
    text = _body_text(event)
    try:
        value = json.loads(text, parse_float=_json_float, parse_int=Decimal, parse_constant=Decimal)
    except RecursionError:
        raise _body_error([], f"the body nests deeper than {MAX_BODY_DEPTH} levels") from None
    except ValueError:
        raise Invalid("The request body is not valid JSON", code="invalid_json") from None
    _check_value(value, [])
