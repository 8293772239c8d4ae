from typing import Literal

AutomationOutStatus = Literal["active", "draft", "paused"]

AUTOMATION_OUT_STATUS_VALUES: set[AutomationOutStatus] = {
    "active",
    "draft",
    "paused",
}


def check_automation_out_status(value: str) -> AutomationOutStatus:
    if value in AUTOMATION_OUT_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {AUTOMATION_OUT_STATUS_VALUES!r}")
