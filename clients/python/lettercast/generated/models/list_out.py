from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ListOut")


@_attrs_define
class ListOut:
    """
    Attributes:
        created_at (str):
        from_email (str):
        from_name (str):
        id (str):
        name (str):
        updated_at (str):
        address (None | str | Unset):
        city (None | str | Unset):
        company (None | str | Unset):
        confirmation_template_id (None | str | Unset):
        country (None | str | Unset):
        description (None | str | Unset):
        double_opt_in (bool | Unset):  Default: False.
        pending_count (int | Unset): Double opt-in signups not confirmed yet Default: 0.
        phone (None | str | Unset):
        public (bool | Unset):  Default: False.
        sender_id (None | str | Unset):
        subscribers_count (int | Unset):  Default: 0.
        unsubscribed_count (int | Unset):  Default: 0.
        website (None | str | Unset):
        zip_ (None | str | Unset):
    """

    created_at: str
    from_email: str
    from_name: str
    id: str
    name: str
    updated_at: str
    address: None | str | Unset = UNSET
    city: None | str | Unset = UNSET
    company: None | str | Unset = UNSET
    confirmation_template_id: None | str | Unset = UNSET
    country: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    double_opt_in: bool | Unset = False
    pending_count: int | Unset = 0
    phone: None | str | Unset = UNSET
    public: bool | Unset = False
    sender_id: None | str | Unset = UNSET
    subscribers_count: int | Unset = 0
    unsubscribed_count: int | Unset = 0
    website: None | str | Unset = UNSET
    zip_: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at

        from_email = self.from_email

        from_name = self.from_name

        id = self.id

        name = self.name

        updated_at = self.updated_at

        address: None | str | Unset
        if isinstance(self.address, Unset):
            address = UNSET
        else:
            address = self.address

        city: None | str | Unset
        if isinstance(self.city, Unset):
            city = UNSET
        else:
            city = self.city

        company: None | str | Unset
        if isinstance(self.company, Unset):
            company = UNSET
        else:
            company = self.company

        confirmation_template_id: None | str | Unset
        if isinstance(self.confirmation_template_id, Unset):
            confirmation_template_id = UNSET
        else:
            confirmation_template_id = self.confirmation_template_id

        country: None | str | Unset
        if isinstance(self.country, Unset):
            country = UNSET
        else:
            country = self.country

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        double_opt_in = self.double_opt_in

        pending_count = self.pending_count

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        public = self.public

        sender_id: None | str | Unset
        if isinstance(self.sender_id, Unset):
            sender_id = UNSET
        else:
            sender_id = self.sender_id

        subscribers_count = self.subscribers_count

        unsubscribed_count = self.unsubscribed_count

        website: None | str | Unset
        if isinstance(self.website, Unset):
            website = UNSET
        else:
            website = self.website

        zip_: None | str | Unset
        if isinstance(self.zip_, Unset):
            zip_ = UNSET
        else:
            zip_ = self.zip_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "from_email": from_email,
                "from_name": from_name,
                "id": id,
                "name": name,
                "updated_at": updated_at,
            }
        )
        if address is not UNSET:
            field_dict["address"] = address
        if city is not UNSET:
            field_dict["city"] = city
        if company is not UNSET:
            field_dict["company"] = company
        if confirmation_template_id is not UNSET:
            field_dict["confirmation_template_id"] = confirmation_template_id
        if country is not UNSET:
            field_dict["country"] = country
        if description is not UNSET:
            field_dict["description"] = description
        if double_opt_in is not UNSET:
            field_dict["double_opt_in"] = double_opt_in
        if pending_count is not UNSET:
            field_dict["pending_count"] = pending_count
        if phone is not UNSET:
            field_dict["phone"] = phone
        if public is not UNSET:
            field_dict["public"] = public
        if sender_id is not UNSET:
            field_dict["sender_id"] = sender_id
        if subscribers_count is not UNSET:
            field_dict["subscribers_count"] = subscribers_count
        if unsubscribed_count is not UNSET:
            field_dict["unsubscribed_count"] = unsubscribed_count
        if website is not UNSET:
            field_dict["website"] = website
        if zip_ is not UNSET:
            field_dict["zip"] = zip_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        created_at = d.pop("created_at")

        from_email = d.pop("from_email")

        from_name = d.pop("from_name")

        id = d.pop("id")

        name = d.pop("name")

        updated_at = d.pop("updated_at")

        def _parse_address(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        address = _parse_address(d.pop("address", UNSET))

        def _parse_city(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        city = _parse_city(d.pop("city", UNSET))

        def _parse_company(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        company = _parse_company(d.pop("company", UNSET))

        def _parse_confirmation_template_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        confirmation_template_id = _parse_confirmation_template_id(d.pop("confirmation_template_id", UNSET))

        def _parse_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        country = _parse_country(d.pop("country", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        double_opt_in = d.pop("double_opt_in", UNSET)

        pending_count = d.pop("pending_count", UNSET)

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        public = d.pop("public", UNSET)

        def _parse_sender_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sender_id = _parse_sender_id(d.pop("sender_id", UNSET))

        subscribers_count = d.pop("subscribers_count", UNSET)

        unsubscribed_count = d.pop("unsubscribed_count", UNSET)

        def _parse_website(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        website = _parse_website(d.pop("website", UNSET))

        def _parse_zip_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        zip_ = _parse_zip_(d.pop("zip", UNSET))

        list_out = cls(
            created_at=created_at,
            from_email=from_email,
            from_name=from_name,
            id=id,
            name=name,
            updated_at=updated_at,
            address=address,
            city=city,
            company=company,
            confirmation_template_id=confirmation_template_id,
            country=country,
            description=description,
            double_opt_in=double_opt_in,
            pending_count=pending_count,
            phone=phone,
            public=public,
            sender_id=sender_id,
            subscribers_count=subscribers_count,
            unsubscribed_count=unsubscribed_count,
            website=website,
            zip_=zip_,
        )

        list_out.additional_properties = d
        return list_out

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
