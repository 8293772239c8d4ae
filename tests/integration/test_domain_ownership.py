"""Domain ownership: a workspace owns a domain once its own TXT record proves it; unproven claims block
nobody and expire after 72 h (API.md, domains). Proof is looked up in real DNS: a small DNS server on
127.0.0.1 that each test publishes records to."""

from __future__ import annotations

import socket
import threading
import uuid
from collections.abc import Iterator

import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset
import pytest

from functions.core.auth import Caller
from functions.core.settings import settings
from functions.senders.handler import handler as senders_handler
from tests.integration.conftest import Client, Clock, Reply


class DnsServer:
    """Answers TXT queries on 127.0.0.1 from what tests publish (NXDOMAIN for other names), over UDP."""

    def __init__(self) -> None:
        self.records: dict[str, list[str]] = {}
        self.failing = False  # answer SERVFAIL, as a broken resolver would
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def publish(self, record: dict[str, str]) -> None:
        """Publish a record as `dns_records` gives it ({type, name, value})."""
        assert record["type"] == "TXT"
        self.records.setdefault(record["name"].lower(), []).append(record["value"])

    def withdraw(self, record: dict[str, str]) -> None:
        self.records[record["name"].lower()].remove(record["value"])

    def _answer(self, wire: bytes) -> bytes:
        query = dns.message.from_wire(wire)
        reply = dns.message.make_response(query)
        question = query.question[0]
        values = self.records.get(question.name.to_text(omit_final_dot=True).lower())
        if self.failing:
            reply.set_rcode(dns.rcode.SERVFAIL)
        elif values is None:
            reply.set_rcode(dns.rcode.NXDOMAIN)
        elif question.rdtype == dns.rdatatype.TXT and values:
            quoted = [f'"{v}"' for v in values]
            reply.answer.append(dns.rrset.from_text(question.name, 60, "IN", "TXT", *quoted))
        return reply.to_wire()

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                wire, peer = self.sock.recvfrom(4096)
            except TimeoutError:
                continue
            self.sock.sendto(self._answer(wire), peer)

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join()
        self.sock.close()


@pytest.fixture
def dns_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[DnsServer]:
    """Proof looked up in DNS (as on AWS), from this server."""
    server = DnsServer()
    monkeypatch.setenv("LETTERCAST_DOMAIN_PROOF", "dns")
    monkeypatch.setenv("LETTERCAST_DNS_NAMESERVER", f"127.0.0.1:{server.port}")
    settings.cache_clear()
    yield server
    server.stop()
    monkeypatch.undo()
    settings.cache_clear()


@pytest.fixture
def domain() -> str:
    """A domain no other test uses (the topology may outlive this test)."""
    return f"d{uuid.uuid4().hex[:12]}.example"


@pytest.fixture
def mine(workspace: Caller) -> Client:
    return Client(senders_handler, workspace)


@pytest.fixture
def theirs(other_workspace: Caller) -> Client:
    return Client(senders_handler, other_workspace)


def proof(domain_out: dict) -> dict[str, str]:
    (record,) = [r for r in domain_out["dns_records"] if r["purpose"] == "ownership"]
    return record


def sender(api: Client, email: str) -> Reply:
    return api.post("/v1/senders", {"name": "News", "from_name": "Acme", "from_email": email})


def test_two_workspaces_claiming_a_domain_do_not_block_each_other(
    dns_server: DnsServer, mine: Client, theirs: Client, domain: str
) -> None:
    first = mine.post("/v1/domains", {"domain": domain})
    second = theirs.post("/v1/domains", {"domain": domain})

    assert (first.status, second.status) == (201, 201)
    assert first.data["ownership"] == second.data["ownership"] == "pending"
    assert first.data["status"] == "pending"
    record = proof(first.data)
    assert record["type"] == "TXT" and record["name"] == f"_lettercast.{domain}"
    assert record["value"].startswith("lettercast-verification=")
    assert proof(second.data)["value"] != record["value"]  # each workspace proves with its own
    assert mine.get(f"/v1/domains/{first.data['id']}").data["ownership"] == "pending"
    assert sender(mine, f"news@{domain}").status == 201
    assert sender(theirs, f"sales@{domain}").status == 201


