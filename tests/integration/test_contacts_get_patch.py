"""GET /v1/contacts/{id_or_email} and PATCH /v1/contacts/{id}."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from functions.contacts.handler import handler
from functions.core import aws as core_aws
from functions.core.auth import Caller
from functions.core.ids import new_id
from tests.integration.conftest import Client


@pytest.fixture
def api(workspace: Caller) -> Client:
    return Client(handler, workspace)


@pytest.fixture
def ann(api: Client) -> dict[str, Any]:
    body = {
        "email": "ann@example.com",
        "first_name": "Ann",
        "last_name": "Lee",
        "attributes": {"plan": "pro"},
    }
    return api.post("/v1/contacts", body).data


def table_items() -> list[dict[str, Any]]:
    return core_aws.table("contacts").scan()["Items"]


def today_stats(api: Client) -> dict[str, Any]:
    return api.get("/v1/contacts/stats").data[-1]


def test_a_contact_is_found_by_id(api: Client, ann: dict[str, Any]) -> None:
    reply = api.get(f"/v1/contacts/{ann['id']}")

    assert reply.status == 200
    assert reply.data == ann


@pytest.mark.parametrize(
    "written",
    ["ann@example.com", "Ann@Example.COM", quote("ann@example.com", safe=""), "%20ann%40example.com"],
)
def test_a_contact_is_found_by_email_however_it_is_written(
    api: Client, ann: dict[str, Any], written: str
) -> None:
    reply = api.get(f"/v1/contacts/{written}")

    assert reply.status == 200
    assert reply.data["id"] == ann["id"]


def test_an_internationalized_email_is_found_url_encoded(api: Client) -> None:
    created = api.post("/v1/contacts", {"email": "user@bücher.de"}).data

    reply = api.get(f"/v1/contacts/{quote('user@bücher.de', safe='')}")

    assert reply.status == 200
    assert reply.data["id"] == created["id"]


@pytest.mark.parametrize(
    "unknown",
    [
        "01a2069f-41b9-75f2-96a4-9888906a385c",
        "nobody@example.com",
        "not-an-id",
        "not an email@",
        "%ZZ",
        "@",
        "x" * 300,
    ],
)
def test_an_unknown_contact_is_404(api: Client, ann: dict[str, Any], unknown: str) -> None:
    reply = api.get(f"/v1/contacts/{quote(unknown, safe='@%')}")

    assert reply.status == 404
    assert reply.error["code"] == "contact_not_found"


def test_patch_changes_only_the_fields_sent(api: Client, ann: dict[str, Any]) -> None:
    reply = api.patch(f"/v1/contacts/{ann['id']}", {"last_name": "Smith", "attributes": {"seats": 4}})

    assert reply.status == 200
    assert reply.data["first_name"] == "Ann"
    assert reply.data["last_name"] == "Smith"
    assert reply.data["attributes"] == {"plan": "pro", "seats": 4}
    assert reply.data["updated_at"] >= ann["updated_at"]
    assert api.get(f"/v1/contacts/{ann['id']}").data == reply.data


def test_patch_can_clear_a_field_and_replace_the_tags(api: Client, ann: dict[str, Any]) -> None:
    api.post(f"/v1/contacts/{ann['id']}/tags", {"tags": ["a", "b"]})

    reply = api.patch(f"/v1/contacts/{ann['id']}", {"last_name": None, "tags": ["c"]})

    assert reply.data["last_name"] is None
    assert reply.data["tags"] == ["c"]


def test_patch_to_a_free_email_moves_the_contact_and_frees_the_old_one(
    api: Client, ann: dict[str, Any]
) -> None:
    reply = api.patch(f"/v1/contacts/{ann['id']}", {"email": " Ann.Lee@Example.com"})

    assert reply.status == 200
    assert reply.data["email"] == "ann.lee@example.com"
    assert api.get("/v1/contacts/ann.lee@example.com").data["id"] == ann["id"]
    assert api.get("/v1/contacts/ann@example.com").status == 404
    newcomer = api.post("/v1/contacts", {"email": "ann@example.com"})
    assert newcomer.status == 201
    assert newcomer.data["id"] != ann["id"]


def test_patch_to_a_taken_email_is_409_and_changes_nothing(api: Client, ann: dict[str, Any]) -> None:
    bob = api.post("/v1/contacts", {"email": "bob@example.com"}).data
    before = table_items()

    reply = api.patch(f"/v1/contacts/{bob['id']}", {"email": "ANN@example.com", "first_name": "Bob"})

    assert reply.status == 409
    assert reply.error["code"] == "email_taken"
    assert table_items() == before
    assert api.get("/v1/contacts/bob@example.com").data == bob
    assert api.get("/v1/contacts/ann@example.com").data == ann


def test_patch_to_its_own_email_in_other_case_changes_nothing(api: Client, ann: dict[str, Any]) -> None:
    before = table_items()

    reply = api.patch(f"/v1/contacts/{ann['id']}", {"email": "ANN@EXAMPLE.COM"})

    assert reply.status == 200
    assert reply.data == ann
    assert table_items() == before


def test_unsubscribing_by_patch_counts_in_todays_stats(api: Client, ann: dict[str, Any]) -> None:
    reply = api.patch(f"/v1/contacts/{ann['id']}", {"status": "unsubscribed"})

    assert reply.data["status"] == "unsubscribed"
    assert today_stats(api)["unsubscribed"] == 1
    api.patch(f"/v1/contacts/{ann['id']}", {"status": "unsubscribed"})  # already: not counted again
    assert today_stats(api)["unsubscribed"] == 1
    assert today_stats(api)["sum"] == 1  # unsubscribed contacts are still contacts


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "nope"}, "email"),
        ({"status": "bounced"}, "status"),  # set by feedback, not by hand
        ({"attributes": {"a": {"b": 1}}}, "attributes"),
        ({"tags": [f"t{i}" for i in range(101)]}, "tags"),
        ({"id": "01a2069f-41b9-75f2-96a4-9888906a385c"}, "id"),
        ({"created_at": "2020-01-01T00:00:00Z"}, "created_at"),
    ],
)
def test_a_bad_patch_is_400_and_changes_nothing(
    api: Client, ann: dict[str, Any], body: dict[str, Any], field: str
) -> None:
    before = table_items()

    reply = api.patch(f"/v1/contacts/{ann['id']}", body)

    assert reply.status == 400
    assert field in [f["field"] for f in reply.error["fields"]]
    assert table_items() == before


def test_patch_of_an_unknown_contact_is_404(api: Client) -> None:
    before = table_items()  # other tests' contacts: the table is shared

    reply = api.patch(f"/v1/contacts/{new_id()}", {"first_name": "X"})

    assert reply.status == 404
    assert table_items() == before


def test_a_contact_is_changed_and_erased_by_its_email(api: Client, ann: dict[str, Any]) -> None:
    changed = api.patch(f"/v1/contacts/{quote('Ann@Example.com', safe='')}", {"first_name": "Anna"})
    assert changed.status == 200 and changed.data["id"] == ann["id"] and changed.data["first_name"] == "Anna"

    api.post(f"/v1/contacts/{ann['id']}/tags", {"tags": ["x"]})
    core_aws.table("contacts").put_item(  # an activity entry, as an event or a bounce leaves one
        Item={
            "pk": f"WS#{api.caller.workspace_id}#ACT#{ann['id']}",
            "sk": "2026-11-01T00:00:00Z#a",
            "id": "a",
        }
    )
    assert api.delete("/v1/contacts/ann@example.com").status == 200
    assert api.get(f"/v1/contacts/{ann['id']}").status == 404
    assert not [i for i in table_items() if i["pk"].endswith(f"#ACT#{ann['id']}")], "its activity is erased"
    assert api.patch("/v1/contacts/ann@example.com", {"first_name": "X"}).status == 404
