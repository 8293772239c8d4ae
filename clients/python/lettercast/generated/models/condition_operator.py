from typing import Literal

ConditionOperator = Literal[
    "after",
    "before",
    "contains",
    "eq",
    "ew",
    "exists",
    "gt",
    "gte",
    "has_tag",
    "in",
    "lt",
    "lte",
    "neq",
    "not_contains",
    "not_exists",
    "not_has_tag",
    "not_in",
    "sw",
    "within_last_days",
]

CONDITION_OPERATOR_VALUES: set[ConditionOperator] = {
    "after",
    "before",
    "contains",
    "eq",
    "ew",
    "exists",
    "gt",
    "gte",
    "has_tag",
    "in",
    "lt",
    "lte",
    "neq",
    "not_contains",
    "not_exists",
    "not_has_tag",
    "not_in",
    "sw",
    "within_last_days",
}


def check_condition_operator(value: str) -> ConditionOperator:
    if value in CONDITION_OPERATOR_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CONDITION_OPERATOR_VALUES!r}")
