from typing import Literal

SubmitFormResponse200DataStatus = Literal["pending", "subscribed"]

SUBMIT_FORM_RESPONSE_200_DATA_STATUS_VALUES: set[SubmitFormResponse200DataStatus] = {
    "pending",
    "subscribed",
}


def check_submit_form_response_200_data_status(value: str) -> SubmitFormResponse200DataStatus:
    if value in SUBMIT_FORM_RESPONSE_200_DATA_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SUBMIT_FORM_RESPONSE_200_DATA_STATUS_VALUES!r}")
