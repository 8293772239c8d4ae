"""The public pages in a real browser (headless Chromium, through Playwright), on the local runtime: a visitor
signs up on a hosted form, follows the confirmation link from the local outbox, and leaves one list for
another in the preference center; a landing page shows its form. Each page is kept as a screenshot in
.artifacts/browser/ for a person to look at.

Chromium is Debian's (`make test` installs it where it can); without it, or without Playwright, the module
is skipped and says why. One local runtime and one browser serve the whole module."""

from __future__ import annotations

import re
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SCREENSHOTS
from tests.e2e.conftest import LocalStack, eventually

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None:
    pytest.skip(
        "chromium is not installed: the browser tests need Debian's `chromium` package (`apt-get install "
        "chromium`, which `make test` tries where it runs as root or with passwordless sudo)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed: run `make test` (requirements-dev.txt)"
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

MOBILE = {"width": 390, "height": 844}
WAIT_MS = 15_000


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    local = LocalStack(tmp_path_factory.mktemp("lettercast-state"))
    local.start()
    yield local
    if local.process and local.process.poll() is None:
        local.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def screenshots() -> Path:
    """The folder of this run's screenshots (the run's summary names it), emptied of an earlier run's."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    return SCREENSHOTS


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    opened = context.new_page()
    opened.set_default_timeout(WAIT_MS)
    yield opened
    context.close()


@pytest.fixture(scope="module")
def signup(stack: LocalStack) -> dict[str, Any]:
    """A workspace with a verified sender, a double opt-in public list with a field, a second public list,
    and a published form on the first list."""
    reply = stack.call(
        "POST", "/v1/workspaces", json={"name": "Browser", "email": f"b-{secrets.token_hex(4)}@example.com"}
    )
    assert reply.status_code == 201, reply.text
    key = reply.json()["data"]["key"]["key"]

    def call(method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        answer = stack.call(method, path, key=key, **kwargs)
        assert answer.status_code in (200, 201), f"{method} {path}: {answer.status_code} {answer.text}"
        return answer.json()["data"]

    domain = f"browser-{secrets.token_hex(3)}.example"
    call("POST", "/v1/domains", json={"domain": domain})
    call("POST", "/v1/senders", json={"name": "News", "from_name": "Acme", "from_email": f"news@{domain}"})
    owner = {"from_name": "Acme", "from_email": f"news@{domain}", "public": True}
    weekly = call("POST", "/v1/lists", json={"name": "Weekly digest", "double_opt_in": True, **owner})
    offers = call("POST", "/v1/lists", json={"name": "Special offers", **owner})
    call("POST", f"/v1/lists/{weekly['id']}/fields", json={"label": "Company", "tag": "company"})
    form = call(
        "POST",
        "/v1/forms",
        json={
            "name": "Footer form (internal)",
            "title": "Join the weekly digest",
            "list_id": weekly["id"],
            "fields": ["first_name", "company"],
            "success_message": "Almost there: check your inbox to confirm.",
        },
    )
    return {"call": call, "domain": domain, "weekly": weekly, "offers": offers, "form": form}


def _on_stack(stack: LocalStack, url: str) -> str:
    """The runtime sets PUBLIC_BASE_URL to its own address, so links already point at it; kept as a check."""
    assert url.startswith(stack.url + "/"), f"{url} is not served by the local runtime at {stack.url}"
    return url


CONFIRM_LINK = re.compile(r'href="([^"]+/c/[^"]+)"')


def _confirmation_link(stack: LocalStack, to: str) -> str:
    """The link of the confirmation email sent to `to`, read from the local outbox."""

    def find() -> str | None:
        sent = stack.call("GET", "/_local/outbox", key=False).json()["data"]
        links = [CONFIRM_LINK.search(m["html"] or "") for m in sent if m["to"] == [to]]
        return next((link.group(1).replace("&amp;", "&") for link in links if link), None)

    return _on_stack(stack, eventually(find, 30))


def test_a_visitor_signs_up_confirms_and_chooses_lists_in_the_preference_center(
    stack: LocalStack, signup: dict[str, Any], browser: Any, page: Any, screenshots: Path
) -> None:
    call, weekly, offers = signup["call"], signup["weekly"], signup["offers"]
    email = f"ada@{signup['domain']}"
    form_url = _on_stack(stack, signup["form"]["hosted_url"])

    mobile = browser.new_context(viewport=MOBILE, is_mobile=True, has_touch=True)
    phone = mobile.new_page()
    phone.goto(form_url)
    phone.screenshot(path=screenshots / "form-mobile.png", full_page=True)
    mobile.close()

    page.goto(form_url)
    assert page.get_by_role("heading", name="Join the weekly digest").is_visible()
    assert page.locator("input[type=email][name=email]").is_visible()
    page.screenshot(path=screenshots / "form.png", full_page=True)
    page.get_by_label("Email").fill(email)
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Company").fill("Analytical Engines")
    page.get_by_role("button", name="Subscribe").click()
    page.get_by_text("Almost there: check your inbox to confirm.").wait_for()
    page.screenshot(path=screenshots / "form-success.png", full_page=True)

    page.goto(_confirmation_link(stack, email))
    assert page.get_by_role("heading", name="Confirm your subscription").is_visible()
    page.screenshot(path=screenshots / "confirm.png", full_page=True)
    page.get_by_role("button", name="Yes, subscribe me").click()
    page.get_by_role("heading", name="Subscription confirmed").wait_for()
    assert "You are subscribed to Weekly digest" in page.locator("main").inner_text()
    page.screenshot(path=screenshots / "confirmed.png", full_page=True)

    page.get_by_role("link", name="Choose which emails you receive").click()
    page.get_by_role("heading", name="Your email preferences").wait_for()
    _on_stack(stack, page.url)
    weekly_box, offers_box = page.get_by_label("Weekly digest"), page.get_by_label("Special offers")
    assert weekly_box.is_checked() and not offers_box.is_checked()
    page.screenshot(path=screenshots / "preferences.png", full_page=True)
    weekly_box.uncheck()
    offers_box.check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Your choices are saved.").wait_for()
    assert page.get_by_label("Special offers").is_checked()
    assert not page.get_by_label("Weekly digest").is_checked()
    page.screenshot(path=screenshots / "preferences-saved.png", full_page=True)

    contact = call("GET", f"/v1/contacts/{email}")
    statuses = {m["list_id"]: m["status"] for m in contact["lists"]}
    assert statuses == {weekly["id"]: "unsubscribed", offers["id"]: "subscribed"}
    assert contact["first_name"] == "Ada" and contact["attributes"]["company"] == "Analytical Engines"


def test_a_landing_page_shows_its_form(
    stack: LocalStack, signup: dict[str, Any], page: Any, screenshots: Path
) -> None:
    landing = signup["call"](
        "POST",
        "/v1/pages",
        json={
            "slug": "weekly",
            "title": "The weekly digest",
            "html": "<h2>Every Friday, five links worth your time</h2><p>Leave whenever you like.</p>",
            "form_id": signup["form"]["id"],
            "published": True,
        },
    )
    page.goto(_on_stack(stack, landing["url"]))
    assert page.get_by_role("heading", name="Every Friday, five links worth your time").is_visible()
    assert page.get_by_role("button", name="Subscribe").is_visible()
    page.screenshot(path=screenshots / "landing.png", full_page=True)
