"""The segment rule language: validated once, compiled to a plain function, evaluated per contact.

Used by the stream worker (real-time membership), the backfill and POST /v1/segments/preview.

Rules: `{"match": "all"|"any", "groups": [{"match": "all"|"any", "conditions": [{field, operator, value}]}]}`.
A contact matches when all (or any) groups match; a group matches when all (or any) of its conditions do.
No groups: nobody matches (the segment holds only contacts linked by hand).

Fields and what the operators mean on them:
- email, first_name, last_name, phone, status: text, compared case-insensitively
  (eq neq contains not_contains sw ew in not_in exists not_exists).
- created_at: a time (before after within_last_days gt gte lt lte, exists not_exists).
- tags: has_tag/contains, not_has_tag/not_contains, in (any of) / not_in (none of), exists (any tag).
- lists: a list id: eq/contains/in = subscribed to it, neq/not_contains/not_in = not subscribed,
  exists = subscribed to some list.
- attributes.<key>: typed by the value: numbers compare as numbers, text as text (case-insensitive),
  booleans with eq/neq; ISO dates work with before/after/within_last_days; a missing attribute matches
  only not_exists, neq, not_contains and not_in.
- events.<name>: the count compares with numbers (eq neq gt gte lt lte); exists = happened at least once;
  before/after/within_last_days compare the last time it happened.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, model_validator

from functions.core.models import Body

Operator = Literal[
    "eq",
    "neq",
    "contains",
    "not_contains",
    "sw",
    "ew",
    "gt",
    "gte",
    "lt",
    "lte",
    "in",
    "not_in",
    "exists",
    "not_exists",
    "has_tag",
    "not_has_tag",
    "before",
    "after",
    "within_last_days",
]
TEXT_FIELDS = ("email", "first_name", "last_name", "phone", "status")
TEXT_OPS = {"eq", "neq", "contains", "not_contains", "sw", "ew", "in", "not_in", "exists", "not_exists"}
TIME_OPS = {"before", "after", "within_last_days", "gt", "gte", "lt", "lte", "exists", "not_exists"}
ALLOWED: dict[str, set[str]] = {
    "text": TEXT_OPS,
    "created_at": TIME_OPS,
    "tags": {"has_tag", "not_has_tag", "contains", "not_contains", "in", "not_in", "exists", "not_exists"},
    "lists": {"eq", "neq", "contains", "not_contains", "in", "not_in", "exists", "not_exists"},
    "attributes": TEXT_OPS | TIME_OPS,
    "events": {
        "eq",
        "neq",
        "gt",
        "gte",
        "lt",
        "lte",
        "exists",
        "not_exists",
        "before",
        "after",
        "within_last_days",
    },
}
KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")
MAX_GROUPS = 10
MAX_CONDITIONS = 20

Predicate = Callable[[dict[str, Any], datetime], bool]


def _kind(field: str) -> str:
    if field in TEXT_FIELDS:
        return "text"
    if field in ("created_at", "tags", "lists"):
        return field
    prefix, _, key = field.partition(".")
    if prefix in ("attributes", "events") and KEY.fullmatch(key):
        return prefix
    raise ValueError(
        f"unknown field {field!r}: use {', '.join(TEXT_FIELDS)}, created_at, tags, lists, "
        "attributes.<key> or events.<name>"
    )


def _moment(value: Any) -> datetime | None:
    """An ISO date or date-time as an aware UTC datetime, or None when it is not one."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), datetime.min.time(), UTC)
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_value(kind: str, op: str, value: Any) -> str | None:
    """Why the value does not suit the operator, or None."""
    if op in ("exists", "not_exists"):
        return None if value is None else f"operator {op!r} takes no value"
    if value is None:
        return f"operator {op!r} needs a value"
    if op in ("in", "not_in"):
        ok = isinstance(value, list) and value and all(isinstance(v, str | int | float) for v in value)
        return None if ok else f"operator {op!r} needs a non-empty list of values"
    if op == "within_last_days":
        ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
        return None if ok else "operator 'within_last_days' needs a positive whole number of days"
    if op in ("before", "after"):
        return None if _moment(value) else f"operator {op!r} needs an ISO date such as 2026-11-22"
    if op in ("gt", "gte", "lt", "lte"):
        if kind == "events":
            return (
                None if _is_number(value) else f"operator {op!r} on events compares the count: give a number"
            )
        if kind == "created_at":
            return None if _moment(value) else f"operator {op!r} on created_at needs an ISO date"
        return (
            None if _is_number(value) or _moment(value) else f"operator {op!r} needs a number or an ISO date"
        )
    if op in ("has_tag", "not_has_tag"):
        return None if isinstance(value, str) and value else f"operator {op!r} needs a tag"
    if kind == "events" and op in ("eq", "neq"):
        return None if _is_number(value) else f"operator {op!r} on events compares the count: give a number"
    if op in ("contains", "not_contains", "sw", "ew"):
        return None if isinstance(value, str) and value else f"operator {op!r} needs text"
    return (
        None
        if isinstance(value, str | int | float | bool)
        else f"operator {op!r} needs a text, number or boolean"
    )


class Condition(Body):
    field: Annotated[str, Field(max_length=100)]
    operator: Operator
    value: Any = None

    @model_validator(mode="after")
    def _valid(self) -> Condition:
        kind = _kind(self.field)
        if self.operator not in ALLOWED[kind]:
            raise ValueError(f"operator {self.operator!r} does not apply to {self.field!r}")
        problem = _check_value(kind, self.operator, self.value)
        if problem:
            raise ValueError(problem)
        return self


class Group(Body):
    match: Literal["all", "any"] = "all"
    conditions: Annotated[list[Condition], Field(min_length=1, max_length=MAX_CONDITIONS)]


