from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.event_out_properties import EventOutProperties


T = TypeVar("T", bound="EventOut")


@_attrs_define
class EventOut:
    """
    Attributes:
        id (str):
        name (str):
        occurred_at (str):
        received_at (str):
        contact_id (None | str | Unset): The contact's id; null while an event named by email waits to be recorded (a
            moment)
        email (None | str | Unset): The email the event named, until it is recorded against its contact
        properties (EventOutProperties | Unset):
    """

    id: str
    name: str
    occurred_at: str
    received_at: str
    contact_id: None | str | Unset = UNSET
    email: None | str | Unset = UNSET
    properties: EventOutProperties | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        occurred_at = self.occurred_at

        received_at = self.received_at

        contact_id: None | str | Unset
        if isinstance(self.contact_id, Unset):
            contact_id = UNSET
        else:
            contact_id = self.contact_id

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        properties: dict[str, Any] | Unset = UNSET
        if not isinstance(self.properties, Unset):
            properties = self.properties.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "occurred_at": occurred_at,
                "received_at": received_at,
            }
        )
        if contact_id is not UNSET:
            field_dict["contact_id"] = contact_id
        if email is not UNSET:
            field_dict["email"] = email
        if properties is not UNSET:
            field_dict["properties"] = properties

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.event_out_properties import EventOutProperties

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        occurred_at = d.pop("occurred_at")

        received_at = d.pop("received_at")

        def _parse_contact_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        contact_id = _parse_contact_id(d.pop("contact_id", UNSET))

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        _properties = d.pop("properties", UNSET)
        properties: EventOutProperties | Unset
        if isinstance(_properties, Unset):
            properties = UNSET
        else:
            properties = EventOutProperties.from_dict(_properties)

        event_out = cls(
            id=id,
            name=name,
            occurred_at=occurred_at,
            received_at=received_at,
            contact_id=contact_id,
            email=email,
            properties=properties,
        )

        event_out.additional_properties = d
        return event_out

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
