"""The preference center: a contact sees every public list of the workspace with its state and joins or
leaves them; the unsubscribe page names the list and links there. Public pages: no key, signed links."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from functions.campaigns import tracking
from functions.contacts.handler import handler as contacts_handler
from functions.core.auth import Caller
from functions.lists.handler import handler as lists_handler
from functions.public import words
from functions.public.handler import handler as public_handler
from infra.local.events import LambdaContext
from tests.builders import domain_of, rest_event
from tests.integration.conftest import Client


def page(method: str, url: str, form: str | None = None) -> dict[str, Any]:
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if form is not None else None
    event = rest_event(method, urlsplit(url).path, raw_body=form, headers=headers)
    return public_handler(event, LambdaContext("public"))


@pytest.fixture
def setup(workspace: Caller) -> dict[str, Any]:
    lists = Client(lists_handler, workspace)
    sender = f"news@{domain_of(workspace)}"

    def new_list(name: str, **extra: Any) -> str:
        made = lists.post("/v1/lists", {"name": name, "from_name": "Shop", "from_email": sender, **extra})
        assert made.status == 201, made.body
        return made.data["id"]

    news = new_list("Weekly news", public=True, description="Every Monday")
    offers = new_list("Offers", public=True)
    hidden = new_list("Customers (internal)")
    for list_id in (news, hidden):
        assert lists.post(f"/v1/lists/{list_id}/subscribers", {"email": "pat@example.com"}).status == 201
    contact = Client(contacts_handler, workspace).get("/v1/contacts/pat@example.com").data
    return {"news": news, "offers": offers, "hidden": hidden, "contact": contact, "lists": lists}


def statuses(setup: dict[str, Any], workspace: Caller) -> dict[str, str]:
    contact = Client(contacts_handler, workspace).get(f"/v1/contacts/{setup['contact']['id']}").data
    return {m["list_id"]: m["status"] for m in contact["lists"]}


def test_the_preference_center_shows_each_public_list_with_the_contacts_state(
    workspace: Caller, setup: dict[str, Any]
) -> None:
    url = tracking.preferences_url(workspace.workspace_id, setup["contact"]["id"])

    shown = page("GET", url)

    assert shown["statusCode"] == 200
    body = shown["body"]
    assert "Weekly news" in body and "Every Monday" in body and "Offers" in body
    assert "Customers (internal)" not in body  # not public
    assert re.search(rf"value='{setup['news']}' checked", body)
    assert not re.search(rf"value='{setup['offers']}' checked", body)
    assert "pat@example.com" in body and "<label>" in body and "lang=en" in body


def test_saving_joins_the_lists_checked_and_leaves_the_others_public_ones_only(
    workspace: Caller, setup: dict[str, Any]
) -> None:
    url = tracking.preferences_url(workspace.workspace_id, setup["contact"]["id"])

    saved = page("POST", url, form=f"lists={setup['offers']}")

    assert saved["statusCode"] == 200 and "Your choices are saved" in saved["body"]
    now = statuses(setup, workspace)
    assert now[setup["offers"]] == "subscribed"
    assert now[setup["news"]] == "unsubscribed"
    assert now[setup["hidden"]] == "subscribed"  # not on the page: left as it was
    assert re.search(rf"value='{setup['offers']}' checked", saved["body"])


def test_a_forged_or_foreign_preferences_link_is_the_not_found_page(
    workspace: Caller, other_workspace: Caller, setup: dict[str, Any]
) -> None:
    url = tracking.preferences_url(workspace.workspace_id, setup["contact"]["id"])
    forged = url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB")
    elsewhere = tracking.preferences_url(other_workspace.workspace_id, setup["contact"]["id"])

    for link in (forged, elsewhere):
        answer = page("GET", link)
        assert answer["statusCode"] == 404 and "not valid" in answer["body"]
        assert page("POST", link, form=f"lists={setup['offers']}")["statusCode"] == 404
    assert statuses(setup, workspace)[setup["news"]] == "subscribed"


def test_the_unsubscribe_page_names_the_list_and_links_to_the_preference_center(
    workspace: Caller, setup: dict[str, Any]
) -> None:
    campaign = {"id": "01a00000-0000-7000-8000-000000000001", "list_id": setup["news"]}
    link = tracking.unsubscribe_url(workspace.workspace_id, campaign, setup["contact"]["id"])

    shown = page("GET", link)
    assert shown["statusCode"] == 200 and "Weekly news" in shown["body"]
    preferences = re.search(r"href='([^']+/p/[^']+)'", shown["body"]).group(1)

    done = page("POST", link, form="List-Unsubscribe=One-Click")
    assert done["statusCode"] == 200 and "Weekly news" in done["body"] and "/p/" in done["body"]
    assert statuses(setup, workspace)[setup["news"]] == "unsubscribed"
    assert page("GET", preferences)["statusCode"] == 200


def test_the_pages_speak_the_workspaces_language(workspace: Caller, setup: dict[str, Any]) -> None:
    from functions.account.handler import handler as account_handler

    assert Client(account_handler, workspace).patch("/v1/account", {"language": "nb-NO"}).status == 200
    words.forget()
    url = tracking.preferences_url(workspace.workspace_id, setup["contact"]["id"])

    shown = page("GET", url)["body"]

    assert "<html lang=nb>" in shown and "Dine e-postvalg" in shown and "Lagre" in shown
    campaign = {"id": "01a00000-0000-7000-8000-000000000001", "list_id": setup["news"]}
    ask = page("GET", tracking.unsubscribe_url(workspace.workspace_id, campaign, setup["contact"]["id"]))[
        "body"
    ]
    assert "Vil du slutte å motta e-post fra listen <strong>Weekly news</strong>?" in ask
