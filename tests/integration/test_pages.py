"""Landing pages: made through /v1/pages, served at /pages/<workspace slug>/<slug> once published (no key),
in a strict Content-Security-Policy, with their form below them; every view counted. A workspace's slug is
unique across the installation and given from its name with the first page."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from functions.account.handler import handler as account_handler
from functions.account.models import SLUG
from functions.core.auth import Caller
from functions.core.ids import new_id
from functions.forms.handler import handler as forms_handler
from functions.lists.handler import handler as lists_handler
from functions.pages.handler import handler as pages_handler
from functions.pages.models import MAX_PAGES
from functions.public import words
from functions.public.handler import handler as public_handler
from tests.builders import LambdaContext, rest_event
from tests.integration.conftest import Client

CSP = (
    "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
PAGE = {"slug": "spring-sale", "title": "Spring sale", "html": "<h1>Spring sale</h1><p>Half price</p>"}


@pytest.fixture
def api(workspace: Caller) -> Client:
    return Client(pages_handler, workspace)


def visit(url: str) -> dict[str, Any]:
    """A person's browser opening the page's URL."""
    event = rest_event("GET", urlsplit(url).path, headers={"Accept": "text/html"})
    answer = public_handler(event, LambdaContext())
    answer["headers"] = {
        **answer.get("headers", {}),
        **{k: v[-1] for k, v in answer.get("multiValueHeaders", {}).items()},
    }
    return answer


def create(api: Client, **changes: Any) -> dict[str, Any]:
    made = api.post("/v1/pages", {**PAGE, **changes})
    assert made.status == 201, made.body
    return made.data


def unique(caller: Caller, name: str) -> str:
    """A workspace slug no other test's workspace holds (they are unique across the installation)."""
    return f"{name}-{caller.workspace_id[-12:]}"


def test_a_new_page_is_a_draft_whose_url_is_under_the_slug_the_workspace_got_from_its_name(
    api: Client,
) -> None:
    account = Client(account_handler, api.caller)
    assert account.get("/v1/account").data["slug"] is None

    page = create(api)

    slug = account.get("/v1/account").data["slug"]
    assert re.fullmatch(SLUG, slug) and slug.startswith("operator")  # the workspace's name; a suffix if taken
    assert page["url"] == f"https://lettercast.test/pages/{slug}/spring-sale"
    assert (page["published"], page["views"], page["form_id"], page["html"]) == (False, 0, None, PAGE["html"])
    assert visit(page["url"])["statusCode"] == 404  # a draft is not served


def test_pages_are_listed_read_changed_and_deleted(api: Client) -> None:
    first = create(api)
    second = create(api, slug="summer", title="Summer")

    listed = api.get("/v1/pages?limit=1")
    rest = api.get(f"/v1/pages?cursor={listed.body['next_cursor']}")
    assert [p["id"] for p in listed.data + rest.data] == [second["id"], first["id"]]  # newest first
    assert "html" not in listed.data[0] and listed.data[0]["url"] == second["url"]

    changed = api.patch(f"/v1/pages/{first['id']}", {"title": "Spring sale!", "slug": "spring"})
    assert changed.status == 200, changed.body
    assert (changed.data["title"], changed.data["html"]) == ("Spring sale!", PAGE["html"])
    assert changed.data["url"].endswith("/spring")
    assert api.get(f"/v1/pages/{first['id']}").data == changed.data
    assert create(api, slug="spring-sale")["slug"] == "spring-sale"  # the old slug is free again

    assert api.delete(f"/v1/pages/{second['id']}").status == 200
    gone = api.get(f"/v1/pages/{second['id']}")
    assert (gone.status, gone.error["code"]) == (404, "page_not_found")
    assert create(api, slug="summer")["slug"] == "summer"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**PAGE, "slug": "Spring Sale"}, "slug"),
        ({**PAGE, "slug": "-sale"}, "slug"),
        ({**PAGE, "slug": "x" * 51}, "slug"),
        ({**PAGE, "title": ""}, "title"),
        ({**PAGE, "title": "t" * 201}, "title"),
        ({**PAGE, "html": "x" * 200_001}, "html"),
        ({**PAGE, "html": "€" * 100_001}, "html"),  # 200,000 characters or fewer, but over 300 kB
        ({"slug": "a", "title": "A"}, "html"),
        ({**PAGE, "script": "x"}, "script"),
    ],
)
def test_a_bad_page_is_400_naming_the_field(api: Client, body: dict[str, Any], field: str) -> None:
    reply = api.post("/v1/pages", body)

    assert reply.status == 400, reply.body
    assert reply.error["fields"][0]["field"] == field
    assert api.get("/v1/pages").data == []


