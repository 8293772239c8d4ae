"""Webhook secrets and signatures (Standard Webhooks).

A webhook's secret is never stored: it is derived from the stack's webhook signing key, the workspace, the
webhook's id and its secret's version, so it can be shown on creation and on rotation and then only ever
recomputed; rotating bumps the version.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime
from functools import cache
from typing import Any

from standardwebhooks.webhooks import Webhook

from functions.core import aws
from functions.core.clock import parse_iso
from functions.core.settings import resource_name

PREFIX = "whsec_"


@cache
def _key() -> bytes:
    secret = aws.client("secretsmanager").get_secret_value(
        SecretId=resource_name("SECRET_WEBHOOK_SIGNING_ARN")
    )
    return secret["SecretString"].encode()


def secret(workspace_id: str, webhook_id: str, version: int) -> str:
    """`whsec_` + base64 of 32 bytes, as the standardwebhooks libraries take it."""
    raw = hmac.new(_key(), f"{workspace_id}:{webhook_id}:{version}".encode(), hashlib.sha256).digest()
    return PREFIX + base64.b64encode(raw).decode()


def current(webhook: dict[str, Any]) -> str:
    """The webhook's secret now."""
    return secret(webhook["workspace_id"], webhook["id"], int(webhook.get("secret_version") or 1))


def signing(webhook: dict[str, Any], at: datetime) -> list[str]:
    """The secrets a delivery at `at` is signed with: the current one, and the previous one while it is
    still accepted after a rotation (`previous_secret_until`)."""
    version = int(webhook.get("secret_version") or 1)
    found = [secret(webhook["workspace_id"], webhook["id"], version)]
    until = webhook.get("previous_secret_until")
    if until and version > 1 and at < parse_iso(until):
        found.append(secret(webhook["workspace_id"], webhook["id"], version - 1))
    return found


def headers(secrets: list[str], message_id: str, at: datetime, body: str) -> dict[str, str]:
    """The Standard Webhooks headers of a message: one `v1,` signature per secret, space separated, so a
    receiver that holds either secret (during a rotation) verifies it."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": " ".join(Webhook(s).sign(message_id, at, body) for s in secrets),
    }


def reset() -> None:
    _key.cache_clear()
