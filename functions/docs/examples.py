"""An example for every request body and every JSON success body of the document.

A model's own example (`json_schema_extra={"examples": [...]}` or `Field(examples=...)`) is used where it
has one; the rest is composed from the schema, a realistic value for each field by its name and format
(ann@example.com, ids as we make them), so that every example validates against its schema (a test checks)
and Schemathesis' examples phase sends requests the API accepts.
"""

from __future__ import annotations

import re
from typing import Any

ID = "01932c4e-8f3a-7b2c-9d1e-5f6a7b8c9d0e"  # a UUIDv7, as every id
AT = "2026-05-04T09:30:00Z"
# A realistic value for a string field, by its name.
BY_NAME: dict[str, Any] = {
    "email": "ann@example.com",
    "from_email": "news@example.com",
    "reply_to": "help@example.com",
    "name": "Spring newsletter",
    "first_name": "Ann",
    "last_name": "Lee",
    "from_name": "Acme News",
    "subject": "Our spring news",
    "preview_text": "Three things we made for you",
    "html": "<p>Hello {{first_name}},</p><p>Here is what is new.</p>",
    "text": "Hello {{first_name}}, here is what is new.",
    "body": "<p>Hello {{first_name}},</p><p>Here is what is new.</p>",
    "title": "Join our newsletter",
    "description": "News from Acme, once a month",
    "timezone": "Europe/Paris",
    "slug": "spring-news",
    "domain": "example.com",
    "phone": "+33612345678",
    "tag": "vip",
    "event": "order_placed",
    "message": "Thanks for signing up",
    "key": "lc_2mK8pQ4vX9nR7tW3yZ5bC1dF6gH0jL",
    "prefix": "lc_2mK8",
    "code": "not_found",
    "secret": "whsec_MfKQ9r8GbyCHpgNbhIg9BRsPRKqNyGhY",
    "label": "Company",
    "plan": "pro",
    "order_id": "A-1042",
    "send_at": "2030-01-15T09:00:00Z",  # a schedule is in the future
    "cursor": None,
    "next_cursor": None,
}

# A map's entry, by the map's name (a template's variables, an event's properties, attributes).
MAP_KEY = {"variables": "first_name", "properties": "order_id"}
# For a string whose name says nothing, or whose pattern the named value does not match.
FALLBACKS = ("order_placed", "spring-news", "Spring newsletter", "vip")


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        *_, kind, name = schema["$ref"].split("/")
        schema = document["components"][kind][name]
    return schema


def _string(schema: dict[str, Any], name: str) -> str | None:
    form = schema.get("format")
    if form == "email" or name.endswith("email"):
        return BY_NAME.get(name, "ann@example.com")
    if form == "date-time" or name.endswith("_at"):
        return AT
    if form == "date" or name.endswith("_date"):
        return AT[:10]
    if form in ("uri", "url") or name.endswith("url"):
        return "https://example.com/welcome"
    if name == "id" or name.endswith("_id"):
        return ID
    if name in BY_NAME and BY_NAME[name] is not None:
        return BY_NAME[name]
    return None


def _fits(value: str, schema: dict[str, Any]) -> bool:
    pattern = schema.get("pattern")
    return schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", len(value)) and (
        pattern is None or re.search(pattern, value) is not None
    )


def compose(document: dict[str, Any], schema: dict[str, Any], name: str = "", full: bool = True) -> Any:
    """A value of `schema` for a field called `name`; `full`: every property of an object, not only the
    required ones (a response shows everything; a request sends what it needs)."""
    if "$ref" in schema:
        target = _resolve(document, schema)
        if target.get("examples"):
            return target["examples"][0]
        return compose(document, target, name, full)
    for key in ("examples", "example"):
        if schema.get(key) is not None:
            return schema[key][0] if key == "examples" else schema[key]
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        if key in schema and "properties" not in schema:  # an object's anyOf is a rule between its fields
            branches = [b for b in schema[key] if b.get("type") != "null"] or schema[key]
            return compose(document, branches[0], name, full)
    if "allOf" in schema:
        return compose(document, schema["allOf"][0], name, full)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        required = [k for k in properties if k in schema.get("required", ())]
        # A request sends what it needs; a patch (nothing required) changes one thing.
        names = list(properties) if full else required or list(properties)[:1]
        wanted = {k: properties[k] for k in names}
        value = {key: compose(document, sub, key, full) for key, sub in wanted.items()}
        if not properties and isinstance(schema.get("additionalProperties"), dict):
            key = MAP_KEY.get(name, "plan")
            value = {key: compose(document, schema["additionalProperties"], key, full)}
        return value
    if kind == "array":
        item = compose(document, schema.get("items", {}), name.removesuffix("s"), full)
        return [item] * max(1, schema.get("minItems", 1))
    if kind == "integer":
        return max(schema.get("minimum", 1), min(schema.get("maximum", 10), 10))
    if kind == "number":
        return max(schema.get("minimum", 1.5), min(schema.get("maximum", 10.0), 10.0))
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    if kind == "string":
        candidates = [_string(schema, name), *FALLBACKS, "x" * max(1, schema.get("minLength", 1))]
        return next((value for value in candidates if value is not None and _fits(value, schema)), "")
    return BY_NAME.get(name, "Spring newsletter")


def add(document: dict[str, Any]) -> None:
    """An example for every JSON request body and JSON success body that has none: on the body's component
    schema (once, however many operations answer it), else beside the body."""
    for methods in document["paths"].values():
        for operation in methods.values():
            bodies = [(operation.get("requestBody", {}).get("content", {}), False)]
            bodies += [(a.get("content", {}), True) for s, a in operation["responses"].items() if s[0] == "2"]
            for content, full in bodies:
                media = content.get("application/json")
                if media is None or "example" in media or "examples" in media:
                    continue
                schema = media["schema"]
                target = _resolve(document, schema) if "$ref" in schema else media
                if "$ref" in schema and target.get("examples"):
                    continue
                example = compose(document, schema, full=full)
                if target is media:
                    media["example"] = example
                else:
                    target["examples"] = [example]
