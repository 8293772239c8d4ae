from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.failure import Failure


T = TypeVar("T", bound="ComposeResult")


@_attrs_define
class ComposeResult:
    """
    Attributes:
        failed (list[Failure]):
        sent (int):
        message_ids (list[str] | Unset):
        ok (bool | Unset):  Default: True.
    """

    failed: list[Failure]
    sent: int
    message_ids: list[str] | Unset = UNSET
    ok: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        failed = []
        for failed_item_data in self.failed:
            failed_item = failed_item_data.to_dict()
            failed.append(failed_item)

        sent = self.sent

        message_ids: list[str] | Unset = UNSET
        if not isinstance(self.message_ids, Unset):
            message_ids = self.message_ids

        ok = self.ok

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "failed": failed,
                "sent": sent,
            }
        )
        if message_ids is not UNSET:
            field_dict["message_ids"] = message_ids
        if ok is not UNSET:
            field_dict["ok"] = ok

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.failure import Failure

        d = dict(src_dict)
        failed = []
        _failed = d.pop("failed")
        for failed_item_data in _failed:
            failed_item = Failure.from_dict(failed_item_data)

            failed.append(failed_item)

        sent = d.pop("sent")

        message_ids = cast(list[str], d.pop("message_ids", UNSET))

        ok = d.pop("ok", UNSET)

        compose_result = cls(
            failed=failed,
            sent=sent,
            message_ids=message_ids,
            ok=ok,
        )

        compose_result.additional_properties = d
        return compose_result

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
