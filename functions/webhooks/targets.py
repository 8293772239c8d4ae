"""Where a webhook may be delivered (SSRF rules): checked when a webhook is saved and again at each attempt.

A webhook URL is chosen by an API caller, while the delivery worker runs inside the account: it must never
reach an address that is not public (the instance metadata service, the VPC, loopback). The host is
resolved once per attempt and the connection is made to the very address that was checked, so a DNS answer
that changes between the check and the connection (rebinding) reaches nothing new.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from functions.core.settings import settings

MAX_URL_LENGTH = 2048
DEFAULT_PORTS = {"https": 443, "http": 80}
# The local runtime delivers to receivers on the developer's machine, over plain http too.
LOCAL_HOSTS = {"127.0.0.1": "127.0.0.1", "localhost": "127.0.0.1"}

_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT: not is_private, not public either
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # reaches the IPv4 address in its last 32 bits
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}


class NotAllowed(Exception):
    """The URL may not be delivered to; the message says why (shown to the API caller)."""


class Unresolvable(NotAllowed):
    """The host has no address (now): at delivery a failure like any other, at save a refusal."""


@dataclass(frozen=True)
class Target:
    """A checked URL: connect to `address`, speak to `host` (SNI, certificate, Host header)."""

    scheme: str
    host: str
    port: int
    path: str  # path and query
    address: str

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


def is_public(address: str) -> bool:
    """Whether an IP address is one a webhook may reach: globally routable unicast, nothing else.

    Refused: private, loopback, link-local (the metadata service among them), multicast, reserved,
    unspecified, shared (100.64/10), and IPv6 forms that carry such an IPv4 address (mapped, 6to4, Teredo,
    NAT64)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone (fe80::1%eth0) says nothing
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        carried = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
        if ip in _NAT64:
            carried.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if any(v4 is not None and not is_public(str(v4)) for v4 in carried):
            return False
        if ip.is_site_local:
            return False
    elif ip in _SHARED:
        return False
    return not (
        ip in _METADATA
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


@dataclass(frozen=True)
class _Parts:
    scheme: str
    host: str
    port: int
    path: str


def _parts(url: str) -> _Parts:
    if len(url) > MAX_URL_LENGTH:
        raise NotAllowed(f"the URL is longer than {MAX_URL_LENGTH} characters")
    if any(ord(c) <= 0x20 or ord(c) == 0x7F for c in url):
        raise NotAllowed("the URL holds whitespace or control characters")
    try:
        split = urlsplit(url)
        port = split.port
    except ValueError:
        raise NotAllowed("the URL is not valid") from None
    scheme = split.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise NotAllowed("the URL must start with https://")
    if split.username is not None or split.password is not None:
        raise NotAllowed("the URL must not hold credentials (user:password@)")
    host = (split.hostname or "").rstrip(".")
    if not host:
        raise NotAllowed("the URL has no host")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise NotAllowed("the URL's host is not a valid name") from None
    path = (split.path or "/") + (f"?{split.query}" if split.query else "")
    return _Parts(scheme, host, port or DEFAULT_PORTS[scheme], path)


def _local(parts: _Parts) -> str | None:
    """The loopback address of a local receiver, when the local runtime may deliver to it."""
    if settings().stage == "local":
        return LOCAL_HOSTS.get(parts.host)
    return None


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _addresses(host: str, port: int) -> list[str]:
    if _is_literal(host):  # nothing to look up
        return [host]
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        raise Unresolvable(f"the host {host} does not resolve") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
    if not addresses:
        raise Unresolvable(f"the host {host} does not resolve")
    return addresses


def resolve(url: str) -> Target:
    """The URL checked now, with the address to connect to. NotAllowed (Unresolvable) when it may not be
    delivered to."""
    parts = _parts(url)
    local = _local(parts)
    if local is not None:
        return Target(parts.scheme, parts.host, parts.port, parts.path, local)
    if parts.scheme != "https":
        raise NotAllowed("the URL must start with https://")
    addresses = _addresses(parts.host, parts.port)
    # Every address must be public: a name that also answers a private one could be steered to it.
    if not all(is_public(a) for a in addresses):
        if _is_literal(parts.host):
            raise NotAllowed(f"{parts.host} is not a public address")
        raise NotAllowed(f"the host {parts.host} resolves to an address that is not public")
    return Target(parts.scheme, parts.host, parts.port, parts.path, addresses[0])
