"""Signup forms, public side (no API key): GET /f/{public_id} is the hosted page, POST /f/{public_id} a
submission, OPTIONS its CORS preflight.

A submission is form-encoded (the hosted page, a form embedded anywhere, working without JavaScript) or
JSON (the embed script, other sites; any origin may post). A browser's post is answered with a page: the
form again with each error beside its field and the values kept, the thanks page, or a 303 to the form's
redirect_url. JSON is answered in the API's envelopes. Whatever the body, the answer is never a 500: a
body that cannot be read is a 400.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
from typing import Any
from urllib.parse import parse_qsl

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from functions.core import http
from functions.core.errors import Invalid, LettercastError, NotFound, RateLimited, UnsupportedMediaType
from functions.forms import render
from functions.forms import service as forms
from functions.lists import service as lists
from functions.public.api import PAGE, _not_found

router = Router()
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
MAX_FIELDS = 100  # form-encoded pairs read; a form has at most 22 inputs
CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "Retry-After"}
PREFLIGHT = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "86400",
}
# The page loads nothing from anywhere and runs no script; a view is counted each time it is shown.
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
FORM_PAGE = PAGE.replace("</style>", render.FORM_CSS.replace("{", "{{").replace("}", "}}") + "</style>")


class Unreadable(Exception):
    """The body is not a form or JSON object we can read."""


# --- answers ----------------------------------------------------------------------------------------


def _html(status: int, public: forms.PublicForm, title: str, body: str, **headers: str) -> Response:
    page = FORM_PAGE.format(lang=public.lang, title=html.escape(title), body=body)
    return Response(
        status_code=status,
        content_type="text/html; charset=utf-8",
        body=page,
        headers={**HEADERS, **CORS, **headers},
    )


def _form_page(
    public: forms.PublicForm,
    status: int,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    markup = render.form_markup(
        public.form, public.fields, lang_words=public.said, values=values, errors=errors
    )
    title = public.form.get("title") or lists.list_name(public.workspace_id, public.form["list_id"]) or ""
    return _html(status, public, title, markup)


def _message_page(
    public: forms.PublicForm, status: int, title_key: str, message: str, **headers: str
) -> Response:
    text = "<br>".join(html.escape(line) for line in message.splitlines())
    return _html(status, public, public.said[title_key], f"<p role=status>{text}</p>", **headers)


def _json_error(error: LettercastError) -> Response:
    response = http.error_response(error)
    response.headers.update(CORS)
    return response


def _not_found_page() -> Response:
    response = _not_found()
    response.headers.update(CORS)
    return response


# --- reading the body ---------------------------------------------------------------------------------


def _media_type(event: dict[str, Any]) -> str:
    headers = event.get("headers") or {}
    value = next((v for k, v in headers.items() if k.lower() == "content-type"), None) or ""
    return value.split(";", 1)[0].strip().lower()


def _text(event: dict[str, Any]) -> str:
    body = event.get("body") or ""
    if not event.get("isBase64Encoded"):
        return body
    try:
        return base64.b64decode(body, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):  # not base64, or bytes that are not UTF-8 text
        raise Unreadable from None


def _is_json(event: dict[str, Any]) -> bool:
    """JSON in, JSON out: an application/json body, or a JSON object sent as text/plain (what fetch sends
    for a string body without a Content-Type, a request that needs no preflight)."""
    media = _media_type(event)
    if media == JSON:
        return True
    if media != "text/plain":
        return False
    try:
        return _text(event).lstrip().startswith("{")
    except Unreadable:
        return False


def _values(event: dict[str, Any], as_json: bool) -> dict[str, Any]:
    """The submitted values by input name (the first of a name repeated in a form)."""
    text = _text(event)
    if as_json:
        try:
            value = json.loads(text)
            json.dumps(value, ensure_ascii=False).encode("utf-8")  # an unpaired surrogate ("\ud800") fails
        except (ValueError, RecursionError):  # UnicodeEncodeError is a ValueError
            raise Unreadable from None
        if not isinstance(value, dict):
            raise Unreadable
        return value
    if _media_type(event) not in (FORM, ""):
        raise UnsupportedMediaType(f"Send the form as {FORM} or {JSON}")
    try:
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except ValueError:
        raise Unreadable from None
    values: dict[str, Any] = {}
    for name, value in pairs:
        values.setdefault(name, value)
    return values


# --- routes -------------------------------------------------------------------------------------------


@router.get("/f/<public_id>", include_in_schema=False)
def form_page(public_id: str):
    public = forms.published(public_id)
    if public is None:
        return _not_found()
    forms.count_view(public)
    return _form_page(public, 200)


@router.route("/f/<public_id>", method="OPTIONS", include_in_schema=False)
def preflight(public_id: str):
    return Response(status_code=204, content_type="text/plain", body="", headers=PREFLIGHT)


@router.post("/f/<public_id>", include_in_schema=False)
def submit(public_id: str):
    event = router.current_event.raw_event
    as_json = _is_json(event)
    public = forms.published(public_id)
    if public is None:
        return _json_error(NotFound("form", public_id[:100])) if as_json else _not_found_page()
    values: dict[str, Any] = {}
    identity = router.current_event.request_context.identity
    try:
        values = _values(event, as_json)
        done = forms.submit(public, values, ip=identity.source_ip or None, user_agent=identity.user_agent)
    except Unreadable:
        if as_json:
            return _json_error(Invalid("The request body is not a JSON object", code="invalid_json"))
        return _message_page(public, 400, "form_unreadable_title", public.said["form_unreadable"])
    except forms.FormInvalid as exc:
        if as_json:
            return _json_error(exc)
        errors = {name: public.said[key] for name, key in exc.problems.items()}
        return _form_page(public, 400, values, errors)
    except RateLimited as exc:
        if as_json:
            return _json_error(exc)
        retry = {"Retry-After": str(exc.retry_after_s)}
        return _message_page(public, 429, "form_too_many_title", public.said["form_too_many"], **retry)
    except NotFound:  # the list was deleted a moment ago
        return _json_error(NotFound("form", public_id)) if as_json else _not_found_page()
    except LettercastError as exc:
        if as_json:
            return _json_error(exc)
        message = public.said["form_unreadable" if exc.status < 500 else "form_unavailable"]
        return _message_page(public, exc.status, "form_unreadable_title", message)
    if as_json:
        data = {"status": done.status, "message": done.message}
        data.update({"redirect_url": done.redirect_url} if done.redirect_url else {})
        return Response(status_code=200, content_type=JSON, body={"data": data}, headers=CORS)
    if done.redirect_url:
        return Response(
            status_code=303,
            content_type="text/plain",
            body="",
            headers={**CORS, "Location": done.redirect_url},
        )
    return _message_page(public, 200, "form_thanks_title", done.message)
