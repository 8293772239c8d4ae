from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.batch_error import BatchError


T = TypeVar("T", bound="ContactBatchOut")


@_attrs_define
class ContactBatchOut:
    """
    Attributes:
        created (int):
        unchanged (int): Already so, or the same email again later in the batch
        updated (int):
        errors (list[BatchError] | Unset): The others, by index in `contacts`
    """

    created: int
    unchanged: int
    updated: int
    errors: list[BatchError] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created = self.created

        unchanged = self.unchanged

        updated = self.updated

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created": created,
                "unchanged": unchanged,
                "updated": updated,
            }
        )
        if errors is not UNSET:
            field_dict["errors"] = errors

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.batch_error import BatchError

        d = dict(src_dict)
        created = d.pop("created")

        unchanged = d.pop("unchanged")

        updated = d.pop("updated")

        _errors = d.pop("errors", UNSET)
        errors: list[BatchError] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = BatchError.from_dict(errors_item_data)

                errors.append(errors_item)

        contact_batch_out = cls(
            created=created,
            unchanged=unchanged,
            updated=updated,
            errors=errors,
        )

        contact_batch_out.additional_properties = d
        return contact_batch_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
