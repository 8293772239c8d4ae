from typing import Literal

ContactOutStatus = Literal["active", "bounced", "complained", "unsubscribed"]

CONTACT_OUT_STATUS_VALUES: set[ContactOutStatus] = {
    "active",
    "bounced",
    "complained",
    "unsubscribed",
}


def check_contact_out_status(value: str) -> ContactOutStatus:
    if value in CONTACT_OUT_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CONTACT_OUT_STATUS_VALUES!r}")
