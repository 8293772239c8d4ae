"""Senders (a from address with a public account_key) and sending domains."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from functions.core.emails import EmailAddress
from functions.core.headers import HeaderText
from functions.core.models import Body, NotNull, Out

DOMAIN_PATTERN = r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"


class SenderCreate(Body):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    from_name: Annotated[HeaderText, Field(min_length=1, max_length=200)]
    from_email: EmailAddress
    reply_to: EmailAddress | None = None
    daily_limit: Annotated[int, Field(ge=1, le=10_000_000)] | None = Field(
        default=None, description="Messages per UTC day (default 10,000)"
    )


class SenderPatch(Body):
    name: Annotated[str, Field(min_length=1, max_length=200)] | NotNull = None
    from_name: Annotated[HeaderText, Field(min_length=1, max_length=200)] | NotNull = None
    reply_to: EmailAddress | None = None
    daily_limit: Annotated[int, Field(ge=1, le=10_000_000)] | NotNull = None


class SenderOut(Out):
    id: str
    name: str
    from_name: str
    from_email: str
    reply_to: str | None = None
    daily_limit: int
    account_key: str = Field(description="Public key that picks this sender in POST /v1/compose")
    verified: bool = Field(
        description="Whether it may send: SES verified the address for this workspace, or the domain this "
        "workspace owns"
    )
    created_at: str
    updated_at: str


class DomainCreate(Body):
    domain: Annotated[
        str, Field(min_length=4, max_length=253, pattern=DOMAIN_PATTERN, description="e.g. mail.example.com")
    ]


class DnsRecord(Out):
    type: Literal["CNAME", "TXT"]
    name: str
    value: str
    purpose: Literal["ownership", "dkim", "spf", "dmarc"]


class DomainOut(Out):
    id: str
    domain: str
    status: Literal["pending", "verified", "failed", "expired"] = Field(
        description="`verified` once this workspace owns the domain and SES verified it"
    )
    ownership: Literal["pending", "proven", "expired", "taken"] = Field(
        description="`proven` once the `ownership` TXT record of this workspace is published (keep it); "
        "`expired` when it was not within 72 h of adding the domain; `taken` while another workspace owns it"
    )
    expires_at: str | None = Field(description="When an unproven claim expires; null once proven")
    dkim_status: str | None = None
    dns_records: list[DnsRecord]
    created_at: str
    updated_at: str
