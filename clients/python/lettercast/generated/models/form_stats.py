from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="FormStats")


@_attrs_define
class FormStats:
    """
    Attributes:
        confirmed (int): Subscriptions completed: at once, or when the link was clicked
        conversion_rate (float): submissions / views, 0 without views
        submissions (int): Signups accepted (not bots, not refused)
        views (int): Hosted page views
    """

    confirmed: int
    conversion_rate: float
    submissions: int
    views: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        confirmed = self.confirmed

        conversion_rate = self.conversion_rate

        submissions = self.submissions

        views = self.views

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "confirmed": confirmed,
                "conversion_rate": conversion_rate,
                "submissions": submissions,
                "views": views,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        confirmed = d.pop("confirmed")

        conversion_rate = d.pop("conversion_rate")

        submissions = d.pop("submissions")

        views = d.pop("views")

        form_stats = cls(
            confirmed=confirmed,
            conversion_rate=conversion_rate,
            submissions=submissions,
            views=views,
        )

        form_stats.additional_properties = d
        return form_stats

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
