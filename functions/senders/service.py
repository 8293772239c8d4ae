"""Senders and domains: who may send, from where.

A workspace owns a domain once it proves it with its own TXT record; until then its claim blocks nobody
and lapses after 72 h (API.md, domains). SES decides what is verified.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

import idna

from functions.core import signing
from functions.core.clock import iso, now, parse_iso
from functions.core.errors import Conflict, Invalid, NotFound
from functions.core.ids import is_id, new_id
from functions.core.settings import settings
from functions.senders import identities, store, txt_records
from functions.senders.models import (
    DnsRecord,
    DomainCreate,
    DomainOut,
    SenderCreate,
    SenderOut,
    SenderPatch,
)

DEFAULT_DAILY_LIMIT = 10_000
# How long a claim holds without proof: a domain's TXT record, or SES's verification of an address
# (whose link lives 24 h, so a claim outlives every link SES mailed for it).
CLAIM_TTL = timedelta(hours=72)
PROOF_NAME = "_lettercast"
PROOF_VALUE = "lettercast-verification="


def _domain_of(email: str) -> str:
    """The domain of an address as DNS and SES name it (ASCII), so a Unicode spelling is the same domain."""
    domain = email.rpartition("@")[2]
    try:
        return idna.encode(domain, uts46=True).decode("ascii")
    except idna.IDNAError:
        return domain


def _address(email: str) -> str:
    """The SES identity of an address: its domain in ASCII, as `_domain_of`."""
    return f"{email.rpartition('@')[0]}@{_domain_of(email)}"


def _expired(claimed_at: str | None) -> bool:
    """Whether a claim made at `claimed_at` has lapsed (None: made before claims were dated, long ago)."""
    return claimed_at is None or now() >= parse_iso(claimed_at) + CLAIM_TTL


def _taken(identity: str) -> Conflict:
    return Conflict(f"{identity} is registered by another workspace", code="identity_taken")


# --- senders ---------------------------------------------------------------------------------


def sender_verified(workspace_id: str, from_email: str) -> bool:
    """It may send: SES verified the domain this workspace proved, or the address this workspace claimed."""
    domain, address = _domain_of(from_email), _address(from_email)
    owner = store.domain_owner(domain)
    if owner is not None and owner != workspace_id:
        return False  # the proven owner of a domain alone decides who sends from it
    if owner == workspace_id and identities.verified(identities.get(domain)):
        return True
    claim = store.address_claim(address)
    return (
        claim is not None
        and claim["workspace_id"] == workspace_id
        and identities.verified(identities.get(address))
    )


def _claim_address(workspace_id: str, email: str) -> None:
    """Hold the address while SES asks its mailbox to confirm: one workspace at a time, since SES mails one
    link per address and cannot say which workspace asked. A claim SES has not verified lapses after 72 h."""
    address = _address(email)
    claim = store.address_claim(address)
    if claim is not None and claim["workspace_id"] == workspace_id:
        identities.ensure(address)
        return
    if claim is not None and (
        identities.verified(identities.get(address)) or not _expired(claim.get("claimed_at"))
    ):
        raise _taken(address)  # the mailbox confirmed that workspace, or still may
    if not store.claim_address(address, workspace_id, iso(now()), replacing=claim):
        raise _taken(address)
    if claim is not None:
        identities.delete(address)  # a new identity: the link SES mails now confirms this workspace alone
    identities.ensure(address)  # SES mails a verification link to the address


def _release_address(workspace_id: str, email: str) -> None:
    """Let the address go with this workspace's last sender from it, and SES's verification with it."""
    address = _address(email)
    claim = store.address_claim(address)
    if claim is None or claim["workspace_id"] != workspace_id or store.sends_from(workspace_id, email):
        return
    identities.delete(address)  # first: a verification must never outlive the claim it confirmed
    store.release_address(address, workspace_id)


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


def sender_for_address(workspace_id: str, from_email: str) -> dict[str, Any] | None:
    """The workspace's sender with this from address, if it has one."""
    return store.sender_from(workspace_id, from_email)


