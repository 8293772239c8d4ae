from typing import Literal

ListStepType = Literal["subscribe", "unsubscribe"]

LIST_STEP_TYPE_VALUES: set[ListStepType] = {
    "subscribe",
    "unsubscribe",
}


def check_list_step_type(value: str) -> ListStepType:
    if value in LIST_STEP_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LIST_STEP_TYPE_VALUES!r}")
