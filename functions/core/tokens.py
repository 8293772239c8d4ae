"""Signed tokens for public links (unsubscribe, tracking): the link carries its data and its MAC.

A forged or altered token does not verify, and the route answers 404 as for an unknown link.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from functions.core import signing

MAC_BYTES = 16  # 128-bit MACs keep links short
MAX_LENGTH = 4000  # a click link carries its destination; a longer one is left untracked, never signed


def make(purpose: str, data: dict[str, Any]) -> str:
    payload = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    return f"{signing.b64(payload)}.{signing.mac('token:' + purpose, payload, MAC_BYTES)}"


def read(purpose: str, token: str, keys: Iterable[str] = ()) -> dict[str, Any] | None:
    """The data of a genuine token for this purpose holding each of `keys` as text, else None."""
    if len(token) > MAX_LENGTH:
        return None
    try:
        body, signature = token.split(".", 1)
        payload = signing.unb64(body)
    except ValueError:
        return None
    if not signing.verify("token:" + purpose, payload, signature, MAC_BYTES):
        return None
    # Only our own payloads verify, but one that cannot be read as this link's data is still no link.
    try:
        data = json.loads(payload)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(key), str) for key in keys):
        return None
    return data
