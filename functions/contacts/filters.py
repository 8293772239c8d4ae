"""The `filter`, `q`, `status`, `tag`, `list_id` and `segment_id` parameters of GET /v1/contacts.

`filter` is `field=op:value` pairs separated by commas, e.g. `status=eq:active,attributes.plan=eq:pro`.
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import reduce
from typing import Any

from boto3.dynamodb.conditions import Attr, ConditionBase

from functions.core import numbers
from functions.core.errors import Invalid

MAX_CLAUSES = 20  # each clause nests the condition one level deeper, and DynamoDB caps an expression too
TEXT_FIELDS = ("email", "first_name", "last_name", "name", "phone", "status", "created_at", "updated_at")
OPERATORS = ("eq", "neq", "contains", "not_contains", "sw", "gt", "gte", "lt", "lte", "exists", "not_exists")
SORTS = ("created_at:desc", "created_at:asc")
_ATTRIBUTE = re.compile(r"^attributes\.([A-Za-z_][A-Za-z0-9_]*)$")
_CLAUSE = re.compile(r"^\s*([A-Za-z0-9_.]+)\s*=\s*([a-z_]+)(?::(.*))?$", re.S)


def _pattern() -> str:
    """What parse_filter accepts, as a regular expression for the document (spaces aside; empty is none)."""
    fields = "|".join([*TEXT_FIELDS, r"attributes\.[A-Za-z_][A-Za-z0-9_]*"])
    valued = "|".join(op for op in OPERATORS if not op.endswith("exists"))
    clause = (
        f"(?:(?:{fields})=(?:{valued})|tags=(?:contains|not_contains)):[^,]+"
        f"|(?:{fields}|tags)=(?:exists|not_exists)(?::[^,]*)?"
    )
    return f"^(?:(?:{clause})(?:,(?:{clause})){{0,{MAX_CLAUSES - 1}}})?$"


FILTER_PATTERN = _pattern()


def _number(raw: str) -> Decimal | None:
    """The number `raw` spells, if any (NaN and Infinity are words here, not numbers)."""
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _typed(raw: str) -> list[Any]:
    """A query string value may stand for a string, a number or a boolean attribute: try each."""
    values: list[Any] = [raw]
    if raw in ("true", "false"):
        values.append(raw == "true")
    number = _number(raw)
    if number is not None:
        with suppress(ValueError):  # no stored number equals one DynamoDB cannot hold: only text can match
            values.append(numbers.storable(number))
    return values


def _any(conditions: list[ConditionBase]) -> ConditionBase:
    return reduce(lambda a, b: a | b, conditions)


def _clause(path: str, op: str, raw: str | None) -> ConditionBase:
    attr = Attr(path)
    if op == "exists":
        return attr.exists()
    if op == "not_exists":
        return attr.not_exists()
    if raw is None or raw == "":
        raise Invalid(f"filter {path}={op} needs a value ({op}:value)", code="invalid_filter")
    values = _typed(raw) if path.startswith("attributes.") else [raw]
    if op == "eq":
        return _any([attr.eq(v) for v in values])
    if op == "neq":
        return reduce(lambda a, b: a & b, [attr.ne(v) for v in values])
    if op == "contains":
        return attr.contains(raw)
    if op == "not_contains":
        return ~attr.contains(raw)
    if op == "sw":
        return attr.begins_with(raw)
    compare = {"gt": attr.gt, "gte": attr.gte, "lt": attr.lt, "lte": attr.lte}[op]
    number = _number(raw) if path.startswith("attributes.") else None
    # Order only within one type: a number against numbers, else text against text.
    if number is not None:
        try:
            return attr.attribute_type("N") & compare(numbers.storable(number))
        except ValueError as exc:
            raise Invalid(f"filter {path}={op}: the number {raw[:50]} {exc}", code="invalid_filter") from None
    return attr.attribute_type("S") & compare(raw)


def parse_filter(text: str | None) -> list[ConditionBase]:
    if not text:
        return []
    parts = text.split(",")
    if len(parts) > MAX_CLAUSES:
        raise Invalid(f"filter has {len(parts)} clauses: at most {MAX_CLAUSES}", code="invalid_filter")
    conditions = []
    for part in parts:
        match = _CLAUSE.match(part)
        if not match:
            raise Invalid(f"filter clause {part!r} is not field=op:value", code="invalid_filter")
        field, op, raw = match.groups()
        if op not in OPERATORS:
            raise Invalid(
                f"filter operator {op!r} is not one of {', '.join(OPERATORS)}", code="invalid_filter"
            )
        if field in TEXT_FIELDS or _ATTRIBUTE.match(field):
            conditions.append(_clause(field, op, raw))
        elif field == "tags" and op in ("contains", "not_contains", "exists", "not_exists"):
            conditions.append(_clause("tags", op, raw))
        else:
            raise Invalid(
                f"cannot filter on {field!r}: use {', '.join(TEXT_FIELDS)}, tags or attributes.<key>",
                code="invalid_filter",
            )
    return conditions


@dataclass(frozen=True)
class ContactQuery:
    q: str | None = None
    filter: str | None = None
    sort: str = "created_at:desc"
    status: str | None = None
    tag: str | None = None
    list_id: str | None = None
    segment_id: str | None = None

    @property
    def descending(self) -> bool:
        return self.sort == "created_at:desc"

    def fingerprint(self) -> str:
        """What a cursor is bound to: the same listing with the same filters."""
        return repr((self.q, self.filter, self.sort, self.status, self.tag, self.list_id, self.segment_id))

    def condition(self) -> ConditionBase | None:
        if self.sort not in SORTS:
            raise Invalid(f"sort must be one of {', '.join(SORTS)}", code="invalid_sort")
        conditions = parse_filter(self.filter)
        search = (self.q or "").strip().lower()
        if search:  # only spaces is no search, not a contains("") DynamoDB may refuse
            conditions.append(Attr("search").contains(search))
        if self.status:
            conditions.append(Attr("status").eq(self.status))
        if self.tag:
            conditions.append(Attr("tags").contains(self.tag))
        if self.list_id:
            conditions.append(Attr(f"lists.{self.list_id}").exists())
        if self.segment_id:
            conditions.append(Attr("segments").contains(self.segment_id))
        return reduce(lambda a, b: a & b, conditions) if conditions else None