class Rules(Body):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "match": "all",
                    "groups": [
                        {
                            "match": "all",
                            "conditions": [{"field": "tags", "operator": "has_tag", "value": "vip"}],
                        }
                    ],
                }
            ]
        }
    )

    match: Literal["all", "any"] = "all"
    groups: Annotated[list[Group], Field(max_length=MAX_GROUPS)] = Field(default_factory=list)


# --- evaluation ------------------------------------------------------------------------------


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _compare(op: str, actual: Any, expected: Any) -> bool:
    """Scalar comparison; values of different types never order (like DynamoDB)."""
    if op in ("gt", "gte", "lt", "lte"):
        if _is_number(expected):
            if not _is_number(actual):
                return False
            left, right = actual, expected
        else:
            left, right = _moment(actual), _moment(expected)
            if left is None or right is None:
                return False
        return {"gt": left > right, "gte": left >= right, "lt": left < right, "lte": left <= right}[op]
    a, e = _lower(actual), _lower(expected)
    if op == "eq":
        if isinstance(a, bool) or isinstance(e, bool):
            return type(a) is type(e) and a == e
        return _is_number(a) == _is_number(e) and a == e
    if op == "neq":
        return not _compare("eq", actual, expected)
    if not isinstance(a, str):
        return op == "not_contains"
    if op == "contains":
        return str(e) in a
    if op == "not_contains":
        return str(e) not in a
    if op == "sw":
        return a.startswith(str(e))
    if op == "ew":
        return a.endswith(str(e))
    raise AssertionError(op)


def _time_check(op: str, moment: datetime | None, value: Any, now: datetime) -> bool:
    if moment is None:
        return False
    if op == "within_last_days":
        return now - timedelta(days=int(value)) <= moment <= now
    limit = _moment(value)
    assert limit is not None
    return moment < limit if op == "before" else moment > limit


def _scalar_predicate(getter: Callable[[dict[str, Any]], Any], op: str, value: Any) -> Predicate:
    """Text fields and attributes: a missing value matches only the negative operators."""
    if op == "exists":
        return lambda c, _n: getter(c) is not None
    if op == "not_exists":
        return lambda c, _n: getter(c) is None
    negative = op in ("neq", "not_contains", "not_in")
    if op in ("in", "not_in"):
        options = [_lower(v) for v in value]

        def member(c: dict[str, Any], _n: datetime) -> bool:
            actual = getter(c)
            return (actual is not None and _lower(actual) in options) != negative

        return member
    if op in ("before", "after", "within_last_days"):
        return lambda c, n: _time_check(op, _moment(getter(c)), value, n)

    def compare(c: dict[str, Any], _n: datetime) -> bool:
        actual = getter(c)
        return negative if actual is None else _compare(op, actual, value)

    return compare


def _subscribed(contact: dict[str, Any]) -> set[str]:
    return {k for k, m in (contact.get("lists") or {}).items() if (m or {}).get("status") == "subscribed"}


def _condition(condition: Condition) -> Predicate:
    field, op, value = condition.field, condition.operator, condition.value
    kind = _kind(field)
    if kind == "tags":
        tags = lambda c: set(c.get("tags") or [])  # noqa: E731
        if op in ("has_tag", "contains"):
            return lambda c, _n: value in tags(c)
        if op in ("not_has_tag", "not_contains"):
            return lambda c, _n: value not in tags(c)
        if op == "in":
            return lambda c, _n: bool(tags(c) & set(value))
        if op == "not_in":
            return lambda c, _n: not tags(c) & set(value)
        return (lambda c, _n: bool(tags(c))) if op == "exists" else (lambda c, _n: not tags(c))
    if kind == "lists":
        if op in ("eq", "contains"):
            return lambda c, _n: value in _subscribed(c)
        if op in ("neq", "not_contains"):
            return lambda c, _n: value not in _subscribed(c)
        if op == "in":
            return lambda c, _n: bool(_subscribed(c) & set(value))
        if op == "not_in":
            return lambda c, _n: not _subscribed(c) & set(value)
        return (lambda c, _n: bool(_subscribed(c))) if op == "exists" else (lambda c, _n: not _subscribed(c))
    if kind == "events":
        name = field.split(".", 1)[1]
        event = lambda c: ((c.get("events") or {}).get(name)) or {}  # noqa: E731
        count = lambda c: int(event(c).get("count") or 0)  # noqa: E731
        if op == "exists":
            return lambda c, _n: count(c) > 0
        if op == "not_exists":
            return lambda c, _n: count(c) == 0
        if op in ("before", "after", "within_last_days"):
            return lambda c, n: _time_check(op, _moment(event(c).get("last_at")), value, n)
        return lambda c, _n: _compare(op, count(c), value)
    if kind == "created_at":
        return _scalar_predicate(lambda c: c.get("created_at"), op, value)
    if kind == "attributes":
        key = field.split(".", 1)[1]
        return _scalar_predicate(lambda c: (c.get("attributes") or {}).get(key), op, value)
    return _scalar_predicate(lambda c: c.get(field), op, value)


def _combine(match: str, predicates: list[Predicate]) -> Predicate:
    if match == "all":
        return lambda c, n: all(p(c, n) for p in predicates)
    return lambda c, n: any(p(c, n) for p in predicates)


def compile_rules(rules: Rules) -> Predicate:
    """A function (contact, now) -> bool, built once per segment and reused for every contact."""
    if not rules.groups:
        return lambda _c, _n: False
    groups = [_combine(g.match, [_condition(c) for c in g.conditions]) for g in rules.groups]
    return _combine(rules.match, groups)


def matches(rules: Rules, contact: dict[str, Any], now: datetime) -> bool:
    return compile_rules(rules)(contact, now)
