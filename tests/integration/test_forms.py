"""Signup forms: definitions through the API (scope `forms`), and their public side at /f/{public_id}: the
hosted page, form-encoded and JSON submissions (CORS), the honeypot, limits and stats."""

from __future__ import annotations

import base64
import json
import re
from email import message_from_string, policy
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from moto.ses.models import ses_backends

from functions.contacts.handler import handler as contacts_handler
from functions.core.auth import Caller
from functions.forms.handler import handler as forms_handler
from functions.lists.handler import handler as lists_handler
from functions.public.handler import handler as public_handler
from tests.builders import LambdaContext, domain_of, rest_event
from tests.integration.conftest import Client, Reply, sender_and_list

FORM = "application/x-www-form-urlencoded"


def public(
    method: str, url: str, *, form: dict[str, str] | None = None, data: Any = None, **event: Any
) -> Reply:
    """A browser's or another site's request to the public function (no key)."""
    headers = event.pop("headers", None) or {}
    raw_body = event.pop("raw_body", None)
    if form is not None:
        headers, raw_body = {"Content-Type": FORM, **headers}, urlencode(form)
    elif data is not None:
        raw_body = json.dumps(data)
    built = rest_event(method, urlsplit(url).path, raw_body=raw_body, headers=headers or None)
    built.update(event)
    raw = public_handler(built, LambdaContext())
    headers = {k: v[-1] for k, v in (raw.get("multiValueHeaders") or {}).items()}
    headers.update(raw.get("headers") or {})
    text = raw.get("body") or ""
    body = json.loads(text) if headers.get("Content-Type", "").startswith("application/json") else text
    return Reply(raw["statusCode"], headers, body)


@pytest.fixture
def setup(workspace: Caller) -> dict[str, Any]:
    """A single opt-in list with a required select field and an optional number, and a form on it."""
    lists = Client(lists_handler, workspace)
    made = lists.post(
        "/v1/lists", {"name": "News", "from_name": "Shop", "from_email": f"news@{domain_of(workspace)}"}
    )
    list_id = made.data["id"]
    plan = {"label": "Plan", "tag": "plan", "type": "select", "options": ["free", "pro"], "required": True}
    assert lists.post(f"/v1/lists/{list_id}/fields", plan).status == 201
    assert (
        lists.post(
            f"/v1/lists/{list_id}/fields", {"label": "Team size", "tag": "size", "type": "number"}
        ).status
        == 201
    )
    forms = Client(forms_handler, workspace)
    form = forms.post(
        "/v1/forms",
        {
            "name": "Footer signup v2",
            "title": "Join our newsletter",
            "list_id": list_id,
            "fields": ["first_name", "plan", "size"],
            "tags": ["from-form"],
            "consent_text": "We send news once a week.",
        },
    )
    assert form.status == 201, form.body
    return {"list_id": list_id, "form": form.data, "forms": forms, "url": form.data["hosted_url"]}


def contact(workspace: Caller, email: str) -> Reply:
    return Client(contacts_handler, workspace).get(f"/v1/contacts/{email}")


# --- the API -------------------------------------------------------------------------------------------


def test_a_form_is_made_read_listed_changed_and_deleted(workspace: Caller, setup: dict[str, Any]) -> None:
    forms, form = setup["forms"], setup["form"]
    assert form["hosted_url"] == f"https://lettercast.test/f/{form['public_id']}"
    assert form["fields"] == ["first_name", "plan", "size"] and form["double_opt_in"] is None
    assert form["is_published"] is True and form["tags"] == ["from-form"]
    assert form["stats"] == {"views": 0, "submissions": 0, "confirmed": 0, "conversion_rate": 0}
    embed = form["embed_html"]
    assert f'action="{form["hosted_url"]}"' in embed and 'type="email"' in embed and "<script>" in embed
    assert 'name="website-url"' in embed and 'tabindex="-1"' in embed and ">Plan" in embed

    changed = forms.patch(
        f"/v1/forms/{form['id']}", {"is_published": False, "redirect_url": "https://shop.example/hi"}
    )
    assert changed.status == 200 and changed.data["is_published"] is False
    assert changed.data["redirect_url"] == "https://shop.example/hi"
    assert forms.get(f"/v1/forms/{form['id']}").data["title"] == "Join our newsletter"
    assert [f["id"] for f in forms.get("/v1/forms?is_published=false").data] == [form["id"]]
    assert forms.get("/v1/forms?is_published=true").data == []
    assert forms.patch(f"/v1/forms/{form['id']}", {"redirect_url": None}).data.get("redirect_url") is None

    assert forms.delete(f"/v1/forms/{form['id']}").body == {"ok": True}
    assert forms.get(f"/v1/forms/{form['id']}").error["code"] == "form_not_found"
    assert public("GET", setup["url"]).status == 404