def test_the_workspace_that_publishes_its_record_owns_the_domain(
    dns_server: DnsServer, mine: Client, theirs: Client, domain: str
) -> None:
    squatter = mine.post("/v1/domains", {"domain": domain}).data
    early = sender(mine, f"ceo@{domain}").data
    owner = theirs.post("/v1/domains", {"domain": domain}).data

    dns_server.publish(proof(owner))
    proven = theirs.get(f"/v1/domains/{owner['id']}").data

    assert (proven["ownership"], proven["status"], proven["expires_at"]) == ("proven", "verified", None)
    assert sender(theirs, f"news@{domain}").data["verified"] is True
    lost = mine.get(f"/v1/domains/{squatter['id']}").data
    assert (lost["ownership"], lost["status"]) == ("taken", "failed")
    again = mine.post("/v1/domains", {"domain": domain})
    assert (again.status, again.error["code"]) == (409, "identity_taken")
    refused = sender(mine, f"billing@{domain}")
    assert (refused.status, refused.error["code"]) == (409, "identity_taken")
    assert mine.get(f"/v1/senders/{early['id']}").data["verified"] is False  # the owner decides
    dns_server.publish(proof(squatter))  # too late: the owner's record is still there
    assert mine.post(f"/v1/domains/{squatter['id']}/verify").data["ownership"] == "taken"


def test_a_domain_only_claimed_does_not_verify_its_senders(
    dns_server: DnsServer, mine: Client, domain: str
) -> None:
    mine.post("/v1/domains", {"domain": domain})  # SES verified the domain (moto does at once): not enough

    created = sender(mine, f"news@{domain}")
    ses_has_not_verified(f"news@{domain}")  # SES mailed the address: nobody clicked yet

    assert created.status == 201
    assert mine.get(f"/v1/senders/{created.data['id']}").data["verified"] is False


def test_an_unproven_claim_expires_after_72_hours_and_blocks_nothing(
    dns_server: DnsServer, time: Clock, mine: Client, theirs: Client, domain: str
) -> None:
    claim = mine.post("/v1/domains", {"domain": domain}).data
    time.advance(hours=71)
    assert mine.get(f"/v1/domains/{claim['id']}").data["ownership"] == "pending"

    time.advance(hours=2)
    dns_server.publish(proof(claim))  # too late
    expired = mine.get(f"/v1/domains/{claim['id']}").data

    assert (expired["ownership"], expired["status"]) == ("expired", "expired")
    assert expired["expires_at"] == claim["expires_at"]
    owner = theirs.post("/v1/domains", {"domain": domain})
    assert owner.status == 201
    dns_server.publish(proof(owner.data))
    assert theirs.get(f"/v1/domains/{owner.data['id']}").data["ownership"] == "proven"


def test_adding_an_expired_domain_again_starts_a_new_claim(
    dns_server: DnsServer, time: Clock, mine: Client, domain: str
) -> None:
    claim = mine.post("/v1/domains", {"domain": domain}).data
    assert mine.post("/v1/domains", {"domain": domain}).error["code"] == "domain_exists"
    time.advance(hours=73)

    again = mine.post("/v1/domains", {"domain": domain})

    assert again.status == 201 and again.data["ownership"] == "pending"
    assert mine.get(f"/v1/domains/{claim['id']}").status == 404
    assert proof(again.data) == proof(claim)  # the same record: one published earlier still proves it
    dns_server.publish(proof(claim))
    assert mine.get(f"/v1/domains/{again.data['id']}").data["ownership"] == "proven"


