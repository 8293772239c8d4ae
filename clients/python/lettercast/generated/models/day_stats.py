from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DayStats")


@_attrs_define
class DayStats:
    """
    Attributes:
        added (int):
        bounced (int):
        date (str):
        deleted (int):
        sum_ (int): Contacts at the end of the day
        unsubscribed (int):
    """

    added: int
    bounced: int
    date: str
    deleted: int
    sum_: int
    unsubscribed: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        added = self.added

        bounced = self.bounced

        date = self.date

        deleted = self.deleted

        sum_ = self.sum_

        unsubscribed = self.unsubscribed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "added": added,
                "bounced": bounced,
                "date": date,
                "deleted": deleted,
                "sum": sum_,
                "unsubscribed": unsubscribed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        added = d.pop("added")

        bounced = d.pop("bounced")

        date = d.pop("date")

        deleted = d.pop("deleted")

        sum_ = d.pop("sum")

        unsubscribed = d.pop("unsubscribed")

        day_stats = cls(
            added=added,
            bounced=bounced,
            date=date,
            deleted=deleted,
            sum_=sum_,
            unsubscribed=unsubscribed,
        )

        day_stats.additional_properties = d
        return day_stats

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
