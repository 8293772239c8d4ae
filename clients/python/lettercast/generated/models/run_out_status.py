from typing import Literal

RunOutStatus = Literal["active", "completed", "exited"]

RUN_OUT_STATUS_VALUES: set[RunOutStatus] = {
    "active",
    "completed",
    "exited",
}


def check_run_out_status(value: str) -> RunOutStatus:
    if value in RUN_OUT_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {RUN_OUT_STATUS_VALUES!r}")
