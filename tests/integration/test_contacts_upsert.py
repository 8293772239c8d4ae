"""POST /v1/contacts: upsert by normalized email, merge rules, and bad input that writes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from functions.contacts import store
from functions.contacts.handler import handler
from functions.core import aws as core_aws
from functions.core.auth import Caller
from tests.integration.conftest import Client


@pytest.fixture
def api(workspace: Caller) -> Client:
    return Client(handler, workspace)


def table_items() -> list[dict[str, Any]]:
    """Everything in the contacts table, read straight from DynamoDB."""
    table = core_aws.table("contacts")
    page = table.scan()
    items = page["Items"]
    while "LastEvaluatedKey" in page:
        page = table.scan(ExclusiveStartKey=page["LastEvaluatedKey"])
        items += page["Items"]
    return items


def test_a_new_email_creates_a_contact_with_201(api: Client) -> None:
    reply = api.post("/v1/contacts", {"email": "ann@example.com", "first_name": "Ann", "tags": ["vip"]})

    assert reply.status == 201
    contact = reply.data
    assert contact["email"] == "ann@example.com"
    assert contact["first_name"] == "Ann"
    assert contact["tags"] == ["vip"]
    assert contact["status"] == "active"
    assert contact["lists"] == []
    assert contact["created_at"] == contact["updated_at"]
    assert api.get(f"/v1/contacts/{contact['id']}").data == contact


def test_a_known_email_updates_the_contact_with_200(api: Client) -> None:
    created = api.post("/v1/contacts", {"email": "ann@example.com", "first_name": "Ann"}).data

    reply = api.post("/v1/contacts", {"email": "ann@example.com", "last_name": "Lee"})

    assert reply.status == 200
    assert reply.data["id"] == created["id"]
    assert (reply.data["first_name"], reply.data["last_name"]) == ("Ann", "Lee")


def test_the_email_is_trimmed_and_case_insensitive(api: Client) -> None:
    created = api.post("/v1/contacts", {"email": "ann@example.com"}).data

    reply = api.post("/v1/contacts", {"email": "  Ann@Example.COM ", "first_name": "Ann"})

    assert reply.status == 200
    assert reply.data["id"] == created["id"]
    assert reply.data["email"] == "ann@example.com"
    assert store.total(api.caller.workspace_id) == 1


def test_sending_the_same_body_twice_changes_nothing(api: Client) -> None:
    body = {"email": "ann@example.com", "first_name": "Ann", "attributes": {"plan": "pro"}, "tags": ["a"]}
    first = api.post("/v1/contacts", body)
    stored = table_items()

    second = api.post("/v1/contacts", body)

    assert (first.status, second.status) == (201, 200)
    assert second.data == first.data
    assert second.data["updated_at"] == first.data["updated_at"]
    assert table_items() == stored  # not even a new version was written


def test_attributes_merge_and_null_removes_a_key(api: Client) -> None:
    api.post("/v1/contacts", {"email": "ann@example.com", "attributes": {"plan": "pro", "seats": 3}})

    reply = api.post(
        "/v1/contacts",
        {"email": "ann@example.com", "attributes": {"seats": None, "trial": False, "mrr": 9.5}},
    )

    assert reply.data["attributes"] == {"plan": "pro", "trial": False, "mrr": 9.5}


def test_tags_are_added_to_the_existing_ones(api: Client) -> None:
    api.post("/v1/contacts", {"email": "ann@example.com", "tags": ["b", "a"]})

    reply = api.post("/v1/contacts", {"email": "ann@example.com", "tags": ["c", "a"]})

    assert reply.data["tags"] == ["a", "b", "c"]


def test_fields_left_out_are_kept(api: Client) -> None:
    api.post(
        "/v1/contacts",
        {"email": "ann@example.com", "first_name": "Ann", "phone": "+44 20 7946 0000", "tags": ["a"]},
    )

    reply = api.post("/v1/contacts", {"email": "ann@example.com"})

    assert reply.status == 200
    assert reply.data["first_name"] == "Ann"
    assert reply.data["phone"] == "+44 20 7946 0000"
    assert reply.data["tags"] == ["a"]


def test_an_internationalized_domain_is_accepted(api: Client) -> None:
    reply = api.post("/v1/contacts", {"email": "user@bücher.de"})

    assert reply.status == 201
    assert reply.data["email"] == "user@bücher.de"
    assert api.post("/v1/contacts", {"email": "USER@Bücher.de"}).status == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": "ann@"}, "email"),
        ({"email": "a" * 250 + "@example.com"}, "email"),
        ({}, "email"),
        ({"email": "ann@example.com", "attributes": {"address": {"city": "Leeds"}}}, "attributes"),
        ({"email": "ann@example.com", "attributes": {"kids": ["a", "b"]}}, "attributes"),
        ({"email": "ann@example.com", "attributes": {f"k{i}": i for i in range(101)}}, "attributes"),
        ({"email": "ann@example.com", "attributes": {"first-name": "Ann"}}, "attributes"),
        ({"email": "ann@example.com", "attributes": {"k" * 65: 1}}, "attributes"),
        ({"email": "ann@example.com", "attributes": {"bio": "x" * 2001}}, "attributes"),
        ({"email": "ann@example.com", "tags": [f"t{i}" for i in range(101)]}, "tags"),
        ({"email": "ann@example.com", "tags": ["x" * 101]}, "tags"),
        ({"email": "ann@example.com", "tags": [" "]}, "tags"),
        ({"email": "ann@example.com", "first_name": "x" * 201}, "first_name"),
        ({"email": "ann@example.com", "first_name": 7}, "first_name"),
        ({"email": "ann@example.com", "favourite_colour": "blue"}, "favourite_colour"),
        ({"email": "ann@example.com", "status": "unsubscribed"}, "status"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(
    api: Client, body: dict[str, Any], field: str
) -> None:
    before = table_items()

    reply = api.post("/v1/contacts", body)

    assert reply.status == 400
    assert reply.error["code"] == "validation_failed"
    assert reply.error["message"]
    assert field in [f["field"] for f in reply.error["fields"]]
    assert table_items() == before


def test_bad_input_for_an_existing_contact_changes_nothing(api: Client) -> None:
    api.post("/v1/contacts", {"email": "ann@example.com", "attributes": {"plan": "pro"}})
    before = table_items()

    reply = api.post("/v1/contacts", {"email": "ann@example.com", "attributes": {"plan": {"tier": 1}}})

    assert reply.status == 400
    assert table_items() == before


def test_the_largest_accepted_attributes_are_stored_whole(api: Client) -> None:
    attributes: dict[str, Any] = {f"k{i}": i for i in range(99)}
    attributes["bio"] = "x" * 2000

    reply = api.post("/v1/contacts", {"email": "ann@example.com", "attributes": attributes})

    assert reply.status == 201
    assert api.get(f"/v1/contacts/{reply.data['id']}").data["attributes"] == attributes


def test_a_body_that_is_not_json_is_a_400(api: Client) -> None:
    before = table_items()  # other tests' contacts: the table is shared

    reply = api.call("POST", "/v1/contacts", raw_body="{not json")

    assert reply.status == 400
    assert reply.error["code"] == "invalid_json"
    assert table_items() == before
