"""The public pages (functions/public/, no API key) as the OpenAPI document describes them.

Their routes are `include_in_schema=False` (Powertools would document a JSON body they never answer): they
are written here, from what the routes answer, and a test checks that every public route is here. A person
follows these links, so most answers are pages: an unknown or forged token is the 404 page, and a path no
route matches is the API's JSON 404.
"""

from __future__ import annotations

from typing import Any

HTML = {"text/html": {"schema": {"type": "string"}}}
ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
LOCATION = {"Location": {"description": "Where to go", "required": True, "schema": {"type": "string"}}}
CORS = {
    "Access-Control-Allow-Origin": {
        "description": "Any origin may post a form",
        "required": True,
        "schema": {"type": "string", "const": "*"},
    }
}
NOT_FOUND = {
    "description": "Unknown, forged or expired link: a page (or the JSON error)",
    "content": {**HTML, **ERROR},
}
TOO_LARGE = {"description": "The request body is too large", "content": ERROR}
# Not our answer but the gateway's: every public route is throttled on its own (infra/topology.py).
THROTTLED = {"description": "Too many requests: wait `Retry-After` seconds", "content": ERROR}


def _token(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "string", "minLength": 1},
    }


def _page(description: str) -> dict[str, Any]:
    return {"description": description, "content": HTML}


def _form_body(properties: dict[str, Any], example: dict[str, str]) -> dict[str, Any]:
    """An optional HTML form's body (the page's own button posts it)."""
    schema = {"type": "object", "properties": properties}
    return {
        "required": False,
        "content": {"application/x-www-form-urlencoded": {"schema": schema, "example": example}},
    }


def _operation(
    operation_id: str, summary: str, parameters: list[dict[str, Any]], responses: dict[str, Any], **more: Any
) -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "summary": summary,
        "tags": ["public"],
        "security": [],  # no API key: the token in the path is the credential
        "parameters": parameters,
        "responses": {"404": NOT_FOUND, "429": THROTTLED, **responses},
        **more,
    }


UNSUBSCRIBE_TOKEN = _token("token", "The signed token of the message's unsubscribe link")
PREFERENCES_TOKEN = _token("token", "The signed token of the contact's preference center link")
TRACKING_TOKEN = _token("token", "The signed token of a tracked message's open pixel or link")
CONFIRM_TOKEN = _token("token", "The signed token of the confirmation link")
PUBLIC_ID = _token("public_id", "The form's public id")
FORM_FIELDS = {
    "type": "object",
    "description": "The form's inputs by name: email, and the list's fields the form shows",
    "additionalProperties": {"type": "string"},
    "properties": {"email": {"type": "string"}},
}
FORM_ANSWER = {
    "type": "object",
    "required": ["data"],
    "properties": {
        "data": {
            "type": "object",
            "required": ["status", "message"],
            "properties": {
                "status": {"type": "string", "enum": ["subscribed", "pending"]},
                "message": {"type": "string"},
                "redirect_url": {"type": "string", "format": "uri"},
            },
        }
    },
}

