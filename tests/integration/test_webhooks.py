"""Webhooks over the API: creating, listing, changing and deleting endpoints; their secrets; the URLs and
topics refused; the limit per workspace; another workspace's webhooks. Deliveries: test_webhooks_delivery.py.
"""

from __future__ import annotations

import base64

import pytest

from functions.core import events
from functions.core.auth import Caller
from functions.core.ids import new_id
from functions.webhooks.handler import handler
from functions.webhooks.models import MAX_WEBHOOKS, TOPICS
from tests.integration.conftest import Client

# A public address written as a literal: saving it needs no DNS, and no test ever delivers to it.
PUBLIC_URL = "https://93.184.215.14/hooks/lettercast"


@pytest.fixture
def api(workspace: Caller) -> Client:
    return Client(handler, workspace)


def create(api: Client, **fields: object) -> dict:
    reply = api.post("/v1/webhooks", {"url": PUBLIC_URL, "topics": ["contact.created"], **fields})
    assert reply.status == 201, reply.body
    return reply.data


def test_a_new_webhook_shows_its_secret_once_and_never_again(api: Client) -> None:
    made = api.post(
        "/v1/webhooks",
        {"url": PUBLIC_URL, "topics": ["contact.created", "email.bounced"], "description": "CRM sync"},
    )

    assert made.status == 201, made.body
    secret = made.data["secret"]
    assert secret.startswith("whsec_") and len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    expected = {
        "url": PUBLIC_URL,
        "topics": ["contact.created", "email.bounced"],
        "description": "CRM sync",
        "enabled": True,
        "disabled_reason": None,
    }
    assert {k: made.data[k] for k in expected} == expected
    got = api.get(f"/v1/webhooks/{made.data['id']}")
    assert got.status == 200 and "secret" not in got.data
    assert {k: got.data[k] for k in expected} == expected
    listed = api.get("/v1/webhooks").data
    assert [w["id"] for w in listed] == [made.data["id"]] and "secret" not in listed[0]
    assert secret not in str(got.body) + str(listed)


def test_a_replayed_create_returns_the_webhook_without_its_secret(api: Client) -> None:
    body = {"url": PUBLIC_URL, "topics": ["*"]}
    first = api.post("/v1/webhooks", body, headers={"Idempotency-Key": "hook-1"})
    again = api.post("/v1/webhooks", body, headers={"Idempotency-Key": "hook-1"})

    assert first.status == again.status == 201
    assert first.data["secret"].startswith("whsec_")
    assert again.data["id"] == first.data["id"] and again.data["secret"] is None
    assert len(api.get("/v1/webhooks").data) == 1


def test_webhooks_are_listed_newest_first_a_page_at_a_time(api: Client) -> None:
    made = [create(api, description=f"hook {i}")["id"] for i in range(3)]

    first = api.get("/v1/webhooks?limit=2")
    second = api.get(f"/v1/webhooks?limit=2&cursor={first.body['next_cursor']}")

    assert [w["id"] for w in first.data] == made[::-1][:2]
    assert [w["id"] for w in second.data] == made[::-1][2:]
    assert second.body["next_cursor"] is None
    assert api.get("/v1/webhooks?cursor=forged").error["code"] == "invalid_cursor"


@pytest.mark.parametrize(
    "topics", [["contact.created", "contact.exploded"], ["webhook.test"], [], ["CONTACT.CREATED"]]
)
def test_an_unknown_topic_is_refused_naming_the_field(api: Client, topics: list[str]) -> None:
    reply = api.post("/v1/webhooks", {"url": PUBLIC_URL, "topics": topics})

    assert reply.status == 400, reply.body
    assert reply.error["code"] == "validation_failed"
    assert reply.error["fields"][0]["field"].startswith("topics")
    assert api.get("/v1/webhooks").data == []


