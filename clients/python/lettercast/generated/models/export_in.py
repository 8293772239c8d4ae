from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ExportIn")


@_attrs_define
class ExportIn:
    """POST /v1/exports: exactly one of list_id, segment_id and campaign_id.

    Attributes:
        campaign_id (None | str | Unset): Every recipient of the campaign, with its state
        format_ (Literal['csv'] | Unset):  Default: 'csv'.
        list_id (None | str | Unset): Every member of the list, with its status on it
        segment_id (None | str | Unset): Every member of the segment
    """

    campaign_id: None | str | Unset = UNSET
    format_: Literal["csv"] | Unset = "csv"
    list_id: None | str | Unset = UNSET
    segment_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        campaign_id: None | str | Unset
        if isinstance(self.campaign_id, Unset):
            campaign_id = UNSET
        else:
            campaign_id = self.campaign_id

        format_ = self.format_

        list_id: None | str | Unset
        if isinstance(self.list_id, Unset):
            list_id = UNSET
        else:
            list_id = self.list_id

        segment_id: None | str | Unset
        if isinstance(self.segment_id, Unset):
            segment_id = UNSET
        else:
            segment_id = self.segment_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if campaign_id is not UNSET:
            field_dict["campaign_id"] = campaign_id
        if format_ is not UNSET:
            field_dict["format"] = format_
        if list_id is not UNSET:
            field_dict["list_id"] = list_id
        if segment_id is not UNSET:
            field_dict["segment_id"] = segment_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_campaign_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        campaign_id = _parse_campaign_id(d.pop("campaign_id", UNSET))

        format_ = cast(Literal["csv"] | Unset, d.pop("format", UNSET))
        if format_ != "csv" and not isinstance(format_, Unset):
            raise ValueError(f"format must match const 'csv', got '{format_}'")

        def _parse_list_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        list_id = _parse_list_id(d.pop("list_id", UNSET))

        def _parse_segment_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        segment_id = _parse_segment_id(d.pop("segment_id", UNSET))

        export_in = cls(
            campaign_id=campaign_id,
            format_=format_,
            list_id=list_id,
            segment_id=segment_id,
        )

        return export_in
