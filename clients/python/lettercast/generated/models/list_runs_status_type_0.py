from typing import Literal

ListRunsStatusType0 = Literal["active", "completed", "exited"]

LIST_RUNS_STATUS_TYPE_0_VALUES: set[ListRunsStatusType0] = {
    "active",
    "completed",
    "exited",
}


def check_list_runs_status_type_0(value: str) -> ListRunsStatusType0:
    if value in LIST_RUNS_STATUS_TYPE_0_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LIST_RUNS_STATUS_TYPE_0_VALUES!r}")
