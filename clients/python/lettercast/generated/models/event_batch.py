from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="EventBatch")


@_attrs_define
class EventBatch:
    """POST /v1/events/batch: each item is checked on its own, so a bad one never fails the others.

    Attributes:
        events (list[Any]): 1 to 100 events, each as the body of POST /v1/events
    """

    events: list[Any]

    def to_dict(self) -> dict[str, Any]:
        events = self.events

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "events": events,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        events = cast(list[Any], d.pop("events"))

        event_batch = cls(
            events=events,
        )

        return event_batch
