"""The rules of signup forms: definitions on a list of the workspace, their stats, and the public side:
the hosted page's view and a submission, checked and limited before the list's opt-in takes it."""

from __future__ import annotations

import hashlib
import ipaddress
import re
import secrets
import time
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from pydantic import ValidationError

from functions.contacts.models import MAX_ATTRIBUTE_STRING, MAX_NAME, ContactUpsert
from functions.core import clock, emails, numbers, ratelimit
from functions.core.emails import normalize_email
from functions.core.errors import Conflict, Invalid, NotFound, RateLimited, Unavailable, Unprocessable
from functions.core.ids import is_id, new_id
from functions.core.observability import logger
from functions.forms import render, store
from functions.forms.models import CONTACT_FIELDS, MAX_FORMS, FormCreate, FormOut, FormPatch, FormStats
from functions.lists import optin
from functions.lists import service as lists
from functions.public import words

PUBLIC_ID = re.compile(r"^[A-Za-z0-9_-]{16}$")
# Rate limits of public submissions: one address to one workspace, and one source to one form.
ADDRESS_LIMIT, ADDRESS_WINDOW_S = 3, 3_600  # per mailbox (ann+x@ is ann@) and workspace
SOURCE_LIMIT, SOURCE_WINDOW_S = 20, 600  # per IPv4 address or IPv6 /64, and workspace
# Confirmation emails a workspace's forms send in an hour: a flood of strangers' addresses from many
# sources stops here, before it costs the sender its reputation.
CONFIRMATIONS_LIMIT, CONFIRMATIONS_WINDOW_S = 1_000, 3_600
TRUE = ("true", "on", "1", "yes")
FALSE = ("false", "off", "0", "no")


# --- definitions ----------------------------------------------------------------------------------------


def field_definitions(workspace_id: str, list_id: str) -> list[dict[str, Any]]:
    """The list's fields (404 list_not_found when the workspace has no such list)."""
    return [f.model_dump() for f in lists.list_fields(workspace_id, list_id)]


def _definitions_if_any(workspace_id: str, list_id: str) -> list[dict[str, Any]]:
    """The fields of the form's list; none when the list was deleted since (the form shows its email)."""
    try:
        return field_definitions(workspace_id, list_id)
    except NotFound:
        return []


def _check_fields(tags: list[str], definitions: list[dict[str, Any]]) -> None:
    known = {d["tag"] for d in definitions} | set(CONTACT_FIELDS)
    unknown = [t for t in tags if t not in known]
    if unknown:
        message = f"the list has no field with tag {unknown[0]!r}"
        raise Invalid(
            f"fields: {message}",
            fields=[{"field": "fields", "in": "body", "message": message}],
            code="unknown_field",
        )


def _stats(workspace_id: str, form_id: str) -> FormStats:
    totals = store.stats(workspace_id, form_id)
    views, submissions, confirmed = (max(0, totals.get(k, 0)) for k in ("views", "submissions", "confirmed"))
    rate = round(submissions / views, 4) if views else 0.0
    return FormStats(views=views, submissions=submissions, confirmed=confirmed, conversion_rate=rate)


def _out(item: dict[str, Any], definitions: list[dict[str, Any]]) -> FormOut:
    said = words.for_workspace(item["workspace_id"])[1]
    return FormOut(
        **{k: v for k, v in item.items() if k in FormOut.model_fields},
        hosted_url=render.hosted_url(item["public_id"]),
        embed_html=render.embed_html(item, definitions, said),
        stats=_stats(item["workspace_id"], item["id"]),
    )


def load(workspace_id: str, form_id: str) -> dict[str, Any]:
    """The form as stored (404 form_not_found)."""
    item = store.get(workspace_id, form_id) if is_id(form_id) else None
    if item is None:
        raise NotFound("form", form_id)
    return item


def create(workspace_id: str, body: FormCreate) -> FormOut:
    definitions = field_definitions(workspace_id, body.list_id)
    _check_fields(body.fields, definitions)
    at = clock.now_iso()
    item = {
        **body.model_dump(exclude_none=True),
        "tags": body.tags or [],
        "id": new_id(),
        "public_id": secrets.token_urlsafe(12),  # 16 characters; unguessable, unlike the time-ordered id
        "workspace_id": workspace_id,
        "created_at": at,
        "updated_at": at,
    }
    try:
        store.create(item, MAX_FORMS)
    except store.LimitReached:
        raise Conflict(f"A workspace has at most {MAX_FORMS} forms", code="form_limit_reached") from None
    return _out(item, definitions)


def list_forms(
    workspace_id: str, limit: int, cursor: str | None, is_published: bool | None
) -> tuple[list[FormOut], str | None]:
    items, next_cursor = store.list_page(workspace_id, limit, cursor, is_published)
    definitions: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        if item["list_id"] not in definitions:
            definitions[item["list_id"]] = _definitions_if_any(workspace_id, item["list_id"])
    return [_out(i, definitions[i["list_id"]]) for i in items], next_cursor


def get(workspace_id: str, form_id: str) -> FormOut:
    item = load(workspace_id, form_id)
    return _out(item, _definitions_if_any(workspace_id, item["list_id"]))


