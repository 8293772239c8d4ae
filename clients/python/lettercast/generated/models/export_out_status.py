from typing import Literal

ExportOutStatus = Literal["completed", "failed", "processing", "queued"]

EXPORT_OUT_STATUS_VALUES: set[ExportOutStatus] = {
    "completed",
    "failed",
    "processing",
    "queued",
}


def check_export_out_status(value: str) -> ExportOutStatus:
    if value in EXPORT_OUT_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {EXPORT_OUT_STATUS_VALUES!r}")
