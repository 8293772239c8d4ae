from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.event_in_properties_type_0 import EventInPropertiesType0


T = TypeVar("T", bound="EventIn")


@_attrs_define
class EventIn:
    """POST /v1/events: one thing a contact did. Exactly one of `email` and `contact_id`.

    Attributes:
        name (str): What happened, e.g. signed_up; segment rules read it as events.<name> (case-sensitive)
        contact_id (None | str | Unset):
        create_contact (bool | Unset):  Default: True.
        email (None | str | Unset): Creates the contact when unknown (unless create_contact is false)
        id (None | str | Unset):
        occurred_at (datetime.datetime | None | Unset): ISO 8601; default now; at most 5 minutes ahead; kept to the
            second
        properties (EventInPropertiesType0 | None | Unset): A JSON object: at most 50 keys, 8192 bytes as JSON, nested
            at most 10 levels
    """

    name: str
    contact_id: None | str | Unset = UNSET
    create_contact: bool | Unset = True
    email: None | str | Unset = UNSET
    id: None | str | Unset = UNSET
    occurred_at: datetime.datetime | None | Unset = UNSET
    properties: EventInPropertiesType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.event_in_properties_type_0 import EventInPropertiesType0

        name = self.name

        contact_id: None | str | Unset
        if isinstance(self.contact_id, Unset):
            contact_id = UNSET
        else:
            contact_id = self.contact_id

        create_contact = self.create_contact

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        occurred_at: None | str | Unset
        if isinstance(self.occurred_at, Unset):
            occurred_at = UNSET
        elif isinstance(self.occurred_at, datetime.datetime):
            occurred_at = self.occurred_at.isoformat()
        else:
            occurred_at = self.occurred_at

        properties: dict[str, Any] | None | Unset
        if isinstance(self.properties, Unset):
            properties = UNSET
        elif isinstance(self.properties, EventInPropertiesType0):
            properties = self.properties.to_dict()
        else:
            properties = self.properties

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if contact_id is not UNSET:
            field_dict["contact_id"] = contact_id
        if create_contact is not UNSET:
            field_dict["create_contact"] = create_contact
        if email is not UNSET:
            field_dict["email"] = email
        if id is not UNSET:
            field_dict["id"] = id
        if occurred_at is not UNSET:
            field_dict["occurred_at"] = occurred_at
        if properties is not UNSET:
            field_dict["properties"] = properties

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.event_in_properties_type_0 import EventInPropertiesType0

        d = dict(src_dict)
        name = d.pop("name")

        def _parse_contact_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        contact_id = _parse_contact_id(d.pop("contact_id", UNSET))

        create_contact = d.pop("create_contact", UNSET)

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

        def _parse_occurred_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                occurred_at_type_0 = datetime.datetime.fromisoformat(data)

                return occurred_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        occurred_at = _parse_occurred_at(d.pop("occurred_at", UNSET))

        def _parse_properties(data: object) -> EventInPropertiesType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                properties_type_0 = EventInPropertiesType0.from_dict(data)

                return properties_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EventInPropertiesType0 | None | Unset, data)

        properties = _parse_properties(d.pop("properties", UNSET))

        event_in = cls(
            name=name,
            contact_id=contact_id,
            create_contact=create_contact,
            email=email,
            id=id,
            occurred_at=occurred_at,
            properties=properties,
        )

        return event_in
