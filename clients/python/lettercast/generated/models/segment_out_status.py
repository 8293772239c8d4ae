from typing import Literal

SegmentOutStatus = Literal["building", "ready"]

SEGMENT_OUT_STATUS_VALUES: set[SegmentOutStatus] = {
    "building",
    "ready",
}


def check_segment_out_status(value: str) -> SegmentOutStatus:
    if value in SEGMENT_OUT_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SEGMENT_OUT_STATUS_VALUES!r}")
