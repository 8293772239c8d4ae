"""The merged OpenAPI document: every group's router in one resolver, built once per process."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.models import Server

from functions.account import api as account_api
from functions.automations import api as automations_api
from functions.campaigns import api as campaigns_api
from functions.compose import api as compose_api
from functions.contacts import api as contacts_api
from functions.contacts.models import ID_PATTERN
from functions.docs import examples, public, request_schemas
from functions.events import api as events_api
from functions.forms import api as forms_api
from functions.imports import api as imports_api
from functions.imports.models import ImportIn
from functions.lists import api as lists_api
from functions.pages import api as pages_api
from functions.segments import api as segments_api
from functions.senders import api as senders_api
from functions.templates import api as templates_api
from functions.webhooks import api as webhooks_api

# The routers of every HTTP function, as its handler includes them (a test checks the names against the
# topology's routed functions).
ROUTERS = {
    "account": (account_api.router,),
    "contacts": (lists_api.contacts_router, campaigns_api.contact_activity_router, contacts_api.router),
    "lists": (lists_api.router, imports_api.lists_router),
    "segments": (segments_api.router,),
    "templates": (templates_api.router,),
    "senders": (senders_api.router,),
    "compose": (compose_api.router,),
    "campaigns": (campaigns_api.router,),
    "events": (events_api.router,),
    "webhooks": (webhooks_api.router,),
    "imports": (imports_api.router,),
    "automations": (automations_api.router,),
    "forms": (forms_api.router,),
    "pages": (pages_api.router,),
}

DESCRIPTION = (
    "Lettercast: self-hosted email marketing. Authenticate with `Authorization: Bearer lc_...`. "
    'Errors are `{"error": {"code", "message"}}`; lists are `{"data", "next_cursor"}`.'
)


ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "description": "Stable, machine-readable", "example": "not_found"},
                "message": {"type": "string", "description": "For people", "example": "No such contact"},
                "fields": {
                    "type": "array",
                    "description": "Each field at fault (validation errors)",
                    "items": {
                        "type": "object",
                        "properties": {
                            "field": {"type": "string"},
                            "in": {"type": "string"},
                            "message": {"type": "string"},
                        },
                    },
                },
            },
            "additionalProperties": True,
        }
    },
}
# What any operation may answer besides its success, and what a body adds.
ERRORS = {
    "400": "The request is invalid: the envelope names the field",
    "401": "Missing or invalid API key",
    "403": "This API key's scopes do not allow the route",
    "404": "No such route or object (another workspace's objects are unknown too)",
    "429": "Too many requests: wait `Retry-After` seconds",
    "503": "A dependency is briefly unavailable: retry",
}
BODY_ERRORS = {
    "409": "A conflict: a duplicate, a limit reached, a change racing another",
    "413": "The request body is too large",
    "415": "The body's content type is not accepted",
    "422": "Well formed, but not possible in the object's present state",
}
RATE_HEADERS = {
    "RateLimit-Limit": "Requests a minute allowed to the workspace",
    "RateLimit-Remaining": "Requests left in this minute",
    "RateLimit-Reset": "Seconds until the minute ends",
}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Up to 255 characters; the same key and body within 24 h replays the first answer, "
    "another body or route with it is a 409",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
}
# The named answers every operation shares, once in components and referred to (a client generated from
# the document is a third of the size).
RESPONSE_NAMES = {
    "400": "BadRequest",
    "401": "Unauthorized",
    "403": "Forbidden",
    "404": "NotFound",
    "409": "Conflict",
    "413": "TooLarge",
    "415": "UnsupportedMediaType",
    "422": "Unprocessable",
    "429": "TooManyRequests",
    "503": "Unavailable",
}
TAGS = {
    "account": "The workspace itself, new workspaces, and the API keys with their scopes.",
    "contacts": "The people a workspace writes to: their details, tags, consent, lists and activity.",
    "lists": "Lists people subscribe to, with custom fields, double opt-in and CSV subscriber imports.",
    "segments": "Saved rules over contacts whose members are kept up to date as contacts change.",
    "templates": "Reusable subjects and bodies with merge tags, rendered with sample data on request.",
    "senders": "The from addresses and the sending domains verified for them.",
    "compose": "One message sent now to one contact or address, transactional or not.",
    "campaigns": "Messages to a list or segment, sent now or on schedule, A/B tested, with their statistics.",
    "events": "What contacts did in your product, recorded to segment on and to start automations.",
    "webhooks": "Signed HTTP callbacks for domain events, with their deliveries, retries and secrets.",
    "imports": "Bulk CSV imports of contacts and CSV exports of a list, segment or campaign's recipients.",
    "automations": "Sequences of waits, emails and changes that a trigger starts for each contact.",
    "forms": "Signup forms hosted at /f/{public_id} or embedded anywhere, adding people to a list.",
    "pages": "Landing pages published at /pages/{workspace_slug}/{slug}, with an optional signup form.",
    "public": "The pages and links people open without an API key: unsubscribe, confirmation, "
    "preferences, tracking, signup forms and landing pages.",
    "docs": "This document.",
}


# Every listing's cursor (core.pagination): signed, so only the one a listing gave verifies.
CURSOR = {
    "description": "Opaque: the `next_cursor` of the previous page, as it was given; any other value is a "
    "400 `invalid_cursor` (an empty one is the first page)",
    "schema": {"type": "string", "maxLength": 2048, "pattern": "^(?:[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{22})?$"},
}
# The routes that read their body themselves (JSON options, or the CSV file itself): what they take. The
# list's import takes its list from the path (a list_id in the body is not read).
IMPORT_ROUTES = {
    ("/v1/imports", "post"): "ImportIn",
    ("/v1/lists/{list_id}/subscribers/import", "post"): "ListImportIn",
}


def _import_body(options: str) -> dict[str, Any]:
    return {
        "required": False,
        "content": {
            "application/json": {"schema": _ref("schemas", options)},
            "text/csv": {
                "schema": {"type": "string"},
                "example": "email,first_name,tags\nann@example.com,Ann,vip\n",
            },
        },
    }


def _operation_id(path: str, method: str, generated: str) -> str:
    """`createContact` for Powertools' `create_contact_v1_contacts_post`: the route function's name."""
    suffix = re.sub(r"\W", "_", path) + "_" + method
    name = generated.removesuffix(suffix)
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _header(description: str) -> dict[str, Any]:
    return {"description": description, "schema": {"type": "integer"}}


def _ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def _groups() -> dict[tuple[str, str], str]:
    """(path, method) -> the group (the function) that answers it."""
    return {
        (re.sub(r"<(\w+)>", r"{\1}", key[0]), method.lower()): group
        for group, routers in ROUTERS.items()
        for router in routers
        for key in router._routes
        for method in key[1]
    }


def _components(components: dict[str, Any]) -> None:
    error = {"application/json": {"schema": _ref("schemas", "Error")}}
    rate = {name: _ref("headers", name) for name in RATE_HEADERS}
    components["schemas"]["Error"] = ERROR
    components["headers"] = {
        **{name: _header(description) for name, description in RATE_HEADERS.items()},
        "Retry-After": _header("Seconds to wait before trying again"),
    }
    components["responses"] = {
        name: {"description": {**ERRORS, **BODY_ERRORS}[status], "content": error}
        for status, name in RESPONSE_NAMES.items()
    }
    components["responses"]["TooManyRequests"]["headers"] = {
        **rate,
        "Retry-After": _ref("headers", "Retry-After"),
    }


def truthful(schema: dict[str, Any]) -> dict[str, Any]:
    """What the generator leaves out or gets wrong, set right: readable operation ids, tags, our error
    envelope on every operation in place of a 422 we never send, the rate-limit and idempotency headers,
    the public pages (no API key), and a server that resolves under any stage (relative to the document,
    served at <base>/v1/openapi.json)."""
    schema["servers"] = [{"url": "..", "description": "This deployment (the document's own base)"}]
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas.pop("ResponseValidationError", None)  # never sent either, and it refers to ValidationError
    _components(components)
    schemas["ImportIn"] = ImportIn.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas["ListImportIn"] = json.loads(json.dumps(schemas["ImportIn"]))
    del schemas["ListImportIn"]["properties"]["list_id"]
    schemas["ListImportIn"]["title"] = "ListImportIn"  # generators name a model by its title
    for (path, method), options in IMPORT_ROUTES.items():
        operation = schema["paths"][path][method]
        operation["requestBody"] = _import_body(options)
        for parameter in operation.get("parameters", ()):
            if parameter["name"] == "list_id":  # checked as the body's list_id is (400 naming it)
                parameter["schema"] = {"type": "string", "pattern": ID_PATTERN}
    groups = _groups()
    rate = {name: _ref("headers", name) for name in RATE_HEADERS}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            operation["operationId"] = _operation_id(path, method, operation.get("operationId", method))
            operation["tags"] = [groups[(path, method)]]
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            if "204" in responses:
                responses["204"].pop("content", None)  # no body, whatever the return annotation says
            for answer in responses.values():
                answer.setdefault("headers", {}).update(rate)
            wanted = {**ERRORS, **(BODY_ERRORS if method in ("post", "put", "patch", "delete") else {})}
            for status in wanted:
                responses[status] = _ref("responses", RESPONSE_NAMES[status])
            if method == "post":
                operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY)
            for parameter in operation.get("parameters", ()):
                if parameter["name"] == "cursor" and parameter["in"] == "query":
                    parameter.update(CURSOR)
    for path, methods in public.PATHS.items():
        schema["paths"][path] = methods
    request_schemas.said(schema)
    examples.add(schema)
    schema["tags"] = [{"name": name, "description": description} for name, description in TAGS.items()]
    return schema


@cache
def document() -> str:
    app = APIGatewayRestResolver(enable_validation=True)
    for routers in ROUTERS.values():
        for router in routers:
            app.include_router(router)
    schema = app.get_openapi_json_schema(
        title="Lettercast API",
        version="1",
        description=DESCRIPTION,
        servers=[Server(url="/")],
        security_schemes={"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "lc_..."}},
        security=[{"bearer": []}],
    )
    return json.dumps(truthful(json.loads(schema)), separators=(",", ":"))


def pretty() -> str:
    """The document as committed beside the clients (clients/openapi.json): indented, keys in a stable
    order, so that a change to the contract reads as a diff."""
    return json.dumps(json.loads(document()), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # python -m functions.docs.openapi <path>: write the document for the clients
    import sys
    from pathlib import Path

    Path(sys.argv[1]).write_text(pretty())