def update(workspace_id: str, form_id: str, patch: FormPatch) -> FormOut:
    current = load(workspace_id, form_id)
    changes = patch.model_dump(exclude_unset=True)
    updated = {**current, **changes, "updated_at": clock.now_iso()}
    if "list_id" in changes or "fields" in changes:
        definitions = field_definitions(workspace_id, updated["list_id"])
        _check_fields(updated["fields"], definitions)
    else:
        definitions = _definitions_if_any(workspace_id, updated["list_id"])
    updated["tags"] = updated.get("tags") or []
    updated = {k: v for k, v in updated.items() if v is not None}  # null clears
    if not store.replace(updated):
        raise NotFound("form", form_id)
    forget(current["public_id"])
    return _out(updated, definitions)


def delete(workspace_id: str, form_id: str) -> None:
    """Gone at once, with its hosted page and stats (within PUBLISHED_TTL_S on other instances)."""
    current = store.get(workspace_id, form_id) if is_id(form_id) else None
    if current is None or not store.delete(workspace_id, form_id):
        raise NotFound("form", form_id)
    forget(current["public_id"])


def count_confirmed(workspace_id: str, form_id: str) -> None:
    """A double opt-in signup of the form was confirmed (its link followed): counted once, by the caller."""
    if is_id(form_id) and store.get(workspace_id, form_id) is not None:
        store.count(workspace_id, form_id, confirmed=1)


# --- the public side -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicForm:
    """A published form as its hosted page and submissions see it."""

    workspace_id: str
    form: dict[str, Any]
    fields: list[dict[str, Any]]  # its list's field definitions
    the_list: dict[str, Any]

    @property
    def said(self) -> dict[str, str]:
        return words.for_workspace(self.workspace_id)[1]

    @property
    def lang(self) -> str:
        return words.for_workspace(self.workspace_id)[0]


@dataclass(frozen=True)
class Submitted:
    status: Literal["subscribed", "pending"]
    message: str
    redirect_url: str | None


class FormInvalid(Invalid):
    """A submission refused for its values: `problems` names each input with the key of its words."""

    def __init__(self, problems: dict[str, str]) -> None:
        english = words.WORDS["en"]
        fields = [{"field": name, "in": "body", "message": english[key]} for name, key in problems.items()]
        super().__init__(f"{fields[0]['field']}: {fields[0]['message']}", fields=fields)
        self.problems = problems


# A function instance keeps the published forms it served for a few seconds: a busy form's page and
# submissions then read nothing but the signup itself. A change made elsewhere shows within PUBLISHED_TTL_S
# (this instance's own changes at once).
PUBLISHED_TTL_S = 10.0
MAX_CACHED = 1_000
_published: dict[str, tuple[float, PublicForm]] = {}


def published(public_id: str) -> PublicForm | None:
    """The published form of a public id, or None (unknown, unpublished, deleted, or its list gone)."""
    cached = _published.get(public_id)
    if cached and time.monotonic() - cached[0] < PUBLISHED_TTL_S:
        return cached[1]
    found = store.by_public_id(public_id) if PUBLIC_ID.fullmatch(public_id) else None
    form = store.get(*found) if found else None
    if found is None or form is None or not form.get("is_published"):
        _published.pop(public_id, None)
        return None
    try:
        the_list, fields = lists.list_and_fields(found[0], form["list_id"])
    except NotFound:
        return None
    public = PublicForm(found[0], form, fields, the_list)
    if len(_published) >= MAX_CACHED:
        _published.clear()
    _published[public_id] = (time.monotonic(), public)
    return public


def forget(public_id: str | None = None) -> None:
    """Read this form (every form: None) again on its next request."""
    if public_id is None:
        _published.clear()
    else:
        _published.pop(public_id, None)


def count_view(public: PublicForm) -> None:
    store.count(public.workspace_id, public.form["id"], views=1)


