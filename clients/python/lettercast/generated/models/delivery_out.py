from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_out_status import DeliveryOutStatus, check_delivery_out_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.attempt import Attempt


T = TypeVar("T", bound="DeliveryOut")


@_attrs_define
class DeliveryOut:
    """
    Attributes:
        created_at (str): When the event happened
        event_id (str):
        id (str): The delivery's id: its event's id, the webhook-id header of every attempt
        status (DeliveryOutStatus):
        type_ (str):
        attempts (list[Attempt] | Unset):
        next_retry_at (None | str | Unset):
    """

    created_at: str
    event_id: str
    id: str
    status: DeliveryOutStatus
    type_: str
    attempts: list[Attempt] | Unset = UNSET
    next_retry_at: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at

        event_id = self.event_id

        id = self.id

        status: str = self.status

        type_ = self.type_

        attempts: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.attempts, Unset):
            attempts = []
            for attempts_item_data in self.attempts:
                attempts_item = attempts_item_data.to_dict()
                attempts.append(attempts_item)

        next_retry_at: None | str | Unset
        if isinstance(self.next_retry_at, Unset):
            next_retry_at = UNSET
        else:
            next_retry_at = self.next_retry_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "event_id": event_id,
                "id": id,
                "status": status,
                "type": type_,
            }
        )
        if attempts is not UNSET:
            field_dict["attempts"] = attempts
        if next_retry_at is not UNSET:
            field_dict["next_retry_at"] = next_retry_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.attempt import Attempt

        d = dict(src_dict)
        created_at = d.pop("created_at")

        event_id = d.pop("event_id")

        id = d.pop("id")

        status = check_delivery_out_status(d.pop("status"))

        type_ = d.pop("type")

        _attempts = d.pop("attempts", UNSET)
        attempts: list[Attempt] | Unset = UNSET
        if _attempts is not UNSET:
            attempts = []
            for attempts_item_data in _attempts:
                attempts_item = Attempt.from_dict(attempts_item_data)

                attempts.append(attempts_item)

        def _parse_next_retry_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_retry_at = _parse_next_retry_at(d.pop("next_retry_at", UNSET))

        delivery_out = cls(
            created_at=created_at,
            event_id=event_id,
            id=id,
            status=status,
            type_=type_,
            attempts=attempts,
            next_retry_at=next_retry_at,
        )

        delivery_out.additional_properties = d
        return delivery_out

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
