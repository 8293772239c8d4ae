from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.submit_form_response_200_data_status import (
    SubmitFormResponse200DataStatus,
    check_submit_form_response_200_data_status,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="SubmitFormResponse200Data")


@_attrs_define
class SubmitFormResponse200Data:
    """
    Attributes:
        message (str):
        status (SubmitFormResponse200DataStatus):
        redirect_url (str | Unset):
    """

    message: str
    status: SubmitFormResponse200DataStatus
    redirect_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        status: str = self.status

        redirect_url = self.redirect_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message": message,
                "status": status,
            }
        )
        if redirect_url is not UNSET:
            field_dict["redirect_url"] = redirect_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        message = d.pop("message")

        status = check_submit_form_response_200_data_status(d.pop("status"))

        redirect_url = d.pop("redirect_url", UNSET)

        submit_form_response_200_data = cls(
            message=message,
            status=status,
            redirect_url=redirect_url,
        )

        submit_form_response_200_data.additional_properties = d
        return submit_form_response_200_data

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
