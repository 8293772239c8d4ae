from typing import Literal

WaitUntilStepWeekdayType1 = Literal["fri", "mon", "sat", "sun", "thu", "tue", "wed"]

WAIT_UNTIL_STEP_WEEKDAY_TYPE_1_VALUES: set[WaitUntilStepWeekdayType1] = {
    "fri",
    "mon",
    "sat",
    "sun",
    "thu",
    "tue",
    "wed",
}


def check_wait_until_step_weekday_type_1(value: str) -> WaitUntilStepWeekdayType1:
    if value in WAIT_UNTIL_STEP_WEEKDAY_TYPE_1_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {WAIT_UNTIL_STEP_WEEKDAY_TYPE_1_VALUES!r}")