def sender_for_key(workspace_id: str, account_key: str) -> dict[str, Any]:
    """The sender an account_key picks, in this workspace only (another workspace's key is unknown)."""
    sender = store.sender_by_account_key(account_key) if account_key.startswith("acc_") else None
    if sender is None or sender["workspace_id"] != workspace_id:
        raise NotFound("sender", account_key, field="account_key")
    return sender


def create_sender(workspace_id: str, body: SenderCreate) -> SenderOut:
    domain = _domain_of(body.from_email)
    owner = store.domain_owner(domain)
    if owner not in (None, workspace_id):
        raise _taken(domain)
    if owner != workspace_id:  # a domain merely claimed vouches for nothing: the address must be verified
        _claim_address(workspace_id, body.from_email)
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
    except store.SenderGone:
        raise NotFound("sender", sender_id) from None
    _release_address(workspace_id, item["from_email"])


# --- domains ---------------------------------------------------------------------------------


def _proof_record(workspace_id: str, domain: str) -> DnsRecord:
    """The TXT record by which this workspace proves it owns `domain`.

    Its token is an HMAC of (workspace, domain) with the stack's signing key rather than a random value kept
    on the domain: the same workspace always gets the same record for a domain, so a published record still
    proves it when the domain is added again (after it expired or was deleted); nothing secret is stored per
    claim; public DNS never shows a workspace id; no other workspace can compute it; and the owner's record
    can be recomputed to see whether it is still published (a domain changing hands)."""
    token = signing.mac("domain-ownership", f"{workspace_id}\x00{domain}".encode(), size=16)
    return DnsRecord(
        type="TXT", name=f"{PROOF_NAME}.{domain}", value=f"{PROOF_VALUE}{token}", purpose="ownership"
    )


def _prove(workspace_id: str, domain: str, owner: str | None) -> str | None:
    """Look this workspace's proof up and take the domain when it holds; the domain's owner afterwards."""
    if settings().domain_proof == "assume":  # the local runtime: no DNS holds its records
        if owner is not None:
            return owner
    else:
        mine = _proof_record(workspace_id, domain)
        found = txt_records.lookup(mine.name)  # None: DNS did not answer, which proves nothing
        published = {v.strip() for v in found or ()}
        if mine.value not in published:
            return owner
        # The domain changes hands only once its owner's record is gone from the same answer.
        if owner is not None and _proof_record(owner, domain).value in published:
            return owner
    if not store.take_domain(domain, workspace_id, iso(now()), from_owner=owner):
        return store.domain_owner(domain)  # another workspace proved it first
    identities.ensure(domain)  # the identity SES signs with (the last owner may have deleted it)
    return workspace_id


