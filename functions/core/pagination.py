"""Cursor pagination: the DynamoDB LastEvaluatedKey, signed and bound to the listing it came from."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from functions.core import signing
from functions.core.errors import Invalid

DEFAULT_LIMIT = 15
MAX_LIMIT = 100


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"cannot encode {type(value).__name__} in a cursor")


def encode(scope: str, last_key: dict[str, Any] | None) -> str | None:
    """`scope` names the listing (workspace and filter): a cursor only works where it was issued."""
    if not last_key:
        return None
    payload = json.dumps(last_key, default=_default, sort_keys=True, separators=(",", ":")).encode()
    return f"{signing.b64(payload)}.{signing.mac('cursor:' + scope, payload, 16)}"


def decode(scope: str, cursor: str | None) -> dict[str, Any] | None:
    """The position a cursor of this listing holds; 400 `invalid_cursor` for anything else."""
    if not cursor:
        return None
    try:
        body, signature = cursor.split(".", 1)
        payload = signing.unb64(body)
    except ValueError:
        payload, signature = b"", ""
    position = None
    if payload and signing.verify("cursor:" + scope, payload, signature, 16):
        # Only our own cursors verify, but one that is not a position is still refused, never a 500.
        try:
            position = json.loads(payload)
        except (ValueError, RecursionError):
            position = None
    if not isinstance(position, dict):
        raise Invalid("The cursor is not valid for this listing", code="invalid_cursor")
    return position
