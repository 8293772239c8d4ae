"""Core rules with no AWS: scopes, email addresses, times, ids, the error envelope."""

from __future__ import annotations

import time

import pytest

from functions.core.auth import Caller
from functions.core.clock import iso, parse_iso
from functions.core.emails import normalize_email
from functions.core.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    RateLimited,
    TooLarge,
    Unauthorized,
    Unprocessable,
)
from functions.core.ids import is_id, new_id


def caller(*scopes: str, operator: bool = False) -> Caller:
    return Caller("ws", "key", frozenset(scopes), operator)


def test_a_group_scope_reads_and_writes_and_a_read_scope_only_reads() -> None:
    assert caller("contacts").allows("contacts", write=True)
    assert caller("contacts:read").allows("contacts", write=False)
    assert not caller("contacts:read").allows("contacts", write=True)
    assert not caller("contacts").allows("lists", write=False)


def test_star_is_everything_but_admin_outside_the_operator_workspace() -> None:
    assert caller("*").allows("campaigns", write=True)
    assert not caller("*").allows("admin", write=True)
    assert caller("*", operator=True).allows("admin", write=True)
    assert not caller("admin").allows("admin", write=True)
    assert caller("admin", operator=True).allows("admin", write=True)
    assert caller("send").allows("send", write=True) and not caller("contacts").allows("send", write=True)


def test_the_caller_round_trips_through_the_authorizer_context() -> None:
    original = caller("contacts", "lists:read", operator=True)
    assert Caller.from_context(original.to_context()) == original
    with pytest.raises(Unauthorized):
        Caller.from_context(None)


@pytest.mark.parametrize(
    ("written", "normalized"),
    [
        (" Ann@Example.COM ", "ann@example.com"),
        ("user@bücher.de", "user@bücher.de"),
        ("user@xn--bcher-kva.de", "user@bücher.de"),
    ],
)
def test_emails_are_trimmed_lowercased_and_idn_domains_unicode(written: str, normalized: str) -> None:
    assert normalize_email(written) == normalized


@pytest.mark.parametrize("bad", ["", "plain", "a@", "@b.com", "a b@c.com", "a@b..com", "x" * 250 + "@b.com"])
def test_invalid_emails_are_refused_with_a_reason(bad: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        normalize_email(bad)


def test_times_are_iso_utc_with_a_z() -> None:
    moment = parse_iso("2026-11-22T11:00:00+01:00")
    assert iso(moment) == "2026-11-22T10:00:00Z"


def test_ids_are_uuid7_and_sort_by_time() -> None:
    first = new_id()
    time.sleep(0.002)
    second = new_id()
    assert is_id(first) and first[14] == "7"
    assert first < second
    assert not is_id("not-an-id")


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (Invalid("x"), 400, "validation_failed"),
        (Unauthorized("x"), 401, "unauthorized"),
        (Forbidden("x"), 403, "forbidden"),
        (NotFound("contact", "1"), 404, "contact_not_found"),
        (Conflict("x"), 409, "conflict"),
        (TooLarge("x"), 413, "payload_too_large"),
        (Unprocessable("x"), 422, "unprocessable"),
        (RateLimited("x", retry_after_s=5), 429, "rate_limited"),
    ],
)
def test_each_error_has_its_status_and_envelope(error, status: int, code: str) -> None:
    assert error.status == status
    assert error.envelope()["error"]["code"] == code
    assert error.envelope()["error"]["message"]