def test_a_form_names_only_its_lists_fields_and_keeps_within_its_limits(
    workspace: Caller, other_workspace: Caller, setup: dict[str, Any]
) -> None:
    forms, list_id = setup["forms"], setup["list_id"]
    unknown = forms.post("/v1/forms", {"name": "F", "list_id": list_id, "fields": ["plan", "shoe_size"]})
    assert unknown.status == 400 and "shoe_size" in unknown.error["message"]
    for wrong in (
        {"name": "x" * 201},
        {"redirect_url": "javascript:alert(1)"},
        {"fields": [f"f{i}" for i in range(21)]},
        {"tags": [f"t{i}" for i in range(21)]},
        {"consent_text": "x" * 5001},
    ):
        reply = forms.post("/v1/forms", {"name": "F", "list_id": list_id, **wrong})
        assert reply.status == 400, wrong

    elsewhere = Client(forms_handler, other_workspace)
    assert elsewhere.post("/v1/forms", {"name": "F", "list_id": list_id}).error["code"] == "list_not_found"
    assert elsewhere.get(f"/v1/forms/{setup['form']['id']}").status == 404
    assert elsewhere.delete(f"/v1/forms/{setup['form']['id']}").status == 404
    assert forms.get(f"/v1/forms/{setup['form']['id']}").status == 200


# --- the hosted page and submissions ---------------------------------------------------------------------


def test_the_hosted_page_labels_every_field_and_counts_a_view(
    workspace: Caller, setup: dict[str, Any]
) -> None:
    page = public("GET", setup["url"])

    assert page.status == 200 and page.headers["Content-Type"].startswith("text/html")
    body = page.body
    assert "<html lang=en>" in body and "Join our newsletter" in body and "We send news once a week." in body
    assert "Footer signup v2" not in body  # the form's own name is the owner's, not the visitors'
    for tag in ("email", "first_name", "plan", "size"):
        ident = f"lc-{setup['form']['public_id']}-{tag}"
        assert f'<label for="{ident}">' in body and f'id="{ident}"' in body, tag
    assert re.search(r'<select id="[^"]+-plan" name="plan" required>', body)
    assert 'aria-hidden="true"' in body and "focus-visible" in body
    assert "http" not in re.sub(r'action="[^"]+"', "", body)  # nothing loaded from anywhere
    assert setup["forms"].get(f"/v1/forms/{setup['form']['id']}").data["stats"]["views"] == 1


def test_a_form_post_subscribes_the_address_with_its_values_and_the_forms_tags(
    workspace: Caller, setup: dict[str, Any]
) -> None:
    sent = {"email": "Ann@Example.com", "first_name": "Ann", "plan": "pro", "size": "12", "website-url": ""}
    done = public("POST", setup["url"], form=sent)

    assert done.status == 200 and "You are subscribed" in done.body
    found = contact(workspace, "ann@example.com").data
    assert found["first_name"] == "Ann" and found["attributes"] == {"plan": "pro", "size": 12}
    assert found["tags"] == ["from-form"]
    assert [(m["list_id"], m["status"]) for m in found["lists"]] == [(setup["list_id"], "subscribed")]

    setup["forms"].patch(f"/v1/forms/{setup['form']['id']}", {"redirect_url": "https://shop.example/thanks"})
    again = public("POST", setup["url"], form={"email": "bo@example.com", "plan": "free"})
    assert again.status == 303 and again.headers["Location"] == "https://shop.example/thanks"


