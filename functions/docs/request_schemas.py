"""What a request schema leaves unsaid that the API enforces on every body, said in the document."""

from __future__ import annotations

from typing import Any

from functions.core import numbers

# Any JSON value a request may carry where a model takes any (properties, variables, a batch's items):
# core.bodies refuses a number DynamoDB cannot hold anywhere in a body.
JSON_VALUE = {
    "anyOf": [
        {"type": ["string", "boolean", "null"]},
        numbers.SCHEMA,
        {"type": "array", "items": {"$ref": "#/components/schemas/JsonValue"}},
        {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/JsonValue"}},
    ]
}
SUBSCHEMAS = ("properties", "patternProperties", "$defs")  # keys whose values are each a schema
SCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")


def _request_schema(node: Any) -> None:
    """Every "any value" of a request schema (`{}`, `additionalProperties: true`) made a JsonValue, and
    every string that must not be empty said to need a non-blank character: a body's strings are trimmed
    (core.models.Body), so "  " is empty."""
    if not isinstance(node, dict):
        return
    if (
        node.get("type") == "string"
        and node.get("minLength", 0) >= 1
        and not {"pattern", "format"} & set(node)
    ):
        node["pattern"] = r"\S"
    value = {"$ref": "#/components/schemas/JsonValue"}
    if node.get("additionalProperties") is True:
        node["additionalProperties"] = value
    for key in ("items", "additionalProperties", "not"):
        if node.get(key) == {}:
            node[key] = value
        _request_schema(node.get(key))
    for key in SUBSCHEMAS:
        for name, sub in (node.get(key) or {}).items():
            if sub == {}:
                node[key][name] = value
            _request_schema(sub)
    for key in SCHEMA_LISTS:
        for sub in node.get(key) or ():
            _request_schema(sub)


def _request_schemas(document: dict[str, Any]) -> set[str]:
    """The component schemas a request body or parameter reaches."""
    schemas, found = document["components"]["schemas"], set()

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            name = node.get("$ref", "").rpartition("/")[2]
            if name in schemas and name not in found:
                found.add(name)
                visit(schemas[name])
            for key, sub in node.items():
                if key not in ("examples", "example"):
                    visit(sub)
        elif isinstance(node, list):
            for sub in node:
                visit(sub)

    for methods in document["paths"].values():
        for operation in methods.values():
            visit(operation.get("requestBody"))
            visit(operation.get("parameters"))
    return found


def said(document: dict[str, Any]) -> None:
    """Every component schema a request reaches, tightened to what the API accepts."""
    for name in _request_schemas(document):
        _request_schema(document["components"]["schemas"][name])
    document["components"]["schemas"]["JsonValue"] = JSON_VALUE
