"""Senders and domains: who may send, from where. SES decides what is verified."""

from __future__ import annotations

import secrets
from typing import Any

from functions.core.clock import iso, now
from functions.core.dynamo import TransactionConflict
from functions.core.errors import Conflict, Invalid, NotFound
from functions.core.ids import is_id, new_id
from functions.senders import identities, store
from functions.senders.models import (
    DnsRecord,
    DomainCreate,
    DomainOut,
    SenderCreate,
    SenderOut,
    SenderPatch,
)

DEFAULT_DAILY_LIMIT = 10_000


def _domain_of(email: str) -> str:
    return email.rpartition("@")[2]


def _claim(workspace_id: str, identity: str) -> None:
    if not store.claim_identity(identity, workspace_id):
        raise Conflict(f"{identity} is registered by another workspace", code="identity_taken")


def sender_verified(workspace_id: str, from_email: str) -> bool:
    """SES verified the address or its domain, and this workspace owns that identity."""
    for identity in (from_email, _domain_of(from_email)):
        if store.identity_owner(identity) == workspace_id and identities.verified(identities.get(identity)):
            return True
    return False


def _sender_out(item: dict[str, Any]) -> SenderOut:
    return SenderOut(
        **{k: v for k, v in item.items() if k in SenderOut.model_fields and k != "verified"},
        verified=sender_verified(item["workspace_id"], item["from_email"]),
    )


def load_sender(workspace_id: str, sender_id: str) -> dict[str, Any]:
    item = store.get_sender(workspace_id, sender_id) if is_id(sender_id) else None
    if item is None:
        raise NotFound("sender", sender_id)
    return item


def sender_for_key(workspace_id: str, account_key: str) -> dict[str, Any]:
    """The sender an account_key picks, in this workspace only (another workspace's key is unknown)."""
    sender = store.sender_by_account_key(account_key) if account_key.startswith("acc_") else None
    if sender is None or sender["workspace_id"] != workspace_id:
        raise NotFound("sender", account_key, field="account_key")
    return sender


def create_sender(workspace_id: str, body: SenderCreate) -> SenderOut:
    domain = _domain_of(body.from_email)
    if store.identity_owner(domain) not in (None, workspace_id):
        raise Conflict(f"{domain} is registered by another workspace", code="identity_taken")
    if store.identity_owner(domain) != workspace_id:
        _claim(workspace_id, body.from_email)
        identities.ensure(body.from_email)  # SES mails a verification link to the address
    at = iso(now())
    item = {
        "workspace_id": workspace_id,
        "id": new_id(),
        "name": body.name,
        "from_name": body.from_name,
        "from_email": body.from_email,
        "reply_to": body.reply_to,
        "daily_limit": body.daily_limit or DEFAULT_DAILY_LIMIT,
        "account_key": "acc_" + secrets.token_urlsafe(24),
        "created_at": at,
        "updated_at": at,
    }
    store.put_sender({k: v for k, v in item.items() if v is not None})
    return _sender_out(item)


def get_sender(workspace_id: str, sender_id: str) -> SenderOut:
    return _sender_out(load_sender(workspace_id, sender_id))


def senders_page(workspace_id: str, limit: int, cursor: str | None) -> tuple[list[SenderOut], str | None]:
    items, next_cursor = store.senders_page(workspace_id, limit, cursor)
    return [_sender_out(i) for i in items], next_cursor


def update_sender(workspace_id: str, sender_id: str, patch: SenderPatch) -> SenderOut:
    current = load_sender(workspace_id, sender_id)
    changes = patch.model_dump(exclude_unset=True)
    for required in ("name", "from_name", "daily_limit"):
        if required in changes and changes[required] is None:
            raise Invalid(
                f"{required} cannot be removed", fields=[{"field": required, "message": "required"}]
            )
    updated = {k: v for k, v in {**current, **changes, "updated_at": iso(now())}.items() if v is not None}
    store.replace_sender(updated)
    return _sender_out(updated)


def delete_sender(workspace_id: str, sender_id: str) -> None:
    item = load_sender(workspace_id, sender_id)
    try:
        store.delete_sender(item)
    except TransactionConflict:
        raise NotFound("sender", sender_id) from None


# --- domains ---------------------------------------------------------------------------------


def _records(domain: str, info: dict[str, Any]) -> list[DnsRecord]:
    records = [
        DnsRecord(
            type="CNAME", name=f"{t}._domainkey.{domain}", value=f"{t}.dkim.amazonses.com", purpose="dkim"
        )
        for t in identities.dkim_tokens(info)
    ]
    records.append(
        DnsRecord(type="TXT", name=domain, value="v=spf1 include:amazonses.com ~all", purpose="spf")
    )
    records.append(
        DnsRecord(
            type="TXT",
            name=f"_dmarc.{domain}",
            value=f"v=DMARC1; p=none; rua=mailto:dmarc@{domain}",
            purpose="dmarc",
        )
    )
    return records


def _domain_out(item: dict[str, Any], info: dict[str, Any] | None) -> DomainOut:
    info = info or {}
    if identities.verified(info):
        status = "verified"
    elif info.get("VerificationStatus") in ("FAILED", "TEMPORARY_FAILURE"):
        status = "failed"
    else:
        status = "pending"
    return DomainOut(
        id=item["id"],
        domain=item["domain"],
        status=status,
        dkim_status=identities.dkim_status(info),
        dns_records=_records(item["domain"], info),
        created_at=item["created_at"],
        updated_at=item["updated_at"],
    )


def create_domain(workspace_id: str, body: DomainCreate) -> DomainOut:
    _claim(workspace_id, body.domain)
    info = identities.ensure(body.domain)  # Easy DKIM: SES gives three CNAME tokens
    at = iso(now())
    item = {
        "workspace_id": workspace_id,
        "id": new_id(),
        "domain": body.domain,
        "created_at": at,
        "updated_at": at,
    }
    store.put_domain(item)
    return _domain_out(item, info)


def _load_domain(workspace_id: str, domain_id: str) -> dict[str, Any]:
    item = store.get_domain(workspace_id, domain_id) if is_id(domain_id) else None
    if item is None:
        raise NotFound("domain", domain_id)
    return item


def get_domain(workspace_id: str, domain_id: str) -> DomainOut:
    item = _load_domain(workspace_id, domain_id)
    return _domain_out(item, identities.get(item["domain"]))  # status refreshed from SES


def domains_page(workspace_id: str, limit: int, cursor: str | None) -> tuple[list[DomainOut], str | None]:
    items, next_cursor = store.domains_page(workspace_id, limit, cursor)
    return [_domain_out(i, identities.get(i["domain"])) for i in items], next_cursor


def delete_domain(workspace_id: str, domain_id: str) -> None:
    item = _load_domain(workspace_id, domain_id)
    identities.delete(item["domain"])
    store.release_identity(item["domain"])
    store.delete_domain(workspace_id, domain_id)