def _records(workspace_id: str, domain: str, info: dict[str, Any]) -> list[DnsRecord]:
    records = [_proof_record(workspace_id, domain)]
    records += [
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


def _ownership(item: dict[str, Any], owner: str | None) -> str:
    if owner == item["workspace_id"]:
        return "proven"
    if _expired(item["created_at"]):
        return "expired"
    return "pending" if owner is None else "taken"


def _domain_out(item: dict[str, Any], owner: str | None, info: dict[str, Any] | None) -> DomainOut:
    info = info or {}
    ownership = _ownership(item, owner)
    if ownership != "proven":
        status = {"pending": "pending", "expired": "expired", "taken": "failed"}[ownership]
    elif identities.verified(info):
        status = "verified"
    elif info.get("VerificationStatus") in ("FAILED", "TEMPORARY_FAILURE"):
        status = "failed"
    else:
        status = "pending"
    return DomainOut(
        id=item["id"],
        domain=item["domain"],
        status=status,
        ownership=ownership,
        expires_at=None if ownership == "proven" else iso(parse_iso(item["created_at"]) + CLAIM_TTL),
        dkim_status=identities.dkim_status(info),
        dns_records=_records(item["workspace_id"], item["domain"], info),
        created_at=item["created_at"],
        updated_at=item["updated_at"],
    )


def _add_claim(item: dict[str, Any], owner: str | None) -> None:
    """Store the claim; a claim of the same domain by this workspace that expired is replaced by it."""
    workspace_id, domain = item["workspace_id"], item["domain"]
    try:
        store.put_domain(item)
        return
    except store.DomainExists:
        pass
    claim = store.claim_of(domain, workspace_id)
    previous = store.get_domain(workspace_id, claim["domain_id"]) if claim else None
    if previous is not None and owner != workspace_id and _expired(previous["created_at"]):
        store.delete_domain(previous)  # that claim is over: adding the domain again starts a new one
        try:
            store.put_domain(item)
            return
        except store.DomainExists:
            pass
    existing = claim["domain_id"] if claim else None
    raise Conflict(f"{domain} is already a domain of this workspace", code="domain_exists", id=existing)


def _refresh(item: dict[str, Any], owner: str | None) -> str | None:
    """The domain's owner once the proof of this claim (unless it expired) was looked up."""
    if owner == item["workspace_id"] or _expired(item["created_at"]):
        return owner
    return _prove(item["workspace_id"], item["domain"], owner)


def create_domain(workspace_id: str, body: DomainCreate) -> DomainOut:
    owner = store.domain_owner(body.domain)
    if owner not in (None, workspace_id):  # a claim alone never blocks; a proven owner does
        owner = _prove(workspace_id, body.domain, owner)  # unless its record gave way to this workspace's
        if owner != workspace_id:
            raise Conflict(
                f"{body.domain} is owned by another workspace; to move it here, publish ownership_record "
                "in place of theirs and add the domain again",
                code="identity_taken",
                ownership_record=_proof_record(workspace_id, body.domain).model_dump(),
            )
    at = iso(now())
    item = {
        "workspace_id": workspace_id,
        "id": new_id(),
        "domain": body.domain,
        "created_at": at,
        "updated_at": at,
    }
    _add_claim(item, owner)
    info = identities.ensure(body.domain)  # Easy DKIM: SES gives three CNAME tokens
    if settings().domain_proof == "assume":
        owner = _refresh(item, owner)
    return _domain_out(item, owner, info)


def _load_domain(workspace_id: str, domain_id: str) -> dict[str, Any]:
    item = store.get_domain(workspace_id, domain_id) if is_id(domain_id) else None
    if item is None:
        raise NotFound("domain", domain_id)
    return item


def get_domain(workspace_id: str, domain_id: str) -> DomainOut:
    """The domain with its proof looked up again and its status refreshed from SES."""
    item = _load_domain(workspace_id, domain_id)
    owner = _refresh(item, store.domain_owner(item["domain"]))
    info = identities.get(item["domain"])
    if info is None and _ownership(item, owner) in ("pending", "proven"):
        info = identities.ensure(item["domain"])  # removed meanwhile with another workspace's claim
    return _domain_out(item, owner, info)


def verify_domain(workspace_id: str, domain_id: str) -> DomainOut:
    """Look the ownership record up now (reading the domain does too; this says so)."""
    return get_domain(workspace_id, domain_id)


def domains_page(workspace_id: str, limit: int, cursor: str | None) -> tuple[list[DomainOut], str | None]:
    """A page of domains as they stand: no DNS lookups here, a page could need a hundred."""
    items, next_cursor = store.domains_page(workspace_id, limit, cursor)
    return [
        _domain_out(i, store.domain_owner(i["domain"]), identities.get(i["domain"])) for i in items
    ], next_cursor


def delete_domain(workspace_id: str, domain_id: str) -> None:
    item = _load_domain(workspace_id, domain_id)
    domain = item["domain"]
    store.delete_domain(item)
    store.release_domain(domain, workspace_id)  # when this workspace owned it
    owner = store.domain_owner(domain)
    others = [c for c in store.claims(domain) if c["workspace_id"] == owner or not _expired(c["created_at"])]
    if not others:  # SES identities are account-wide: one other live claim still needs it
        identities.delete(domain)