def _source(ip: str) -> str:
    """The source a limit counts: an IPv4 address, or the /64 of an IPv6 one (a host picks among those)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _limit(key: str, limit: int, window_s: int) -> None:
    allowed, retry_after = ratelimit.allow(key, limit, window_s)
    if not allowed:
        raise RateLimited(
            f"Too many signups; try again in {retry_after} s",
            retry_after_s=retry_after,
            code="too_many_requests",
        )


def _text(value: Any) -> str | None:
    """A submitted value as text (JSON numbers and booleans as typed), None when empty."""
    if value is None or isinstance(value, dict | list):
        return None
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return text.strip() or None


def _number(value: Any, text: str) -> tuple[Any, str | None]:
    """A number DynamoDB can hold, as JSON sent it or as typed (an integer unless it has a point)."""
    if isinstance(value, bool) or len(text) > 50:
        return None, "form_error_number"
    try:
        number = numbers.storable(value if isinstance(value, int | float) else Decimal(text))
    except (InvalidOperation, ValueError):
        return None, "form_error_number"
    if isinstance(value, int | float):
        return value, None
    whole = number == number.to_integral_value() and not any(c in text for c in ".eE")
    return (int(number) if whole else float(number)), None


def _typed(field: dict[str, Any], value: Any) -> tuple[Any, str | None]:
    """(the value as the list stores it, None) or (None, the key of the words saying what is wrong)."""
    kind, text = field["type"], _text(value)
    if kind == "boolean":
        if isinstance(value, bool) or text is None:  # an unchecked box sends nothing: no value
            return (value if isinstance(value, bool) else None), None
        if text.lower() in TRUE + FALSE:
            return text.lower() in TRUE, None
        return None, "form_error_invalid"
    if text is None:  # nothing, or not a single value (a JSON object or array)
        return None, None
    if kind == "number":
        return _number(value, text)
    if len(text) > MAX_ATTRIBUTE_STRING or (field["tag"] in CONTACT_FIELDS and len(text) > MAX_NAME):
        return None, "form_error_too_long"
    if kind == "email":
        try:
            return normalize_email(text), None
        except ValueError:
            return None, "form_error_email"
    if kind == "date":
        try:
            (date if len(text) == 10 else datetime).fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None, "form_error_date"
        return text, None
    if kind == "select" and text not in (field.get("options") or []):
        return None, "form_error_choice"
    return text, None


def _read(public: PublicForm, values: dict[str, Any]) -> ContactUpsert:
    """The contact a submission describes; FormInvalid naming each input that is missing or wrong."""
    problems: dict[str, str] = {}
    email = _text(values.get("email"))
    try:
        email = normalize_email(email or "")
    except ValueError:
        problems["email"] = "form_error_required" if not email else "form_error_email"
    contact: dict[str, Any] = {"email": email, "attributes": {}}
    for field in render.shown_fields(public.form, public.fields, words.WORDS["en"])[1:]:
        value, problem = _typed(field, values.get(field["tag"]))
        if problem is None and field["required"] and value in (None, False):
            problem = "form_error_required"
        if problem:
            problems[field["tag"]] = problem
        elif value is not None and field["contact"]:
            contact[field["tag"]] = value
        elif value is not None:
            contact["attributes"][field["tag"]] = value
    if problems:
        raise FormInvalid(problems)
    if public.form.get("tags"):
        contact["tags"] = public.form["tags"]
    try:
        return ContactUpsert.model_validate(contact)
    except ValidationError as exc:  # what the checks above let through (never expected): still a 400
        first = exc.errors()[0].get("loc", ("email",))
        raise FormInvalid({str(first[-1]): "form_error_invalid"}) from None


def _double_opt_in(public: PublicForm) -> bool:
    chosen = public.form.get("double_opt_in")
    return bool(public.the_list.get("double_opt_in")) if chosen is None else bool(chosen)


def _answer(public: PublicForm, status: Literal["subscribed", "pending"]) -> Submitted:
    message = public.form.get("success_message") or public.said[f"form_{status}"]
    return Submitted(status, message, public.form.get("redirect_url"))


def submit(
    public: PublicForm, values: dict[str, Any], *, ip: str | None, user_agent: str | None
) -> Submitted:
    """A submission of the form: the honeypot answered as a success with nothing stored; the source's and
    the address's limits (429); the values (400 naming each input); then the list's opt-in."""
    form = public.form
    if _text(values.get(render.honeypot_name(render.shown_fields(form, public.fields, public.said)))):
        return _answer(public, "pending" if _double_opt_in(public) else "subscribed")
    if ip:
        _limit(f"form-source#{public.workspace_id}#{_hash(_source(ip))}", SOURCE_LIMIT, SOURCE_WINDOW_S)
    body = _read(public, values)
    person = _hash(emails.mailbox(body.email))
    _limit(f"form-address#{public.workspace_id}#{person}", ADDRESS_LIMIT, ADDRESS_WINDOW_S)
    if _double_opt_in(public):
        _limit(f"form-confirmations#{public.workspace_id}", CONFIRMATIONS_LIMIT, CONFIRMATIONS_WINDOW_S)
    consent = optin.Consent(
        source=f"form:{form['id']}", ip=ip, user_agent=user_agent, text=form.get("consent_text")
    )
    try:
        signed = optin.signup(
            public.workspace_id,
            form["list_id"],
            body,
            consent,
            double_opt_in=form.get("double_opt_in"),
            public=True,
            read=(public.the_list, public.fields),
        )
    except Invalid as exc:  # the list's own check of the merged attributes
        named = [str(f.get("field", "")).removeprefix("attributes.") for f in exc.extra.get("fields") or []]
        raise FormInvalid({name or "email": "form_error_invalid" for name in named or ["email"]}) from None
    except Unprocessable as exc:  # a double opt-in list no sender can send the confirmation of
        logger.warning("form cannot take signups", extra={"form_id": form["id"], "reason": exc.code})
        raise Unavailable("This form cannot take signups right now", code="form_unavailable") from None
    confirmed = {"confirmed": 1} if signed.state == "subscribed" else {}
    store.count(public.workspace_id, form["id"], submissions=1, **confirmed)
    if signed.state == "already":  # answered as a new signup would be: nobody learns who is on the list
        return _answer(public, "pending" if _double_opt_in(public) else "subscribed")
    return _answer(public, signed.state)