def test_a_json_post_from_another_site_is_answered_with_cors(
    workspace: Caller, setup: dict[str, Any]
) -> None:
    preflight = public("OPTIONS", setup["url"], headers={"Origin": "https://shop.example"})
    assert preflight.status == 204 and preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]

    done = public("POST", setup["url"], data={"email": "cy@example.com", "plan": "free", "size": 3})

    assert done.status == 200 and done.headers["Access-Control-Allow-Origin"] == "*"
    assert done.body == {"data": {"status": "subscribed", "message": "You are subscribed. Thank you!"}}
    assert contact(workspace, "cy@example.com").data["attributes"] == {"plan": "free", "size": 3}
    # Subscribed already: answered the same, nobody learns who is on the list.
    assert public("POST", setup["url"], data={"email": "cy@example.com", "plan": "free"}).body == done.body


def test_the_honeypot_is_answered_as_a_success_and_nothing_is_stored(
    workspace: Caller, setup: dict[str, Any]
) -> None:
    bot = {"email": "bot@example.com", "plan": "pro", "website-url": "https://spam.example"}

    page = public("POST", setup["url"], form=bot)
    answer = public("POST", setup["url"], data=bot)

    assert page.status == 200 and "You are subscribed" in page.body
    assert answer.status == 200 and answer.body["data"]["status"] == "subscribed"
    assert contact(workspace, "bot@example.com").status == 404
    assert setup["forms"].get(f"/v1/forms/{setup['form']['id']}").data["stats"]["submissions"] == 0


def test_an_invalid_email_shows_the_form_again_with_the_error_and_what_was_typed(
    workspace: Caller, setup: dict[str, Any]
) -> None:
    page = public("POST", setup["url"], form={"email": "ann@", "first_name": "Ann <b>", "plan": "pro"})

    assert page.status == 400 and page.headers["Content-Type"].startswith("text/html")
    assert "Enter a valid email address." in page.body and 'aria-invalid="true"' in page.body
    assert 'value="ann@"' in page.body and 'value="Ann &lt;b&gt;"' in page.body
    assert re.search(r'<option value="pro" selected>', page.body)

    answer = public("POST", setup["url"], data={"email": "not an address", "plan": "pro"})
    assert answer.status == 400 and answer.headers["Access-Control-Allow-Origin"] == "*"
    assert answer.body["error"]["code"] == "validation_failed"
    assert answer.body["error"]["fields"][0]["field"] == "email"


def test_a_required_field_left_empty_or_a_wrong_value_is_refused_naming_it(
    workspace: Caller, setup: dict[str, Any]
) -> None:
    page = public("POST", setup["url"], form={"email": "dee@example.com", "plan": "", "size": "many"})

    assert page.status == 400 and "This field is required." in page.body and "Enter a number." in page.body
    answer = public("POST", setup["url"], data={"email": "dee@example.com", "plan": "gold"})
    assert answer.status == 400 and {f["field"] for f in answer.body["error"]["fields"]} == {"plan"}
    assert contact(workspace, "dee@example.com").status == 404


def test_one_address_signs_up_at_most_three_times_an_hour(workspace: Caller, setup: dict[str, Any]) -> None:
    sent = {"email": "eve@example.com", "plan": "free"}
    answers = [public("POST", setup["url"], data=sent).status for _ in range(3)]

    refused = public("POST", setup["url"], data=sent)
    page = public("POST", setup["url"], form=sent)

    assert answers == [200, 200, 200]
    assert refused.status == 429 and refused.body["error"]["code"] == "too_many_requests"
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    assert page.status == 429 and "Too many attempts" in page.body
    assert public("POST", setup["url"], data={**sent, "email": "fay@example.com"}).status == 200


