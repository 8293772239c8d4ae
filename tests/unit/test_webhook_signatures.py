"""Webhook signatures are Standard Webhooks': the `standardwebhooks` verifier accepts them, with either secret
while two are in use (a rotation)."""

from __future__ import annotations

import base64
import os
from datetime import UTC, datetime

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from functions.webhooks import signatures
from functions.webhooks.jobs import WebhookEvent


def a_secret() -> str:
    return "whsec_" + base64.b64encode(os.urandom(32)).decode()


def test_a_delivery_signed_with_two_secrets_verifies_with_either_and_no_other() -> None:
    old, new = a_secret(), a_secret()
    event = WebhookEvent(id="01a0", type="contact.created", created_at="2026-11-22T10:00:00Z", data={"n": 1})
    body = event.body()

    headers = signatures.headers([new, old], event.id, datetime.now(UTC), body)

    assert headers["webhook-id"] == "01a0"
    assert Webhook(new).verify(body, headers) == {
        "id": "01a0",
        "type": "contact.created",
        "created_at": "2026-11-22T10:00:00Z",
        "data": {"n": 1},
    }
    assert Webhook(old).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(a_secret()).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new).verify(body.replace("1", "2"), headers)


def test_an_old_timestamp_does_not_verify() -> None:
    secret = a_secret()
    headers = signatures.headers([secret], "01a0", datetime(2020, 1, 1, tzinfo=UTC), "{}")

    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify("{}", headers)
