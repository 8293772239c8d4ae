"""Where webhooks may be delivered (SSRF rules): address classification on literal addresses, URL rules,
and names resolved only to public addresses (the resolver is the stdlib's, answered here without network).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

from functions.core.settings import settings
from functions.webhooks import targets

REFUSED = [
    "10.0.0.1",
    "172.16.5.4",
    "192.168.1.1",
    "127.0.0.1",
    "127.255.0.9",
    "169.254.169.254",  # the instance metadata service
    "169.254.10.10",
    "100.64.0.1",  # shared address space (carrier-grade NAT)
    "100.127.255.254",
    "0.0.0.0",
    "224.0.0.251",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "192.0.2.10",
    "198.18.0.1",
    "::",
    "::1",
    "fe80::1",
    "fe80::1%eth0",
    "fd00:ec2::254",  # the metadata service over IPv6
    "fc00::1",
    "fec0::1",
    "ff02::1",
    "2001:db8::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "::10.0.0.1",
    "2002:a00:1::1",  # 6to4 of 10.0.0.1
    "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "not an address",
]
PUBLIC = [
    "8.8.8.8",
    "93.184.215.14",
    "1.1.1.1",
    "2606:4700:4700::1111",
    "2001:4860:4860::8888",
    "2002:808:808::1",
]


@pytest.mark.parametrize("address", REFUSED)
def test_an_address_that_is_not_public_is_refused(address: str) -> None:
    assert targets.is_public(address) is False


@pytest.mark.parametrize("address", PUBLIC)
def test_a_public_address_is_allowed(address: str) -> None:
    assert targets.is_public(address) is True


@pytest.fixture
def stage(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    def set_stage(name: str) -> None:
        monkeypatch.setenv("LETTERCAST_STAGE", name)
        settings.cache_clear()

    set_stage("prod")
    yield set_stage
    settings.cache_clear()


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """What the resolver answers, per name (no network); a name missing here does not resolve."""
    answers: dict[str, list[str]] = {}

    def getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in answers[host]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


@pytest.mark.parametrize(
    "url",
    [
        "ftp://93.184.215.14/",
        "http://93.184.215.14/",
        "https://user:secret@93.184.215.14/",
        "https://93.184.215.14:0x50/",
        "https://",
        "https://93.184.215.14/a b",
        "https://93.184.215.14/\r\nX-Injected: 1",
        "https://10.0.0.1/",
        "https://[::1]:8443/",
        "http://127.0.0.1:8080/",
        "http://localhost:8080/",
        "https://" + "a" * 2050 + ".example/",
    ],
)
def test_a_url_outside_the_rules_is_refused(url: str, stage: Any, dns: dict[str, list[str]]) -> None:
    with pytest.raises(targets.NotAllowed):
        targets.resolve(url)


def test_a_name_is_allowed_only_when_every_address_it_resolves_to_is_public(
    stage: Any, dns: dict[str, list[str]]
) -> None:
    dns["hooks.example.com"] = ["93.184.215.14", "2606:4700:4700::1111"]
    dns["split.example.com"] = ["93.184.215.14", "10.0.0.7"]
    dns["inside.example.com"] = ["169.254.169.254"]

    target = targets.resolve("https://hooks.example.com:8443/in?x=1#frag")

    assert (target.address, target.host, target.port, target.path) == (
        "93.184.215.14",
        "hooks.example.com",
        8443,
        "/in?x=1",
    )
    assert target.host_header == "hooks.example.com:8443"
    for name in ("split.example.com", "inside.example.com"):
        with pytest.raises(targets.NotAllowed, match="not public"):
            targets.resolve(f"https://{name}/")
    with pytest.raises(targets.Unresolvable):
        targets.resolve("https://nowhere.example.com/")


def test_the_connection_goes_to_the_address_checked_not_to_a_later_answer(
    stage: Any, dns: dict[str, list[str]]
) -> None:
    dns["rebind.example.com"] = ["93.184.215.14"]
    target = targets.resolve("https://rebind.example.com/hook")
    dns["rebind.example.com"] = ["127.0.0.1"]  # the name changes its answer after the check

    assert target.address == "93.184.215.14"  # what transport.post connects to
    with pytest.raises(targets.NotAllowed):
        targets.resolve("https://rebind.example.com/hook")  # the next attempt checks again


def test_the_local_runtime_also_allows_loopback_receivers(stage: Any, dns: dict[str, list[str]]) -> None:
    stage("local")

    for url in ("http://127.0.0.1:8080/hook", "http://localhost:9000/"):
        target = targets.resolve(url)
        assert (target.scheme, target.address) == ("http", "127.0.0.1")
    assert targets.resolve("http://127.0.0.1:8080/hook").host_header == "127.0.0.1:8080"
    for url in ("http://10.0.0.1/", "http://93.184.215.14/", "https://169.254.169.254/"):
        with pytest.raises(targets.NotAllowed):
            targets.resolve(url)
