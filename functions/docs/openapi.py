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
from functions.events import api as events_api
from functions.forms import api as forms_api
from functions.imports import api as imports_api
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


def _operation_id(path: str, method: str, generated: str) -> str:
    """`createContact` for Powertools' `create_contact_v1_contacts_post`: the route function's name."""
    suffix = re.sub(r"\W", "_", path) + "_" + method
    name = generated.removesuffix(suffix)
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _header(description: str) -> dict[str, Any]:
    return {"description": description, "schema": {"type": "integer"}}


def truthful(schema: dict[str, Any]) -> dict[str, Any]:
    """What the generator leaves out or gets wrong, set right: readable operation ids, our error envelope
    on every operation in place of a 422 we never send, the rate-limit and idempotency headers, and a
    server that resolves under any stage (relative to the document, served at <base>/v1/openapi.json)."""
    schema["servers"] = [{"url": "..", "description": "This deployment (the document's own base)"}]
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Error"] = ERROR
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            operation["operationId"] = _operation_id(path, method, operation.get("operationId", method))
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            if "204" in responses:
                responses["204"].pop("content", None)  # no body, whatever the return annotation says
            for answer in responses.values():
                answer.setdefault("headers", {}).update({k: _header(v) for k, v in RATE_HEADERS.items()})
            wanted = {**ERRORS, **(BODY_ERRORS if method in ("post", "put", "patch", "delete") else {})}
            for status, description in wanted.items():
                responses.setdefault(status, {"description": description, "content": error})
            responses["429"]["headers"] = {"Retry-After": _header("Seconds to wait before trying again")}
            if method == "post":
                operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY)
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
