from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.campaign_out_status import CampaignOutStatus, check_campaign_out_status
from ..types import UNSET, Unset

T = TypeVar("T", bound="CampaignOut")


@_attrs_define
class CampaignOut:
    """
    Attributes:
        created_at (str):
        id (str):
        list_id (str):
        sender_id (str):
        status (CampaignOutStatus):
        subject (str):
        title (str):
        updated_at (str):
        html (None | str | Unset):
        paused_reason (None | str | Unset):
        preview_text (None | str | Unset):
        resume_at (None | str | Unset):
        segment_ids (list[str] | Unset):
        send_at (None | str | Unset):
        sent_at (None | str | Unset):
        started_at (None | str | Unset):
        template_id (None | str | Unset):
        text (None | str | Unset):
        track_clicks (bool | Unset):  Default: True.
        track_opens (bool | Unset):  Default: True.
        utm_campaign (None | str | Unset):
    """

    created_at: str
    id: str
    list_id: str
    sender_id: str
    status: CampaignOutStatus
    subject: str
    title: str
    updated_at: str
    html: None | str | Unset = UNSET
    paused_reason: None | str | Unset = UNSET
    preview_text: None | str | Unset = UNSET
    resume_at: None | str | Unset = UNSET
    segment_ids: list[str] | Unset = UNSET
    send_at: None | str | Unset = UNSET
    sent_at: None | str | Unset = UNSET
    started_at: None | str | Unset = UNSET
    template_id: None | str | Unset = UNSET
    text: None | str | Unset = UNSET
    track_clicks: bool | Unset = True
    track_opens: bool | Unset = True
    utm_campaign: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at

        id = self.id

        list_id = self.list_id

        sender_id = self.sender_id

        status: str = self.status

        subject = self.subject

        title = self.title

        updated_at = self.updated_at

        html: None | str | Unset
        if isinstance(self.html, Unset):
            html = UNSET
        else:
            html = self.html

        paused_reason: None | str | Unset
        if isinstance(self.paused_reason, Unset):
            paused_reason = UNSET
        else:
            paused_reason = self.paused_reason

        preview_text: None | str | Unset
        if isinstance(self.preview_text, Unset):
            preview_text = UNSET
        else:
            preview_text = self.preview_text

        resume_at: None | str | Unset
        if isinstance(self.resume_at, Unset):
            resume_at = UNSET
        else:
            resume_at = self.resume_at

        segment_ids: list[str] | Unset = UNSET
        if not isinstance(self.segment_ids, Unset):
            segment_ids = self.segment_ids

        send_at: None | str | Unset
        if isinstance(self.send_at, Unset):
            send_at = UNSET
        else:
            send_at = self.send_at

        sent_at: None | str | Unset
        if isinstance(self.sent_at, Unset):
            sent_at = UNSET
        else:
            sent_at = self.sent_at

        started_at: None | str | Unset
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        else:
            started_at = self.started_at

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

        track_clicks = self.track_clicks

        track_opens = self.track_opens

        utm_campaign: None | str | Unset
        if isinstance(self.utm_campaign, Unset):
            utm_campaign = UNSET
        else:
            utm_campaign = self.utm_campaign

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "list_id": list_id,
                "sender_id": sender_id,
                "status": status,
                "subject": subject,
                "title": title,
                "updated_at": updated_at,
            }
        )
        if html is not UNSET:
            field_dict["html"] = html
        if paused_reason is not UNSET:
            field_dict["paused_reason"] = paused_reason
        if preview_text is not UNSET:
            field_dict["preview_text"] = preview_text
        if resume_at is not UNSET:
            field_dict["resume_at"] = resume_at
        if segment_ids is not UNSET:
            field_dict["segment_ids"] = segment_ids
        if send_at is not UNSET:
            field_dict["send_at"] = send_at
        if sent_at is not UNSET:
            field_dict["sent_at"] = sent_at
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if template_id is not UNSET:
            field_dict["template_id"] = template_id
        if text is not UNSET:
            field_dict["text"] = text
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
        created_at = d.pop("created_at")

        id = d.pop("id")

        list_id = d.pop("list_id")

        sender_id = d.pop("sender_id")

        status = check_campaign_out_status(d.pop("status"))

        subject = d.pop("subject")

        title = d.pop("title")

        updated_at = d.pop("updated_at")

        def _parse_html(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        html = _parse_html(d.pop("html", UNSET))

        def _parse_paused_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        paused_reason = _parse_paused_reason(d.pop("paused_reason", UNSET))

        def _parse_preview_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        preview_text = _parse_preview_text(d.pop("preview_text", UNSET))

        def _parse_resume_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        resume_at = _parse_resume_at(d.pop("resume_at", UNSET))

        segment_ids = cast(list[str], d.pop("segment_ids", UNSET))

        def _parse_send_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        send_at = _parse_send_at(d.pop("send_at", UNSET))

        def _parse_sent_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sent_at = _parse_sent_at(d.pop("sent_at", UNSET))

        def _parse_started_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        started_at = _parse_started_at(d.pop("started_at", UNSET))

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

        track_clicks = d.pop("track_clicks", UNSET)

        track_opens = d.pop("track_opens", UNSET)

        def _parse_utm_campaign(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        utm_campaign = _parse_utm_campaign(d.pop("utm_campaign", UNSET))

        campaign_out = cls(
            created_at=created_at,
            id=id,
            list_id=list_id,
            sender_id=sender_id,
            status=status,
            subject=subject,
            title=title,
            updated_at=updated_at,
            html=html,
            paused_reason=paused_reason,
            preview_text=preview_text,
            resume_at=resume_at,
            segment_ids=segment_ids,
            send_at=send_at,
            sent_at=sent_at,
            started_at=started_at,
            template_id=template_id,
            text=text,
            track_clicks=track_clicks,
            track_opens=track_opens,
            utm_campaign=utm_campaign,
        )

        campaign_out.additional_properties = d
        return campaign_out

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
