"""Signed tokens for public links (unsubscribe, tracking): the link carries its data and its MAC.

A forged or altered token does not verify, and the route answers 404 as for an unknown link.
"""

from __future__ import annotations

import json
from typing import Any

from functions.core import signing

MAC_BYTES = 16  # 128-bit MACs keep links short


def make(purpose: str, data: dict[str, Any]) -> str:
    payload = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    return f"{signing.b64(payload)}.{signing.mac('token:' + purpose, payload, MAC_BYTES)}"


def read(purpose: str, token: str) -> dict[str, Any] | None:
    """The data of a genuine token for this purpose, else None."""
    try:
        body, signature = token.split(".", 1)
        payload = signing.unb64(body)
    except ValueError:
        return None
    if not signing.verify("token:" + purpose, payload, signature, MAC_BYTES):
        return None
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
