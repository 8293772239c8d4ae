from typing import Literal

FieldCreateType = Literal["boolean", "date", "email", "number", "select", "text"]

FIELD_CREATE_TYPE_VALUES: set[FieldCreateType] = {
    "boolean",
    "date",
    "email",
    "number",
    "select",
    "text",
}


def check_field_create_type(value: str) -> FieldCreateType:
    if value in FIELD_CREATE_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {FIELD_CREATE_TYPE_VALUES!r}")
