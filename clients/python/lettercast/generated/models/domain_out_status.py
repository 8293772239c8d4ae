from typing import Literal

DomainOutStatus = Literal["expired", "failed", "pending", "verified"]

DOMAIN_OUT_STATUS_VALUES: set[DomainOutStatus] = {
    "expired",
    "failed",
    "pending",
    "verified",
}


def check_domain_out_status(value: str) -> DomainOutStatus:
    if value in DOMAIN_OUT_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DOMAIN_OUT_STATUS_VALUES!r}")
