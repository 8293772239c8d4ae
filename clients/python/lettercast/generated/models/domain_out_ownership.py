from typing import Literal

DomainOutOwnership = Literal["expired", "pending", "proven", "taken"]

DOMAIN_OUT_OWNERSHIP_VALUES: set[DomainOutOwnership] = {
    "expired",
    "pending",
    "proven",
    "taken",
}


def check_domain_out_ownership(value: str) -> DomainOutOwnership:
    if value in DOMAIN_OUT_OWNERSHIP_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DOMAIN_OUT_OWNERSHIP_VALUES!r}")
