from typing import Literal

ContactPatchStatusType0 = Literal["active", "unsubscribed"]

CONTACT_PATCH_STATUS_TYPE_0_VALUES: set[ContactPatchStatusType0] = {
    "active",
    "unsubscribed",
}


def check_contact_patch_status_type_0(value: str) -> ContactPatchStatusType0:
    if value in CONTACT_PATCH_STATUS_TYPE_0_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CONTACT_PATCH_STATUS_TYPE_0_VALUES!r}")
