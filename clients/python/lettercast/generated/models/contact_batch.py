from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ContactBatch")


@_attrs_define
class ContactBatch:
    """POST /v1/contacts/batch: each item is checked on its own, so a bad one never fails the others.

    Attributes:
        contacts (list[Any]): 1 to 1000 contacts, each as the body of POST /v1/contacts
    """

    contacts: list[Any]

    def to_dict(self) -> dict[str, Any]:
        contacts = self.contacts

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "contacts": contacts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        contacts = cast(list[Any], d.pop("contacts"))

        contact_batch = cls(
            contacts=contacts,
        )

        return contact_batch
