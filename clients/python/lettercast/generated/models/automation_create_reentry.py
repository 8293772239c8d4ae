from typing import Literal

AutomationCreateReentry = Literal["after_exit", "always", "never"]

AUTOMATION_CREATE_REENTRY_VALUES: set[AutomationCreateReentry] = {
    "after_exit",
    "always",
    "never",
}


def check_automation_create_reentry(value: str) -> AutomationCreateReentry:
    if value in AUTOMATION_CREATE_REENTRY_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {AUTOMATION_CREATE_REENTRY_VALUES!r}")
