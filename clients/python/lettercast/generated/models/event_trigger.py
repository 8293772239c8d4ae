from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rules import Rules


T = TypeVar("T", bound="EventTrigger")


@_attrs_define
class EventTrigger:
    """
    Attributes:
        event (str): What happened, e.g. signed_up; segment rules read it as events.<name> (case-sensitive)
        type_ (Literal['event']):
        where (None | Rules | Unset): Rules on the event's properties (fields properties.<key>)
    """

    event: str
    type_: Literal["event"]
    where: None | Rules | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.rules import Rules

        event = self.event

        type_ = self.type_

        where: dict[str, Any] | None | Unset
        if isinstance(self.where, Unset):
            where = UNSET
        elif isinstance(self.where, Rules):
            where = self.where.to_dict()
        else:
            where = self.where

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "event": event,
                "type": type_,
            }
        )
        if where is not UNSET:
            field_dict["where"] = where

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.rules import Rules

        d = dict(src_dict)
        event = d.pop("event")

        type_ = cast(Literal["event"], d.pop("type"))
        if type_ != "event":
            raise ValueError(f"type must match const 'event', got '{type_}'")

        def _parse_where(data: object) -> None | Rules | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                where_type_0 = Rules.from_dict(data)

                return where_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Rules | Unset, data)

        where = _parse_where(d.pop("where", UNSET))

        event_trigger = cls(
            event=event,
            type_=type_,
            where=where,
        )

        return event_trigger
