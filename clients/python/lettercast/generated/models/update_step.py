from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.update_step_attributes import UpdateStepAttributes


T = TypeVar("T", bound="UpdateStep")


@_attrs_define
class UpdateStep:
    """
    Attributes:
        attributes (UpdateStepAttributes): Flat map, at most 100 keys; null removes a key
        type_ (Literal['update']):
    """

    attributes: UpdateStepAttributes
    type_: Literal["update"]

    def to_dict(self) -> dict[str, Any]:
        attributes = self.attributes.to_dict()

        type_ = self.type_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "attributes": attributes,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.update_step_attributes import UpdateStepAttributes

        d = dict(src_dict)
        attributes = UpdateStepAttributes.from_dict(d.pop("attributes"))

        type_ = cast(Literal["update"], d.pop("type"))
        if type_ != "update":
            raise ValueError(f"type must match const 'update', got '{type_}'")

        update_step = cls(
            attributes=attributes,
            type_=type_,
        )

        return update_step
