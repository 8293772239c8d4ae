from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.consent_in import ConsentIn
    from ..models.subscriber_create_attributes_type_0 import SubscriberCreateAttributesType0


T = TypeVar("T", bound="SubscriberCreate")


@_attrs_define
class SubscriberCreate:
    """POST /v1/lists/{id}/subscribers.

    Attributes:
        email (str):
        attributes (None | SubscriberCreateAttributesType0 | Unset): Merged into the existing attributes
        consent (ConsentIn | None | Unset):
        first_name (None | str | Unset):
        force_subscribe (bool | Unset): Subscribe at once on a double opt-in list (you hold the consent) Default: False.
        last_name (None | str | Unset):
        lists (list[str] | None | Unset): Lists to subscribe the contact to (their fields are checked)
        name (None | str | Unset):
        phone (None | str | Unset):
        tags (list[str] | None | Unset): Added to the existing tags
    """

    email: str
    attributes: None | SubscriberCreateAttributesType0 | Unset = UNSET
    consent: ConsentIn | None | Unset = UNSET
    first_name: None | str | Unset = UNSET
    force_subscribe: bool | Unset = False
    last_name: None | str | Unset = UNSET
    lists: list[str] | None | Unset = UNSET
    name: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    tags: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.consent_in import ConsentIn
        from ..models.subscriber_create_attributes_type_0 import SubscriberCreateAttributesType0

        email = self.email

        attributes: dict[str, Any] | None | Unset
        if isinstance(self.attributes, Unset):
            attributes = UNSET
        elif isinstance(self.attributes, SubscriberCreateAttributesType0):
            attributes = self.attributes.to_dict()
        else:
            attributes = self.attributes

        consent: dict[str, Any] | None | Unset
        if isinstance(self.consent, Unset):
            consent = UNSET
        elif isinstance(self.consent, ConsentIn):
            consent = self.consent.to_dict()
        else:
            consent = self.consent

        first_name: None | str | Unset
        if isinstance(self.first_name, Unset):
            first_name = UNSET
        else:
            first_name = self.first_name

        force_subscribe = self.force_subscribe

        last_name: None | str | Unset
        if isinstance(self.last_name, Unset):
            last_name = UNSET
        else:
            last_name = self.last_name

        lists: list[str] | None | Unset
        if isinstance(self.lists, Unset):
            lists = UNSET
        elif isinstance(self.lists, list):
            lists = self.lists

        else:
            lists = self.lists

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

        tags: list[str] | None | Unset
        if isinstance(self.tags, Unset):
            tags = UNSET
        elif isinstance(self.tags, list):
            tags = self.tags

        else:
            tags = self.tags

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
            }
        )
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if consent is not UNSET:
            field_dict["consent"] = consent
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if force_subscribe is not UNSET:
            field_dict["force_subscribe"] = force_subscribe
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
        from ..models.consent_in import ConsentIn
        from ..models.subscriber_create_attributes_type_0 import SubscriberCreateAttributesType0

        d = dict(src_dict)
        email = d.pop("email")

        def _parse_attributes(data: object) -> None | SubscriberCreateAttributesType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                attributes_type_0 = SubscriberCreateAttributesType0.from_dict(data)

                return attributes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SubscriberCreateAttributesType0 | Unset, data)

        attributes = _parse_attributes(d.pop("attributes", UNSET))

        def _parse_consent(data: object) -> ConsentIn | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                consent_type_0 = ConsentIn.from_dict(data)

                return consent_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConsentIn | None | Unset, data)

        consent = _parse_consent(d.pop("consent", UNSET))

        def _parse_first_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        first_name = _parse_first_name(d.pop("first_name", UNSET))

        force_subscribe = d.pop("force_subscribe", UNSET)

        def _parse_last_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_name = _parse_last_name(d.pop("last_name", UNSET))

        def _parse_lists(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                lists_type_0 = cast(list[str], data)

                return lists_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        lists = _parse_lists(d.pop("lists", UNSET))

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

        def _parse_tags(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tags_type_0 = cast(list[str], data)

                return tags_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        tags = _parse_tags(d.pop("tags", UNSET))

        subscriber_create = cls(
            email=email,
            attributes=attributes,
            consent=consent,
            first_name=first_name,
            force_subscribe=force_subscribe,
            last_name=last_name,
            lists=lists,
            name=name,
            phone=phone,
            tags=tags,
        )

        return subscriber_create
