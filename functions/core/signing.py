"""HMAC signing with the stack's signing secret: cursors and public tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache

from functions.core import aws
from functions.core.settings import resource_name


@cache
def _key() -> bytes:
    secret = aws.client("secretsmanager").get_secret_value(SecretId=resource_name("SECRET_SIGNING_ARN"))
    return secret["SecretString"].encode()


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    """The bytes of unpadded URL-safe base64; ValueError (binascii.Error among them) for anything else."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def mac(purpose: str, payload: bytes, size: int = 32) -> str:
    """A MAC of `payload` bound to `purpose`, so a value signed for one use never passes for another."""
    digest = hmac.new(_key(), purpose.encode() + b"\x00" + payload, hashlib.sha256).digest()
    return b64(digest[:size])


def verify(purpose: str, payload: bytes, signature: str, size: int = 32) -> bool:
    """True when `signature` is the MAC of `payload` for `purpose`; any other text is simply False."""
    # compare_digest raises TypeError for a str that is not ASCII: compare bytes, never that str.
    given = signature.encode("utf-8", "surrogatepass")
    return hmac.compare_digest(mac(purpose, payload, size).encode(), given)


def reset() -> None:
    _key.cache_clear()
