from typing import Literal

AutomationPatchReentryType0 = Literal["after_exit", "always", "never"]

AUTOMATION_PATCH_REENTRY_TYPE_0_VALUES: set[AutomationPatchReentryType0] = {
    "after_exit",
    "always",
    "never",
}


def check_automation_patch_reentry_type_0(value: str) -> AutomationPatchReentryType0:
    if value in AUTOMATION_PATCH_REENTRY_TYPE_0_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {AUTOMATION_PATCH_REENTRY_TYPE_0_VALUES!r}")