def test_every_topic_of_the_api_and_the_wildcard_are_accepted(api: Client) -> None:
    made = create(api, topics=[*TOPICS, "*", "contact.created"])
    assert made["topics"] == [*TOPICS, "*"]  # each once, in the order given


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/hook",
        "https://10.0.0.1/hook",
        "http://169.254.169.254/latest/meta-data/",
        "https://169.254.169.254/latest/meta-data/",
        "https://[fd00:ec2::254]/",
        "https://127.0.0.1/hook",
        "https://[::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://100.64.0.1/hook",
        "https://0.0.0.0/hook",
        "https://224.0.0.1/hook",
        "https://192.168.1.20:8443/hook",
        "http://93.184.215.14/hook",  # public, but not https
        "http://127.0.0.1:8080/hook",  # loopback: only in the local runtime
        "https://user:password@93.184.215.14/hook",
        "https:///hook",
        "https://93.184.215.14:99999/hook",
        "not a url",
    ],
)
def test_a_url_that_is_not_https_to_a_public_address_is_refused(api: Client, url: str) -> None:
    made = api.post("/v1/webhooks", {"url": url, "topics": ["*"]})
    hook = create(api)
    changed = api.patch(f"/v1/webhooks/{hook['id']}", {"url": url})

    for reply in (made, changed):
        assert reply.status == 400, reply.body
        assert reply.error["code"] == "webhook_url_not_allowed"
        assert reply.error["fields"][0]["field"] == "url"
    assert api.get(f"/v1/webhooks/{hook['id']}").data["url"] == PUBLIC_URL