def test_stats_count_views_submissions_and_confirmed_signups(
    workspace: Caller, setup: dict[str, Any]
) -> None:
    for _ in range(4):
        public("GET", setup["url"])
    public("POST", setup["url"], data={"email": "gus@example.com", "plan": "pro"})
    public("POST", setup["url"], data={"email": "gus@example.com", "plan": "pro"})  # already: a submission
    public("POST", setup["url"], data={"email": "bad", "plan": "pro"})  # refused: not counted

    stats = setup["forms"].get(f"/v1/forms/{setup['form']['id']}").data["stats"]

    assert stats == {"views": 4, "submissions": 2, "confirmed": 1, "conversion_rate": 0.5}


def test_an_unpublished_or_unknown_form_is_the_not_found_page(
    workspace: Caller, setup: dict[str, Any]
) -> None:
    setup["forms"].patch(f"/v1/forms/{setup['form']['id']}", {"is_published": False})

    for url in (setup["url"], "/f/AAAAAAAAAAAAAAAA", "/f/" + "x" * 3000):
        assert public("GET", url).status == 404
        page = public("POST", url, form={"email": "hal@example.com", "plan": "pro"})
        assert page.status == 404 and "Link not found" in page.body
    assert contact(workspace, "hal@example.com").status == 404
    assert setup["forms"].get(f"/v1/forms/{setup['form']['id']}").data["stats"]["views"] == 0


def test_a_body_that_cannot_be_read_is_a_400_and_never_a_500(
    workspace: Caller, setup: dict[str, Any]
) -> None:
    url = setup["url"]
    json_type = {"Content-Type": "application/json"}
    for raw_body in (
        '{"email": ',
        "[1, 2]",
        '"ann@example.com"',
        '{"email": "a\\ud800@example.com"}',
        "{" * 5000,
    ):
        reply = public("POST", url, raw_body=raw_body, headers=json_type)
        assert reply.status == 400 and reply.body["error"]["code"] in ("invalid_json", "validation_failed"), (
            raw_body
        )
    binary = public(
        "POST",
        url,
        headers={"Content-Type": FORM},
        body=base64.b64encode(b"\xff\xfe\x00").decode(),
        isBase64Encoded=True,
    )
    assert binary.status == 400 and "could not be read" in binary.body
    other = public(
        "POST", url, raw_body="email=a", headers={"Content-Type": "multipart/form-data; boundary=x"}
    )
    assert other.status == 415
    deep = public("POST", url, data={"email": {"$ne": ""}, "plan": ["pro"], "size": "1e999"})
    assert deep.status == 400


def test_a_double_opt_in_form_counts_a_confirmation_when_its_link_is_followed(workspace: Caller) -> None:
    _, list_id = sender_and_list(workspace)
    forms = Client(forms_handler, workspace)
    form = forms.post(
        "/v1/forms",
        {"name": "Join", "list_id": list_id, "double_opt_in": True, "consent_text": "News weekly"},
    ).data

    done = public("POST", form["hosted_url"], form={"email": "ivy@example.com"})

    assert done.status == 200 and "Check your inbox to confirm your subscription." in done.body
    sent = ses_backends["123456789012"]["us-east-1"].sent_messages
    [mail] = [
        message_from_string(m.raw_data, policy=policy.default)
        for m in sent
        if m.destinations[0] == "ivy@example.com"
    ]
    link = re.search(r'href="(https?://[^"]+/c/[^"]+)"', mail.get_body(("html",)).get_content()).group(1)
    assert forms.get(f"/v1/forms/{form['id']}").data["stats"]["confirmed"] == 0
    assert public("GET", link).status == 200  # the page asking: nothing confirmed yet
    assert forms.get(f"/v1/forms/{form['id']}").data["stats"]["confirmed"] == 0
    assert public("POST", link).status == 200
    assert forms.get(f"/v1/forms/{form['id']}").data["stats"]["confirmed"] == 1
    found = contact(workspace, "ivy@example.com").data
    records = Client(contacts_handler, workspace).get(f"/v1/contacts/{found['id']}/consent").data
    assert [(r["source"], r["consent_text"]) for r in records] == [(f"form:{form['id']}", "News weekly")]
