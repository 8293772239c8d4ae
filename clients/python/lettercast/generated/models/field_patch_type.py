from typing import Literal

FieldPatchType = Literal["boolean", "date", "email", "number", "select", "text"]

FIELD_PATCH_TYPE_VALUES: set[FieldPatchType] = {
    "boolean",
    "date",
    "email",
    "number",
    "select",
    "text",
}


def check_field_patch_type(value: str) -> FieldPatchType:
    if value in FIELD_PATCH_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {FIELD_PATCH_TYPE_VALUES!r}")
