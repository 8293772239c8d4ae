from typing import Literal

RulesMatch = Literal["all", "any"]

RULES_MATCH_VALUES: set[RulesMatch] = {
    "all",
    "any",
}


def check_rules_match(value: str) -> RulesMatch:
    if value in RULES_MATCH_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {RULES_MATCH_VALUES!r}")
