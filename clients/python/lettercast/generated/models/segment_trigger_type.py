from typing import Literal

SegmentTriggerType = Literal["segment_entered", "segment_exited"]

SEGMENT_TRIGGER_TYPE_VALUES: set[SegmentTriggerType] = {
    "segment_entered",
    "segment_exited",
}


def check_segment_trigger_type(value: str) -> SegmentTriggerType:
    if value in SEGMENT_TRIGGER_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SEGMENT_TRIGGER_TYPE_VALUES!r}")
