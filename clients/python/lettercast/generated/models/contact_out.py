from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.contact_out_status import ContactOutStatus, check_contact_out_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.contact_out_attributes import ContactOutAttributes
    from ..models.contact_out_events import ContactOutEvents
    from ..models.membership import Membership


T = TypeVar("T", bound="ContactOut")


@_attrs_define
class ContactOut:
    """
    Attributes:
        created_at (str):
        email (str):
        id (str):
        status (ContactOutStatus):
        updated_at (str):
        attributes (ContactOutAttributes | Unset):
        events (ContactOutEvents | Unset): Behavioural events by name; counting one does not move updated_at
        first_name (None | str | Unset):
        last_name (None | str | Unset):
        lists (list[Membership] | Unset):
        name (None | str | Unset):
        phone (None | str | Unset):
        tags (list[str] | Unset):
    """

    created_at: str
    email: str
    id: str
    status: ContactOutStatus
    updated_at: str
    attributes: ContactOutAttributes | Unset = UNSET
    events: ContactOutEvents | Unset = UNSET
    first_name: None | str | Unset = UNSET
    last_name: None | str | Unset = UNSET
    lists: list[Membership] | Unset = UNSET
    name: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at

        email = self.email

        id = self.id

        status: str = self.status

        updated_at = self.updated_at

        attributes: dict[str, Any] | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = self.attributes.to_dict()

        events: dict[str, Any] | Unset = UNSET
        if not isinstance(self.events, Unset):
            events = self.events.to_dict()

        first_name: None | str | Unset
        if isinstance(self.first_name, Unset):
            first_name = UNSET
        else:
            first_name = self.first_name

        last_name: None | str | Unset
        if isinstance(self.last_name, Unset):
            last_name = UNSET
        else:
            last_name = self.last_name

        lists: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.lists, Unset):
            lists = []
            for lists_item_data in self.lists:
                lists_item = lists_item_data.to_dict()
                lists.append(lists_item)

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "email": email,
                "id": id,
                "status": status,
                "updated_at": updated_at,
            }
        )
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if events is not UNSET:
            field_dict["events"] = events
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if last_name is not UNSET:
            field_dict["last_name"] = last_name
        if lists is not UNSET:
            field_dict["lists"] = lists
        if name is not UNSET:
            field_dict["name"] = name
        if phone is not UNSET:
            field_dict["phone"] = phone
        if tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.contact_out_attributes import ContactOutAttributes
        from ..models.contact_out_events import ContactOutEvents
        from ..models.membership import Membership

        d = dict(src_dict)
        created_at = d.pop("created_at")

        email = d.pop("email")

        id = d.pop("id")

        status = check_contact_out_status(d.pop("status"))

        updated_at = d.pop("updated_at")

        _attributes = d.pop("attributes", UNSET)
        attributes: ContactOutAttributes | Unset
        if isinstance(_attributes, Unset):
            attributes = UNSET
        else:
            attributes = ContactOutAttributes.from_dict(_attributes)

        _events = d.pop("events", UNSET)
        events: ContactOutEvents | Unset
        if isinstance(_events, Unset):
            events = UNSET
        else:
            events = ContactOutEvents.from_dict(_events)

        def _parse_first_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        first_name = _parse_first_name(d.pop("first_name", UNSET))

        def _parse_last_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_name = _parse_last_name(d.pop("last_name", UNSET))

        _lists = d.pop("lists", UNSET)
        lists: list[Membership] | Unset = UNSET
        if _lists is not UNSET:
            lists = []
            for lists_item_data in _lists:
                lists_item = Membership.from_dict(lists_item_data)

                lists.append(lists_item)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        tags = cast(list[str], d.pop("tags", UNSET))

        contact_out = cls(
            created_at=created_at,
            email=email,
            id=id,
            status=status,
            updated_at=updated_at,
            attributes=attributes,
            events=events,
            first_name=first_name,
            last_name=last_name,
            lists=lists,
            name=name,
            phone=phone,
            tags=tags,
        )

        contact_out.additional_properties = d
        return contact_out

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