def test_a_loopback_receiver_is_allowed_in_the_local_runtime_only(
    api: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from functions.core.settings import settings

    monkeypatch.setenv("LETTERCAST_STAGE", "local")
    settings.cache_clear()
    for url in ("http://127.0.0.1:8080/hook", "http://localhost:9000/"):
        assert api.post("/v1/webhooks", {"url": url, "topics": ["*"]}).status == 201
    still = api.post("/v1/webhooks", {"url": "http://10.0.0.1/hook", "topics": ["*"]})
    assert still.error["code"] == "webhook_url_not_allowed"


def test_patch_changes_only_what_it_names(api: Client) -> None:
    hook = create(api, description="old", topics=["contact.created"])

    changed = api.patch(f"/v1/webhooks/{hook['id']}", {"topics": ["email.opened", "email.clicked"]})
    cleared = api.patch(f"/v1/webhooks/{hook['id']}", {"description": None})

    assert changed.status == 200, changed.body
    assert changed.data["topics"] == ["email.opened", "email.clicked"]
    assert changed.data["description"] == "old" and changed.data["url"] == PUBLIC_URL
    assert cleared.data["description"] is None and cleared.data["topics"] == ["email.opened", "email.clicked"]
    refused = api.patch(f"/v1/webhooks/{hook['id']}", {"topics": None})
    assert (refused.status, refused.error["fields"][0]["field"]) == (400, "topics")
    assert api.patch(f"/v1/webhooks/{hook['id']}", {"secret": "x"}).status == 400


def test_what_webhooks_listen_to_is_known_at_once_when_they_change(api: Client) -> None:
    workspace_id = api.caller.workspace_id
    assert events.listened(workspace_id) == frozenset()  # read, and kept for a minute
    hook = create(api, topics=["email.opened"])
    assert events.wanted(workspace_id, "email.opened")

    disabled = api.patch(f"/v1/webhooks/{hook['id']}", {"enabled": False})
    assert disabled.data["enabled"] is False and disabled.data["disabled_reason"] == "disabled_by_user"
    assert not events.wanted(workspace_id, "email.opened")

    enabled = api.patch(f"/v1/webhooks/{hook['id']}", {"enabled": True, "topics": ["*"]})
    assert enabled.data["disabled_reason"] is None
    assert events.wanted(workspace_id, "email.clicked")
    api.delete(f"/v1/webhooks/{hook['id']}")
    assert not events.wanted(workspace_id, "email.clicked")


def test_a_deleted_webhook_is_gone(api: Client) -> None:
    hook = create(api)

    assert api.delete(f"/v1/webhooks/{hook['id']}").body == {"ok": True}

    for reply in (
        api.get(f"/v1/webhooks/{hook['id']}"),
        api.delete(f"/v1/webhooks/{hook['id']}"),
        api.patch(f"/v1/webhooks/{hook['id']}", {"description": "x"}),
        api.get(f"/v1/webhooks/{hook['id']}/deliveries"),
    ):
        assert (reply.status, reply.error["code"]) == (404, "webhook_not_found")
    assert api.get("/v1/webhooks").data == []


def test_a_workspace_has_at_most_twenty_webhooks(api: Client) -> None:
    made = [create(api)["id"] for _ in range(MAX_WEBHOOKS)]

    refused = api.post("/v1/webhooks", {"url": PUBLIC_URL, "topics": ["*"]})

    assert (refused.status, refused.error["code"], refused.error["limit"]) == (
        409,
        "webhook_limit_reached",
        20,
    )
    api.delete(f"/v1/webhooks/{made[0]}")
    assert api.post("/v1/webhooks", {"url": PUBLIC_URL, "topics": ["*"]}).status == 201
    assert api.post("/v1/webhooks", {"url": PUBLIC_URL, "topics": ["*"]}).status == 409


def test_rotating_gives_a_new_secret_shown_only_in_that_answer(api: Client) -> None:
    made = api.post("/v1/webhooks", {"url": PUBLIC_URL, "topics": ["*"]}).data

    rotated = api.post(f"/v1/webhooks/{made['id']}/rotate-secret")
    again = api.post(f"/v1/webhooks/{made['id']}/rotate-secret")

    assert rotated.status == 200, rotated.body
    secrets = {made["secret"], rotated.data["secret"], again.data["secret"]}
    assert len(secrets) == 3 and all(s.startswith("whsec_") for s in secrets)
    assert "secret" not in api.get(f"/v1/webhooks/{made['id']}").data


def test_another_workspaces_webhook_answers_404_and_stays_as_it_was(
    api: Client, other_workspace: Caller
) -> None:
    theirs = Client(handler, other_workspace)
    hook = create(theirs)
    path = f"/v1/webhooks/{hook['id']}"

    for reply in (
        api.get(path),
        api.patch(path, {"url": PUBLIC_URL + "/mine", "enabled": False}),
        api.delete(path),
        api.post(f"{path}/rotate-secret"),
        api.post(f"{path}/test"),
        api.get(f"{path}/deliveries"),
        api.post(f"{path}/deliveries/{new_id()}/retry"),
    ):
        assert (reply.status, reply.error["code"]) == (404, "webhook_not_found"), reply.body
    assert api.get("/v1/webhooks").data == []
    assert theirs.get(path).data == {k: v for k, v in hook.items() if k != "secret"}


@pytest.mark.parametrize("ident", ["nope", "../x", "01234567-89ab-cdef-0123-456789abcdef"])
def test_an_id_that_names_no_webhook_answers_404(api: Client, ident: str) -> None:
    for reply in (
        api.get(f"/v1/webhooks/{ident}"),
        api.post(f"/v1/webhooks/{ident}/test"),
        api.post(f"/v1/webhooks/{ident}/rotate-secret"),
    ):
        assert reply.status == 404, reply.body


def test_an_unknown_delivery_answers_404(api: Client) -> None:
    hook = create(api)
    for delivery_id in ("nope", new_id()):
        reply = api.post(f"/v1/webhooks/{hook['id']}/deliveries/{delivery_id}/retry")
        assert (reply.status, reply.error["code"]) == (404, "delivery_not_found")
    assert api.get(f"/v1/webhooks/{hook['id']}/deliveries?status=lost").status == 400
