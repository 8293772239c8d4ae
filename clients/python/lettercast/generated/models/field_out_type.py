from typing import Literal

FieldOutType = Literal["boolean", "date", "email", "number", "select", "text"]

FIELD_OUT_TYPE_VALUES: set[FieldOutType] = {
    "boolean",
    "date",
    "email",
    "number",
    "select",
    "text",
}


def check_field_out_type(value: str) -> FieldOutType:
    if value in FIELD_OUT_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {FIELD_OUT_TYPE_VALUES!r}")
