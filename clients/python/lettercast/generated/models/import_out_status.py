from typing import Literal

ImportOutStatus = Literal["completed", "failed", "processing", "queued"]

IMPORT_OUT_STATUS_VALUES: set[ImportOutStatus] = {
    "completed",
    "failed",
    "processing",
    "queued",
}


def check_import_out_status(value: str) -> ImportOutStatus:
    if value in IMPORT_OUT_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {IMPORT_OUT_STATUS_VALUES!r}")
