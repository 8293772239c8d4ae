"""The segment rule language: every operator on the fields it applies to, nesting, and refusals."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from functions.segments.rules import Rules, compile_rules, matches

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
ANN: dict[str, Any] = {
    "id": "c1",
    "email": "Ann@Example.com",
    "first_name": "Ann",
    "last_name": "Lee",
    "phone": "+33 1 23",
    "status": "active",
    "created_at": "2026-11-20T10:00:00Z",
    "tags": ["vip", "beta"],
    "lists": {"L1": {"status": "subscribed"}, "L2": {"status": "unsubscribed"}},
    "attributes": {"plan": "Pro", "seats": 5, "trial": False, "renews": "2026-12-01", "score": 7.5},
    "events": {"purchase": {"count": 3, "last_at": "2026-11-22T09:00:00Z"}},
}
BARE: dict[str, Any] = {
    "id": "c2",
    "email": "bob@example.org",
    "status": "unsubscribed",
    "created_at": "2025-01-01T00:00:00Z",
}


def one(field: str, operator: str, value: Any = None) -> Rules:
    condition = {"field": field, "operator": operator}
    if value is not None:
        condition["value"] = value
    return Rules.model_validate({"groups": [{"conditions": [condition]}]})


CASES = [
    # text fields, case-insensitive
    ("email", "eq", "ann@example.com", True, False),
    ("email", "neq", "ann@example.com", False, True),
    ("email", "contains", "EXAMPLE", True, True),
    ("email", "not_contains", "example.org", True, False),
    ("email", "sw", "ann", True, False),
    ("email", "ew", ".org", False, True),
    ("first_name", "in", ["ann", "zoe"], True, False),
    ("first_name", "not_in", ["ann"], False, True),
    ("first_name", "exists", None, True, False),
    ("last_name", "not_exists", None, False, True),
    ("phone", "sw", "+33", True, False),
    ("status", "eq", "active", True, False),
    ("status", "in", ["unsubscribed", "bounced"], False, True),
    # created_at
    ("created_at", "after", "2026-11-01", True, False),
    ("created_at", "before", "2026-01-01", False, True),
    ("created_at", "within_last_days", 7, True, False),
    ("created_at", "within_last_days", 2, False, False),
    ("created_at", "gte", "2026-11-20T10:00:00Z", True, False),
    ("created_at", "lt", "2026-11-20", False, True),
    # tags
    ("tags", "has_tag", "vip", True, False),
    ("tags", "not_has_tag", "vip", False, True),
    ("tags", "contains", "beta", True, False),
    ("tags", "in", ["x", "beta"], True, False),
    ("tags", "not_in", ["x", "y"], True, True),
    ("tags", "exists", None, True, False),
    ("tags", "not_exists", None, False, True),
    # lists: subscribed means status subscribed
    ("lists", "eq", "L1", True, False),
    ("lists", "eq", "L2", False, False),
    ("lists", "neq", "L2", True, True),
    ("lists", "in", ["L2", "L1"], True, False),
    ("lists", "not_in", ["L1"], False, True),
    ("lists", "exists", None, True, False),
    ("lists", "not_exists", None, False, True),
    # attributes, typed
    ("attributes.plan", "eq", "pro", True, False),
    ("attributes.plan", "neq", "pro", False, True),
    ("attributes.seats", "gt", 4, True, False),
    ("attributes.seats", "lte", 5, True, False),
    ("attributes.seats", "eq", "5", False, False),
    ("attributes.seats", "eq", 5, True, False),
    ("attributes.score", "lt", 8, True, False),
    ("attributes.trial", "eq", False, True, False),
    ("attributes.trial", "eq", "false", False, False),
    ("attributes.renews", "before", "2027-01-01", True, False),
    ("attributes.renews", "within_last_days", 30, False, False),
    ("attributes.plan", "gt", 3, False, False),  # text never orders against a number
    ("attributes.plan", "exists", None, True, False),
    ("attributes.plan", "not_exists", None, False, True),
    ("attributes.plan", "not_contains", "x", True, True),
    ("attributes.plan", "in", ["pro", "team"], True, False),
    # events: count and last time
    ("events.purchase", "gte", 3, True, False),
    ("events.purchase", "eq", 2, False, False),
    ("events.purchase", "neq", 3, False, True),
    ("events.purchase", "lt", 1, False, True),
    ("events.purchase", "exists", None, True, False),
    ("events.purchase", "not_exists", None, False, True),
    ("events.purchase", "within_last_days", 2, True, False),
    ("events.purchase", "after", "2026-11-23", False, False),
    ("events.purchase", "before", "2026-11-23", True, False),
]


@pytest.mark.parametrize(("field", "operator", "value", "ann", "bare"), CASES)
def test_each_operator_on_each_field(field: str, operator: str, value: Any, ann: bool, bare: bool) -> None:
    rule = compile_rules(one(field, operator, value))
    assert rule(ANN, NOW) is ann
    assert rule(BARE, NOW) is bare


def test_groups_combine_with_all_and_any() -> None:
    pro = {"field": "attributes.plan", "operator": "eq", "value": "pro"}
    vip = {"field": "tags", "operator": "has_tag", "value": "vip"}
    gold = {"field": "attributes.plan", "operator": "eq", "value": "gold"}
    both = Rules.model_validate({"match": "all", "groups": [{"conditions": [pro]}, {"conditions": [vip]}]})
    either = Rules.model_validate({"match": "any", "groups": [{"conditions": [gold]}, {"conditions": [vip]}]})
    inner_any = Rules.model_validate({"groups": [{"match": "any", "conditions": [gold, pro]}]})
    inner_all = Rules.model_validate({"groups": [{"match": "all", "conditions": [gold, pro]}]})
    assert matches(both, ANN, NOW) and matches(either, ANN, NOW) and matches(inner_any, ANN, NOW)
    assert not matches(inner_all, ANN, NOW)
    assert not matches(both, BARE, NOW)


def test_no_groups_matches_nobody() -> None:
    assert not matches(Rules(), ANN, NOW)


@pytest.mark.parametrize(
    ("condition", "says"),
    [
        ({"field": "email", "operator": "glows", "value": 1}, "operator"),
        ({"field": "colour", "operator": "eq", "value": "red"}, "unknown field 'colour'"),
        ({"field": "attributes.", "operator": "eq", "value": "x"}, "unknown field"),
        ({"field": "email", "operator": "has_tag", "value": "x"}, "does not apply to 'email'"),
        ({"field": "first_name", "operator": "within_last_days", "value": 3}, "does not apply"),
        ({"field": "created_at", "operator": "within_last_days", "value": 0}, "positive whole number"),
        ({"field": "created_at", "operator": "before", "value": "soon"}, "ISO date"),
        ({"field": "tags", "operator": "in", "value": []}, "non-empty list"),
        ({"field": "email", "operator": "exists", "value": "x"}, "takes no value"),
        ({"field": "email", "operator": "eq"}, "needs a value"),
        ({"field": "events.buy", "operator": "gt", "value": "2026-01-01"}, "compares the count"),
        ({"field": "attributes.n", "operator": "gt", "value": "many"}, "number or an ISO date"),
    ],
)
def test_an_invalid_condition_is_refused_naming_it(condition: dict, says: str) -> None:
    body = {"groups": [{"conditions": [{"field": "email", "operator": "exists"}, condition]}]}
    with pytest.raises(ValidationError) as refused:
        Rules.model_validate(body)
    error = refused.value.errors()[0]
    assert error["loc"][:4] == ("groups", 0, "conditions", 1)
    assert says in str(refused.value)


def test_limits_on_groups_and_conditions() -> None:
    condition = {"field": "email", "operator": "exists"}
    with pytest.raises(ValidationError):
        Rules.model_validate({"groups": [{"conditions": [condition] * 21}]})
    with pytest.raises(ValidationError):
        Rules.model_validate({"groups": [{"conditions": [condition]}] * 11})
    with pytest.raises(ValidationError):
        Rules.model_validate({"groups": [{"conditions": []}]})
