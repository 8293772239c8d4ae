from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CampaignPatch")


@_attrs_define
class CampaignPatch:
    """
    Attributes:
        html (None | str | Unset):
        list_id (str | Unset):
        preview_text (None | str | Unset):
        segment_ids (list[str] | None | Unset): Only list subscribers in at least one of these segments
        sender_id (str | Unset):
        subject (str | Unset):
        template_id (None | str | Unset):
        text (None | str | Unset):
        title (str | Unset):
        track_clicks (bool | None | Unset):
        track_opens (bool | None | Unset):
        utm_campaign (None | str | Unset):
    """

    html: None | str | Unset = UNSET
    list_id: str | Unset = UNSET
    preview_text: None | str | Unset = UNSET
    segment_ids: list[str] | None | Unset = UNSET
    sender_id: str | Unset = UNSET
    subject: str | Unset = UNSET
    template_id: None | str | Unset = UNSET
    text: None | str | Unset = UNSET
    title: str | Unset = UNSET
    track_clicks: bool | None | Unset = UNSET
    track_opens: bool | None | Unset = UNSET
    utm_campaign: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        html: None | str | Unset
        if isinstance(self.html, Unset):
            html = UNSET
        else:
            html = self.html

        list_id = self.list_id

        preview_text: None | str | Unset
        if isinstance(self.preview_text, Unset):
            preview_text = UNSET
        else:
            preview_text = self.preview_text

        segment_ids: list[str] | None | Unset
        if isinstance(self.segment_ids, Unset):
            segment_ids = UNSET
        elif isinstance(self.segment_ids, list):
            segment_ids = self.segment_ids

        else:
            segment_ids = self.segment_ids

        sender_id = self.sender_id

        subject = self.subject

        template_id: None | str | Unset
        if isinstance(self.template_id, Unset):
            template_id = UNSET
        else:
            template_id = self.template_id

        text: None | str | Unset
        if isinstance(self.text, Unset):
            text = UNSET
        else:
            text = self.text

        title = self.title

        track_clicks: bool | None | Unset
        if isinstance(self.track_clicks, Unset):
            track_clicks = UNSET
        else:
            track_clicks = self.track_clicks

        track_opens: bool | None | Unset
        if isinstance(self.track_opens, Unset):
            track_opens = UNSET
        else:
            track_opens = self.track_opens

        utm_campaign: None | str | Unset
        if isinstance(self.utm_campaign, Unset):
            utm_campaign = UNSET
        else:
            utm_campaign = self.utm_campaign

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if html is not UNSET:
            field_dict["html"] = html
        if list_id is not UNSET:
            field_dict["list_id"] = list_id
        if preview_text is not UNSET:
            field_dict["preview_text"] = preview_text
        if segment_ids is not UNSET:
            field_dict["segment_ids"] = segment_ids
        if sender_id is not UNSET:
            field_dict["sender_id"] = sender_id
        if subject is not UNSET:
            field_dict["subject"] = subject
        if template_id is not UNSET:
            field_dict["template_id"] = template_id
        if text is not UNSET:
            field_dict["text"] = text
        if title is not UNSET:
            field_dict["title"] = title
        if track_clicks is not UNSET:
            field_dict["track_clicks"] = track_clicks
        if track_opens is not UNSET:
            field_dict["track_opens"] = track_opens
        if utm_campaign is not UNSET:
            field_dict["utm_campaign"] = utm_campaign

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_html(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        html = _parse_html(d.pop("html", UNSET))

        list_id = d.pop("list_id", UNSET)

        def _parse_preview_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        preview_text = _parse_preview_text(d.pop("preview_text", UNSET))

        def _parse_segment_ids(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                segment_ids_type_0 = cast(list[str], data)

                return segment_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        segment_ids = _parse_segment_ids(d.pop("segment_ids", UNSET))

        sender_id = d.pop("sender_id", UNSET)

        subject = d.pop("subject", UNSET)

        def _parse_template_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        template_id = _parse_template_id(d.pop("template_id", UNSET))

        def _parse_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        text = _parse_text(d.pop("text", UNSET))

        title = d.pop("title", UNSET)

        def _parse_track_clicks(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        track_clicks = _parse_track_clicks(d.pop("track_clicks", UNSET))

        def _parse_track_opens(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        track_opens = _parse_track_opens(d.pop("track_opens", UNSET))

        def _parse_utm_campaign(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        utm_campaign = _parse_utm_campaign(d.pop("utm_campaign", UNSET))

        campaign_patch = cls(
            html=html,
            list_id=list_id,
            preview_text=preview_text,
            segment_ids=segment_ids,
            sender_id=sender_id,
            subject=subject,
            template_id=template_id,
            text=text,
            title=title,
            track_clicks=track_clicks,
            track_opens=track_opens,
            utm_campaign=utm_campaign,
        )

        return campaign_patch