PATHS: dict[str, dict[str, Any]] = {
    "/u/{token}": {
        "get": _operation(
            "unsubscribePage",
            "The unsubscribe page: what the link unsubscribes from, and a button",
            [UNSUBSCRIBE_TOKEN],
            {"200": _page("The page")},
        ),
        "post": _operation(
            "unsubscribeByLink",
            "Unsubscribe: the page's button, and mail clients' RFC 8058 one-click POST",
            [UNSUBSCRIBE_TOKEN],
            {"200": _page("Unsubscribed (again, harmlessly, on a second post)"), "413": TOO_LARGE},
            requestBody=_form_body(
                {"List-Unsubscribe": {"type": "string", "const": "One-Click"}},
                {"List-Unsubscribe": "One-Click"},
            ),
        ),
    },
    "/c/{token}": {
        "get": _operation(
            "confirmationPage",
            "The link of a confirmation email: a page asking to confirm, and a button. Opening it changes "
            "nothing (mail providers' link scanners open links before anyone reads the email)",
            [CONFIRM_TOKEN],
            {"200": _page("The page; the confirmed page once the signup is confirmed")},
        ),
        "post": _operation(
            "confirmSubscription",
            "Confirm: the page's button. The pending signup becomes a subscription",
            [CONFIRM_TOKEN],
            {"200": _page("Confirmed (again, harmlessly, on a second post)"), "413": TOO_LARGE},
        ),
    },
    "/p/{token}": {
        "get": _operation(
            "preferencesPage",
            "The preference center: the workspace's public lists, those subscribed checked",
            [PREFERENCES_TOKEN],
            {"200": _page("The page")},
        ),
        "post": _operation(
            "savePreferences",
            "Save the preference center: the lists checked are joined, the others left",
            [PREFERENCES_TOKEN],
            {"200": _page("Saved: the page again, with a note"), "413": TOO_LARGE},
            requestBody=_form_body(
                {"lists": {"type": "string", "description": "A list checked; once for each"}},
                {"lists": "01932c4e-8f3a-7b2c-9d1e-5f6a7b8c9d0e"},
            ),
        ),
    },
    "/t/o/{token}": {
        "get": _operation(
            "openPixel",
            "The open-tracking pixel of a message",
            [TRACKING_TOKEN],
            {
                "200": {
                    "description": "A 1x1 transparent GIF; the open is counted",
                    "headers": {"Cache-Control": {"schema": {"type": "string", "const": "no-store"}}},
                    "content": {"image/gif": {"schema": {"type": "string", "format": "binary"}}},
                }
            },
        )
    },
    "/t/c/{token}": {
        "get": _operation(
            "trackClick",
            "A tracked link of a message: the click is counted, and the browser sent on",
            [TRACKING_TOKEN],
            {"302": {"description": "To the link's destination", "headers": LOCATION}},
        )
    },
    "/f/{public_id}": {
        "get": _operation(
            "formPage",
            "The hosted page of a published signup form",
            [PUBLIC_ID],
            {"200": _page("The form")},
        ),
        "post": _operation(
            "submitForm",
            "A signup: form-encoded from a browser (answered with a page), or JSON (answered with JSON)",
            [PUBLIC_ID],
            {
                "200": {
                    "description": "Signed up, or pending confirmation: the thanks page, or JSON",
                    "headers": CORS,
                    "content": {**HTML, "application/json": {"schema": FORM_ANSWER}},
                },
                "303": {
                    "description": "Signed up: to the form's redirect_url",
                    "headers": {**LOCATION, **CORS},
                },
                "400": {
                    "description": "A field missing or invalid (the form again, errors beside their fields), "
                    "or the body cannot be read",
                    "content": {**HTML, **ERROR},
                },
                "413": TOO_LARGE,
                "415": {"description": "Neither form-encoded nor JSON", "content": {**HTML, **ERROR}},
                "429": {
                    "description": "Too many signups from this address or source: wait `Retry-After` seconds",
                    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                    "content": {**HTML, **ERROR},
                },
                "503": {
                    "description": "The form cannot take signups right now",
                    "content": {**HTML, **ERROR},
                },
            },
            requestBody={
                "required": True,
                "content": {
                    "application/x-www-form-urlencoded": {
                        "schema": FORM_FIELDS,
                        "example": {"email": "ann@example.com", "first_name": "Ann"},
                    },
                    "application/json": {
                        "schema": FORM_FIELDS,
                        "example": {"email": "ann@example.com", "first_name": "Ann"},
                    },
                },
            },
        ),
        "options": _operation(
            "formPreflight",
            "The CORS preflight of a submission from another origin",
            [PUBLIC_ID],
            {
                "204": {
                    "description": "Any origin may post, with a Content-Type",
                    "headers": {
                        **CORS,
                        "Access-Control-Allow-Methods": {
                            "schema": {"type": "string", "const": "POST, OPTIONS"}
                        },
                    },
                }
            },
        ),
    },
    "/pages/{workspace_slug}/{slug}": {
        "get": _operation(
            "landingPage",
            "A published landing page, with its signup form when it has one",
            [
                _token("workspace_slug", "The workspace's slug (see GET /v1/account)"),
                _token("slug", "The page's slug"),
            ],
            {"200": _page("The page")},
        )
    },
    "/v1/openapi.json": {
        "get": {
            "operationId": "getOpenApiDocument",
            "summary": "This document",
            "tags": ["docs"],
            "security": [],
            "responses": {
                "200": {
                    "description": "The OpenAPI document",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    },
}
