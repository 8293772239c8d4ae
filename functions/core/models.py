"""Base pydantic models and the response envelopes of API.md."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, model_serializer
from pydantic.json_schema import SkipJsonSchema

T = TypeVar("T")
# `field: X | NotNull = None` in a patch: the field can be changed, not removed. null is refused (by a
# validator or the service, with its own message), so the document does not offer it.
NotNull = SkipJsonSchema[None]


def _given(name: str) -> dict[str, Any]:
    return {"required": [name], "properties": {name: {"not": {"type": "null"}}}}


def exactly_one(*choices: tuple[str, ...]) -> dict[str, Any]:
    """JSON Schema for a model validator's "give exactly one of these": one choice's fields all given (not
    null), and no field of another."""
    names = {name for choice in choices for name in choice}
    return {
        "anyOf": [
            {
                "allOf": [_given(name) for name in choice],
                "not": {"anyOf": [_given(name) for name in sorted(names - set(choice))]},
            }
            for choice in choices
        ]
    }


def not_both(first: str, second: str) -> dict[str, Any]:
    """JSON Schema for a model validator's "give one or the other, not both"."""
    return {"not": {"allOf": [_given(first), _given(second)]}}


class Body(BaseModel):
    """A request body: unknown fields are refused, strings are trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Out(BaseModel):
    """A response object."""

    model_config = ConfigDict(extra="ignore")


class Envelope(BaseModel, Generic[T]):
    data: T


class Page(BaseModel, Generic[T]):
    data: list[T]
    next_cursor: str | None = None


class Deleted(BaseModel):
    ok: bool = True


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorEnvelope(BaseModel):
    error: ErrorDetail


class ItemError(Out):
    """The error of one item of a batch, as the single route would have answered it."""

    code: str
    message: str
    fields: list[dict[str, str]] | None = None

    @model_serializer(mode="wrap")
    def _without_nulls(self, handler: Any) -> dict[str, Any]:
        return {k: v for k, v in handler(self).items() if v is not None}

    @classmethod
    def invalid(cls, exc: ValidationError) -> ItemError:
        """A batch item's validation errors, named as the single route's 400 names them (relative to the
        item)."""
        fields = []
        for err in exc.errors():
            where = ".".join(str(part) for part in err.get("loc", ())) or "body"
            message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
            fields.append({"field": where, "in": "body", "message": message})
        message = f"{fields[0]['field']}: {fields[0]['message']}" if fields else "invalid"
        return cls(code="validation_failed", message=message, fields=fields)
