from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CampaignPreview")


@_attrs_define
class CampaignPreview:
    """
    Attributes:
        contact_id (str):
        email (str):
        html (str):
        missing_variables (list[str]): Tags the contact has no value for (rendered empty)
        subject (str):
        text (str):
    """

    contact_id: str
    email: str
    html: str
    missing_variables: list[str]
    subject: str
    text: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contact_id = self.contact_id

        email = self.email

        html = self.html

        missing_variables = self.missing_variables

        subject = self.subject

        text = self.text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contact_id": contact_id,
                "email": email,
                "html": html,
                "missing_variables": missing_variables,
                "subject": subject,
                "text": text,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        contact_id = d.pop("contact_id")

        email = d.pop("email")

        html = d.pop("html")

        missing_variables = cast(list[str], d.pop("missing_variables"))

        subject = d.pop("subject")

        text = d.pop("text")

        campaign_preview = cls(
            contact_id=contact_id,
            email=email,
            html=html,
            missing_variables=missing_variables,
            subject=subject,
            text=text,
        )

        campaign_preview.additional_properties = d
        return campaign_preview

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