def test_a_change_that_removes_what_a_page_needs_is_400(api: Client) -> None:
    page = create(api)
    for field in ("slug", "title", "html", "published"):
        reply = api.patch(f"/v1/pages/{page['id']}", {field: None})
        assert (reply.status, reply.error["fields"][0]["field"]) == (400, field)
    assert api.get(f"/v1/pages/{page['id']}").data == page


def test_a_slug_is_unique_in_its_workspace_only(api: Client, other_workspace: Caller) -> None:
    page = create(api)
    create(api, slug="other")

    again = api.post("/v1/pages", PAGE)
    moved = api.patch(f"/v1/pages/{page['id']}", {"slug": "other"})

    assert (again.status, again.error["code"]) == (409, "page_slug_taken")
    assert (moved.status, moved.error["code"]) == (409, "page_slug_taken")
    assert api.as_(other_workspace).post("/v1/pages", PAGE).status == 201


def test_a_workspace_has_at_most_a_hundred_pages(api: Client) -> None:
    made = [create(api, slug=f"p{i}", html="")["id"] for i in range(MAX_PAGES)]

    refused = api.post("/v1/pages", {**PAGE, "html": ""})

    assert (refused.status, refused.error["code"]) == (409, "page_limit_reached")
    assert api.delete(f"/v1/pages/{made[0]}").status == 200
    assert api.post("/v1/pages", PAGE).status == 201


def test_a_published_page_is_served_at_its_url_in_the_workspaces_language_with_a_strict_policy(
    api: Client,
) -> None:
    Client(account_handler, api.caller).patch("/v1/account", {"language": "de"})
    words.forget()
    page = create(api, published=True, title="Frühling & <Sale>", html="<p>Alles <b>halb</b> so teuer</p>")

    shown = visit(page["url"])

    assert shown["statusCode"] == 200
    assert shown["headers"]["Content-Type"].startswith("text/html")
    body = shown["body"]
    assert body.startswith("<!doctype html><html lang=de>")
    assert "<title>Frühling &amp; &lt;Sale&gt;</title>" in body and "name=viewport" in body
    assert "<main><p>Alles <b>halb</b> so teuer</p></main>" in body
    assert "<script" not in body and "http" not in body  # nothing from anywhere else
    assert shown["headers"]["Content-Security-Policy"] == CSP
    assert shown["headers"]["X-Content-Type-Options"] == "nosniff"
    assert shown["headers"]["Referrer-Policy"] == "no-referrer"


def test_what_is_not_a_published_page_is_the_not_found_page(api: Client) -> None:
    page = create(api, published=True)
    workspace_slug = urlsplit(page["url"]).path.split("/")[2]
    api.patch(f"/v1/pages/{page['id']}", {"published": False})

    for path in (
        page["url"],  # unpublished
        f"/pages/{workspace_slug}/no-such-page",
        f"/pages/no-such-workspace-{new_id()[-12:]}/spring-sale",
        f"/pages/{workspace_slug}/Spring-Sale",
    ):
        shown = visit(path)
        assert shown["statusCode"] == 404, path
        assert shown["headers"]["Content-Type"].startswith("text/html") and "not valid" in shown["body"]


