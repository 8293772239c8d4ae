"""TXT records in public DNS: this group's DNS access, as identities.py is its SES access."""

from __future__ import annotations

import dns.exception
import dns.name
import dns.resolver

from functions.core.settings import settings

# A slow or unreachable resolver must not hold an API request: no answer in time counts as no record.
LIFETIME_S = 3.0


def _resolver() -> dns.resolver.Resolver:
    server = settings().dns_server
    if server is None:
        return dns.resolver.Resolver()  # the system's (/etc/resolv.conf, on Lambda too)
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [server[0]]
    resolver.port = server[1]
    return resolver


def lookup(name: str) -> list[str] | None:
    """The TXT strings published at `name` (long records joined): empty when DNS says there are none,
    None when it did not say (timeout, server failure, no resolver): not knowing is not an answer."""
    try:
        absolute = dns.name.from_text(name)  # from the root: never completed with a search domain
        answer = _resolver().resolve(absolute, "TXT", lifetime=LIFETIME_S, raise_on_no_answer=False)
    except dns.resolver.NXDOMAIN:
        return []
    except dns.exception.DNSException:
        return None
    return [b"".join(record.strings).decode("utf-8", "replace") for record in answer]
