"""The `filter` parameter of GET /v1/contacts: what a clause means, and which clauses are refused."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from boto3.dynamodb.conditions import ConditionBase, ConditionExpressionBuilder

from functions.contacts.filters import parse_filter
from functions.core.errors import Invalid


def built(condition: ConditionBase) -> tuple[str, list[str], list[Any]]:
    """The condition as DynamoDB receives it: expression, attribute names, values."""
    expression = ConditionExpressionBuilder().build_expression(condition)
    names = list(expression.attribute_name_placeholders.values())
    values = list(expression.attribute_value_placeholders.values())
    return expression.condition_expression, names, values


def test_no_filter_means_no_condition() -> None:
    assert parse_filter(None) == []
    assert parse_filter("") == []


def test_each_comma_separated_clause_becomes_one_condition() -> None:
    conditions = parse_filter("status=eq:active,attributes.plan=eq:pro")

    assert len(conditions) == 2
    assert built(conditions[0]) == ("#n0 = :v0", ["status"], ["active"])
    _expression, names, values = built(conditions[1])
    assert names == ["attributes", "plan"] and values == ["pro"]


def test_an_attribute_value_matches_it_as_text_number_or_boolean() -> None:
    (number,) = parse_filter("attributes.seats=eq:10")
    (flag,) = parse_filter("attributes.trial=eq:true")

    assert built(number)[2] == ["10", Decimal("10")]
    assert built(flag)[2] == ["true", True]
    assert " OR " in built(number)[0]


def test_a_field_value_stays_text() -> None:
    (condition,) = parse_filter("phone=eq:10")

    assert built(condition)[2] == ["10"]


def test_neq_excludes_every_reading_of_the_value() -> None:
    (condition,) = parse_filter("attributes.seats=neq:10")

    expression, _, values = built(condition)
    assert " AND " in expression and values == ["10", Decimal("10")]


def test_greater_than_a_number_compares_numbers_only() -> None:
    (condition,) = parse_filter("attributes.seats=gt:10")

    expression, _, values = built(condition)
    assert expression.startswith("(attribute_type(") and values == ["N", Decimal("10")]


def test_greater_than_text_compares_text_and_keeps_colons_in_the_value() -> None:
    (condition,) = parse_filter("created_at=gte:2026-01-01T00:00:00Z")

    expression, names, values = built(condition)
    assert ">=" in expression and values == ["S", "2026-01-01T00:00:00Z"]
    assert set(names) == {"created_at"}


@pytest.mark.parametrize(
    ("clause", "operator"),
    [
        ("first_name=contains:nn", "contains("),
        ("first_name=not_contains:nn", "NOT contains("),
        ("email=sw:ann", "begins_with("),
        ("attributes.plan=exists", "attribute_exists("),
        ("attributes.plan=not_exists", "attribute_not_exists("),
        ("tags=contains:vip", "contains("),
        ("attributes.seats=lt:3", "<"),
        ("attributes.seats=lte:3", "<="),
    ],
)
def test_every_documented_operator_is_understood(clause: str, operator: str) -> None:
    (condition,) = parse_filter(clause)

    assert operator in built(condition)[0]


def test_a_space_after_a_comma_or_around_the_equals_sign_is_ignored() -> None:
    conditions = parse_filter("status = eq:active, attributes.plan=eq:pro")

    assert built(conditions[0])[1:] == (["status"], ["active"])
    assert built(conditions[1])[1:] == (["attributes", "plan"], ["pro"])


@pytest.mark.parametrize(
    "text",
    [
        "status",  # no operator
        "status=",  # no operator
        "status:active",  # wrong separator
        "status=like:act",  # unknown operator
        "status=eq",  # missing value
        "status=eq:",  # empty value
        "password=eq:x",  # not a contact field
        "attributes.=eq:x",  # no attribute key
        "attributes.a.b=eq:x",  # attributes are flat
        "attributes.1st=eq:x",  # not an attribute key
        "tags=eq:vip",  # tags are a set: contains, not eq
        "status=eq:active,",  # trailing empty clause
    ],
)
def test_a_malformed_filter_is_refused_as_invalid_filter(text: str) -> None:
    with pytest.raises(Invalid) as refused:
        parse_filter(text)

    assert refused.value.code == "invalid_filter"
    assert refused.value.status == 400
