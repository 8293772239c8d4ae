from typing import Literal

AutomationOutReentry = Literal["after_exit", "always", "never"]

AUTOMATION_OUT_REENTRY_VALUES: set[AutomationOutReentry] = {
    "after_exit",
    "always",
    "never",
}


def check_automation_out_reentry(value: str) -> AutomationOutReentry:
    if value in AUTOMATION_OUT_REENTRY_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {AUTOMATION_OUT_REENTRY_VALUES!r}")
