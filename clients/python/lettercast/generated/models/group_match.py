from typing import Literal

GroupMatch = Literal["all", "any"]

GROUP_MATCH_VALUES: set[GroupMatch] = {
    "all",
    "any",
}


def check_group_match(value: str) -> GroupMatch:
    if value in GROUP_MATCH_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {GROUP_MATCH_VALUES!r}")