def test_a_domain_changes_hands_once_its_owners_record_is_gone(
    dns_server: DnsServer, mine: Client, theirs: Client, domain: str
) -> None:
    before = mine.post("/v1/domains", {"domain": domain}).data
    dns_server.publish(proof(before))
    assert mine.get(f"/v1/domains/{before['id']}").data["ownership"] == "proven"
    after = theirs.post("/v1/domains", {"domain": domain})
    assert after.status == 409  # proven by the first workspace

    dns_server.publish(after.error["ownership_record"])
    assert theirs.post("/v1/domains", {"domain": domain}).status == 409  # both records: it stays

    dns_server.withdraw(proof(before))
    moved = theirs.post("/v1/domains", {"domain": domain})

    assert moved.status == 201 and moved.data["ownership"] == "proven"
    assert mine.get(f"/v1/domains/{before['id']}").data["ownership"] == "taken"


def test_dns_that_does_not_answer_proves_nothing(
    dns_server: DnsServer, mine: Client, theirs: Client, domain: str
) -> None:
    owner = mine.post("/v1/domains", {"domain": domain}).data
    dns_server.publish(proof(owner))
    assert mine.get(f"/v1/domains/{owner['id']}").data["ownership"] == "proven"
    other = theirs.post("/v1/domains", {"domain": f"x.{domain}"}).data
    dns_server.publish(proof(other))

    dns_server.failing = True

    assert theirs.get(f"/v1/domains/{other['id']}").data["ownership"] == "pending"
    assert mine.get(f"/v1/domains/{owner['id']}").data["ownership"] == "proven"


@pytest.fixture
def assume(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The local runtime's setting."""
    monkeypatch.setenv("LETTERCAST_DOMAIN_PROOF", "assume")
    settings.cache_clear()
    yield
    monkeypatch.undo()
    settings.cache_clear()


def test_assume_mode_proves_a_domain_at_once(assume: None, mine: Client, theirs: Client, domain: str) -> None:
    created = mine.post("/v1/domains", {"domain": domain})

    assert created.status == 201
    assert (created.data["ownership"], created.data["status"]) == ("proven", "verified")
    assert sender(mine, f"news@{domain}").data["verified"] is True
    assert theirs.post("/v1/domains", {"domain": domain}).error["code"] == "identity_taken"
    assert sender(theirs, f"news2@{domain}").error["code"] == "identity_taken"


def test_deleting_a_domain_releases_it_for_another_workspace(
    assume: None, mine: Client, theirs: Client, domain: str
) -> None:
    created = mine.post("/v1/domains", {"domain": domain}).data
    assert mine.delete(f"/v1/domains/{created['id']}").body == {"ok": True}

    assert theirs.post("/v1/domains", {"domain": domain}).data["ownership"] == "proven"


# --- addresses: SES mails one verification link per address, so one workspace holds it at a time ---------


def ses_has_not_verified(address: str) -> None:
    """SES state as long as nobody clicked the link SES mailed (moto verifies every identity at once)."""
    from moto.ses.models import ses_backends

    ses_backends["123456789012"]["us-east-1"].email_identities[address].verification_status = "PENDING"


def test_an_address_ses_never_verified_is_released_after_72_hours(
    time: Clock, mine: Client, theirs: Client, domain: str
) -> None:
    address = f"owner@{domain}"
    squatted = sender(mine, address).data
    ses_has_not_verified(address)
    assert sender(theirs, address).error["code"] == "identity_taken"  # its link may still be clicked
    time.advance(hours=73)

    taken_over = sender(theirs, address)

    assert taken_over.status == 201 and taken_over.data["verified"] is True  # SES mailed a new link
    assert mine.get(f"/v1/senders/{squatted['id']}").data["verified"] is False


def test_an_address_ses_verified_stays_with_its_workspace(
    time: Clock, mine: Client, theirs: Client, domain: str
) -> None:
    address = f"owner@{domain}"
    sender(mine, address)
    time.advance(hours=73)

    assert sender(theirs, address).error["code"] == "identity_taken"


def test_deleting_the_last_sender_of_an_address_releases_it(
    mine: Client, theirs: Client, domain: str
) -> None:
    address = f"owner@{domain}"
    first = sender(mine, address).data
    second = sender(mine, address).data
    mine.delete(f"/v1/senders/{first['id']}")
    assert sender(theirs, address).status == 409  # still used by the second
    mine.delete(f"/v1/senders/{second['id']}")

    assert sender(theirs, address).status == 201
