"""One validated settings object per process, read from the environment at cold start."""

from __future__ import annotations

import ipaddress
import os
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, field_validator


class Settings(BaseModel):
    region: str = "us-east-1"
    stage: str = "prod"
    # Largest request body a route accepts (API Gateway itself stops at 10 MB).
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    # How long an Idempotency-Key keeps its first response.
    idempotency_ttl_s: int = Field(default=86_400, ge=60)
    # Daily send limit reported for a new workspace until SES says otherwise.
    default_daily_limit: int = Field(default=50_000, ge=0)
    # API requests a workspace may make per minute (429 with Retry-After above).
    rate_limit_per_minute: int = Field(default=6_000, ge=1)
    # How a workspace proves it owns a domain: `dns` looks its TXT record up (AWS); `assume` takes every
    # claim as proven at once (the local runtime, where no real DNS can hold a record).
    domain_proof: Literal["dns", "assume"] = "dns"
    # `host:port` of the DNS server that answers those lookups (tests run their own); unset: the system's.
    dns_nameserver: str | None = None
    # How long a `sending` campaign must have made no progress before POST /resume takes its queued work
    # for lost and queues it again (functions/campaigns/recovery.py): longer than a healthy campaign is
    # ever silent, a throttled batch waiting out SQS's longest delay (900 s) and then held by a worker for
    # at most the send queue's visibility timeout (120 s, infra/topology.py).
    campaign_stall_after_s: int = Field(default=900 + 120, ge=0)
    # Root of the public pages (tracking, unsubscribe, ...) that links in messages point to; "" when unset.
    public_base_url: str = ""
    # The SES configuration set every message goes out with (its events feed the feedback worker).
    ses_configuration_set: str = "lettercast"
    # Override SES's own account limits (functions/sending/quota.py): the local runtime and tests, where moto
    # has no GetAccount, or an operator who wants to stay below them. None: as SES reports them.
    ses_max_send_rate: float | None = None
    ses_max_24h_send: int | None = None
    # Emails a second one campaign send worker is meant to send (infra/topology.py's send queue derives its
    # concurrency from the SES rate with it); sizes the worker's pool of SES calls (sending/engine.py).
    send_worker_rate: int = Field(default=50, ge=1)
    # Base of the growing delay before a throttled campaign batch is tried again (doubled each attempt).
    throttle_backoff_s: float = 2.0
    # How long after a sender settles a recipient it may still be counting it (> the sender's timeout).
    recount_settle_s: int = 120
    # The operator's admin key the bootstrap installs: the local runtime picks it this way; never set on AWS.
    operator_api_key: SecretStr | None = None
    # Where one-time schedules go: their group, the function they invoke and the role they invoke it with.
    # Set only for the functions the topology lets schedule (`schedules=True`); None in the others.
    schedule_group: str | None = None
    schedule_target_arn: str | None = None
    schedule_role_arn: str | None = None
    # How long a behavioural event (POST /v1/events) stays in the contact's activity, and its `id` is
    # remembered so that a retry counts once; the contact's `events.<name>` summary is kept for good.
    event_retention_days: int = Field(default=400, ge=1, le=3650)
    # Webhooks (functions/webhooks/): an endpoint whose every attempt failed for this long is disabled.
    webhook_disable_after_s: int = Field(default=259_200, ge=0)
    # The delay before a failed delivery's second attempt (functions/webhooks/retries.py has the rest of
    # the schedule); tests set 0 so that the retry is due at once.
    webhook_first_retry_s: int = Field(default=5, ge=0, le=43_200)
    # After a secret is rotated, deliveries are signed with the previous secret too for this long, so that
    # receivers can switch over without dropping any (Standard Webhooks allows several signatures).
    webhook_secret_overlap_s: int = Field(default=86_400, ge=0)

    @field_validator("dns_nameserver")
    @classmethod
    def _host_and_port(cls, value: str | None) -> str | None:
        if value:
            host, _, port = value.rpartition(":")
            ipaddress.ip_address(host.strip("[]"))  # dnspython queries an address, never a name
            if not port.isdigit() or not 0 < int(port) < 65536:
                raise ValueError("expected host:port, e.g. 127.0.0.1:5353")
        return value or None

    @property
    def dns_server(self) -> tuple[str, int] | None:
        """(address, port) of `dns_nameserver`, None for the system's resolver."""
        if not self.dns_nameserver:
            return None
        host, _, port = self.dns_nameserver.rpartition(":")
        return host.strip("[]"), int(port)

    def granted(self, field: str) -> str:
        """The value of a setting the topology gives only some functions (the schedule group, ...)."""
        value = getattr(self, field)
        if not value:
            raise RuntimeError(f"{field} is not set: is it granted to this function in the topology?")
        return value

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        values = {
            "region": env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
            "stage": env.get("LETTERCAST_STAGE", "prod"),
            "max_body_bytes": env.get("LETTERCAST_MAX_BODY_BYTES", 1_048_576),
            "idempotency_ttl_s": env.get("LETTERCAST_IDEMPOTENCY_TTL_S", 86_400),
            "default_daily_limit": env.get("LETTERCAST_DEFAULT_DAILY_LIMIT", 50_000),
            "rate_limit_per_minute": env.get("LETTERCAST_RATE_LIMIT_PER_MINUTE", 6_000),
            "domain_proof": env.get("LETTERCAST_DOMAIN_PROOF", "dns"),
            "dns_nameserver": env.get("LETTERCAST_DNS_NAMESERVER"),
            "campaign_stall_after_s": env.get("LETTERCAST_CAMPAIGN_STALL_AFTER_S", 900 + 120),
            "public_base_url": env.get("PUBLIC_BASE_URL", ""),
            "ses_configuration_set": env.get("SES_CONFIGURATION_SET", "lettercast"),
            # An empty override is no override.
            "ses_max_send_rate": env.get("SES_MAX_SEND_RATE") or None,
            "ses_max_24h_send": env.get("SES_MAX_24H_SEND") or None,
            "send_worker_rate": env.get("SEND_WORKER_RATE", 50),
            "throttle_backoff_s": env.get("THROTTLE_BACKOFF_S", 2.0),
            "recount_settle_s": env.get("RECOUNT_SETTLE_S", 120),
            "operator_api_key": env.get("LETTERCAST_API_KEY") or None,
            "schedule_group": env.get("SCHEDULE_GROUP"),
            "schedule_target_arn": env.get("SCHEDULE_TARGET_ARN"),
            "schedule_role_arn": env.get("SCHEDULE_ROLE_ARN"),
            "event_retention_days": env.get("LETTERCAST_EVENT_RETENTION_DAYS", 400),
            "webhook_disable_after_s": env.get("LETTERCAST_WEBHOOK_DISABLE_AFTER_S", 259_200),
            "webhook_first_retry_s": env.get("LETTERCAST_WEBHOOK_FIRST_RETRY_S", 5),
            "webhook_secret_overlap_s": env.get("LETTERCAST_WEBHOOK_SECRET_OVERLAP_S", 86_400),
        }
        return cls.model_validate(values)


@lru_cache(maxsize=1)
def settings() -> Settings:
    return Settings.from_env()


def queue_max_receives(queue: str) -> int:
    """How often a message of `queue` may be received before its DLQ (told to its consumer only)."""
    return int(resource_name(f"QUEUE_{queue.upper().replace('-', '_')}_MAX_RECEIVES"))


def resource_name(env_var: str) -> str:
    """The name/URL/ARN of a resource the topology granted this function (see infra/topology.py)."""
    value = os.environ.get(env_var)
    if not value:
        raise RuntimeError(f"{env_var} is not set: is the resource granted to this function in the topology?")
    return value