def test_every_view_is_counted(api: Client) -> None:
    page = create(api, published=True)

    for _ in range(3):
        assert visit(page["url"])["statusCode"] == 200

    assert api.get(f"/v1/pages/{page['id']}").data["views"] == 3
    assert api.get("/v1/pages").data[0]["views"] == 3


def test_another_workspaces_page_or_form_is_not_found(api: Client, other_workspace: Caller) -> None:
    theirs = api.as_(other_workspace)
    page = create(theirs)

    for reply in (
        api.get(f"/v1/pages/{page['id']}"),
        api.patch(f"/v1/pages/{page['id']}", {"title": "Mine"}),
        api.delete(f"/v1/pages/{page['id']}"),
    ):
        assert (reply.status, reply.error["code"]) == (404, "page_not_found")
    assert theirs.get(f"/v1/pages/{page['id']}").data == page

    their_form = _form(theirs)["id"]
    for form_id in (their_form, new_id()):
        made = api.post("/v1/pages", {**PAGE, "form_id": form_id})
        assert (made.status, made.error["code"]) == (404, "form_not_found")
    assert api.get("/v1/pages").data == []


def test_a_workspace_slug_is_unique_across_workspaces_and_a_new_one_frees_the_old(
    api: Client, other_workspace: Caller
) -> None:
    mine, theirs = Client(account_handler, api.caller), Client(account_handler, other_workspace)
    taken, moved = unique(api.caller, "acme"), unique(api.caller, "acme-shop")
    assert mine.patch("/v1/account", {"slug": taken}).data["slug"] == taken
    page = create(api, published=True)
    assert page["url"].endswith(f"/pages/{taken}/spring-sale")

    refused = theirs.patch("/v1/account", {"slug": taken})
    assert (refused.status, refused.error["code"]) == (409, "slug_taken")

    assert mine.patch("/v1/account", {"slug": moved}).data["slug"] == moved
    assert theirs.patch("/v1/account", {"slug": taken}).data["slug"] == taken  # freed
    assert api.get(f"/v1/pages/{page['id']}").data["url"].endswith(f"/pages/{moved}/spring-sale")
    assert visit(f"/pages/{moved}/spring-sale")["statusCode"] == 200
    assert visit(f"/pages/{taken}/spring-sale")["statusCode"] == 404  # now the other workspace's
    assert mine.patch("/v1/account", {"slug": None}).status == 400


def _form(client: Client, **extra: Any) -> dict[str, Any]:
    """A form on a new list of the caller's workspace."""
    lists = Client(lists_handler, client.caller)
    made = lists.post("/v1/lists", {"name": "News", "from_name": "Shop", "from_email": "news@shop.example"})
    assert made.status == 201, made.body
    form = Client(forms_handler, client.caller).post(
        "/v1/forms", {"name": "Signup", "list_id": made.data["id"], "fields": [], **extra}
    )
    assert form.status == 201, form.body
    return form.data


def test_a_published_form_is_embedded_below_the_page(api: Client) -> None:
    form = _form(api, redirect_url="https://shop.example/thanks")
    page = create(api, published=True, form_id=form["id"])
    assert page["form_id"] == form["id"]

    shown = visit(page["url"])

    body = shown["body"]
    # Where the form sends a browser once it signed up is a form-action too (Chrome holds redirects to it).
    policy = CSP.replace("form-action 'self'", "form-action 'self' https://shop.example")
    assert shown["headers"]["Content-Security-Policy"] == policy

    main = body[body.index("<main>") : body.index("</main>")]
    assert main.index(PAGE["html"]) < main.index("<form")
    assert f'action="https://lettercast.test/f/{form["public_id"]}"' in main
    assert 'type="email"' in main and "<script" not in body

    forms = Client(forms_handler, api.caller)
    assert forms.patch(f"/v1/forms/{form['id']}", {"is_published": False}).status == 200
    assert "<form" not in visit(page["url"])["body"]  # an unpublished form is left out
    assert api.patch(f"/v1/pages/{page['id']}", {"form_id": None}).data["form_id"] is None
