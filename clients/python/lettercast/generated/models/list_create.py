from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ListCreate")


@_attrs_define
class ListCreate:
    """
    Attributes:
        from_email (str):
        from_name (str):
        name (str):
        address (None | str | Unset):
        city (None | str | Unset):
        company (None | str | Unset):
        confirmation_template_id (None | str | Unset): The confirmation email's template; `{{ confirm_url }}` and `{{
            list_name }}` fill it
        country (None | str | Unset):
        description (None | str | Unset):
        double_opt_in (bool | None | Unset):
        phone (None | str | Unset):
        public (bool | None | Unset): Shown in the preference center, where a contact can join or leave it
        sender_id (None | str | Unset): Sends the confirmation emails of double opt-in (default: the sender with the
            list's from_email)
        website (None | str | Unset):
        zip_ (None | str | Unset):
    """

    from_email: str
    from_name: str
    name: str
    address: None | str | Unset = UNSET
    city: None | str | Unset = UNSET
    company: None | str | Unset = UNSET
    confirmation_template_id: None | str | Unset = UNSET
    country: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    double_opt_in: bool | None | Unset = UNSET
    phone: None | str | Unset = UNSET
    public: bool | None | Unset = UNSET
    sender_id: None | str | Unset = UNSET
    website: None | str | Unset = UNSET
    zip_: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from_email = self.from_email

        from_name = self.from_name

        name = self.name

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

        double_opt_in: bool | None | Unset
        if isinstance(self.double_opt_in, Unset):
            double_opt_in = UNSET
        else:
            double_opt_in = self.double_opt_in

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        public: bool | None | Unset
        if isinstance(self.public, Unset):
            public = UNSET
        else:
            public = self.public

        sender_id: None | str | Unset
        if isinstance(self.sender_id, Unset):
            sender_id = UNSET
        else:
            sender_id = self.sender_id

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

        field_dict.update(
            {
                "from_email": from_email,
                "from_name": from_name,
                "name": name,
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
        if phone is not UNSET:
            field_dict["phone"] = phone
        if public is not UNSET:
            field_dict["public"] = public
        if sender_id is not UNSET:
            field_dict["sender_id"] = sender_id
        if website is not UNSET:
            field_dict["website"] = website
        if zip_ is not UNSET:
            field_dict["zip"] = zip_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        from_email = d.pop("from_email")

        from_name = d.pop("from_name")

        name = d.pop("name")

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

        def _parse_double_opt_in(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        double_opt_in = _parse_double_opt_in(d.pop("double_opt_in", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_public(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        public = _parse_public(d.pop("public", UNSET))

        def _parse_sender_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sender_id = _parse_sender_id(d.pop("sender_id", UNSET))

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

        list_create = cls(
            from_email=from_email,
            from_name=from_name,
            name=name,
            address=address,
            city=city,
            company=company,
            confirmation_template_id=confirmation_template_id,
            country=country,
            description=description,
            double_opt_in=double_opt_in,
            phone=phone,
            public=public,
            sender_id=sender_id,
            website=website,
            zip_=zip_,
        )

        return list_create
