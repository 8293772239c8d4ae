from typing import Literal

WaitUntilStepWeekdayType0Item = Literal["fri", "mon", "sat", "sun", "thu", "tue", "wed"]

WAIT_UNTIL_STEP_WEEKDAY_TYPE_0_ITEM_VALUES: set[WaitUntilStepWeekdayType0Item] = {
    "fri",
    "mon",
    "sat",
    "sun",
    "thu",
    "tue",
    "wed",
}


def check_wait_until_step_weekday_type_0_item(value: str) -> WaitUntilStepWeekdayType0Item:
    if value in WAIT_UNTIL_STEP_WEEKDAY_TYPE_0_ITEM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {WAIT_UNTIL_STEP_WEEKDAY_TYPE_0_ITEM_VALUES!r}")
