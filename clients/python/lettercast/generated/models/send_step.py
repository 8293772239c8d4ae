from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SendStep")


@_attrs_define
class SendStep:
    """
    Attributes:
        sender_id (str):
        type_ (Literal['send']):
        html (None | str | Unset):
        subject (None | str | Unset):
        template_id (None | str | Unset):
        text (None | str | Unset):
        track_clicks (bool | Unset):  Default: True.
        track_opens (bool | Unset):  Default: True.
    """

    sender_id: str
    type_: Literal["send"]
    html: None | str | Unset = UNSET
    subject: None | str | Unset = UNSET
    template_id: None | str | Unset = UNSET
    text: None | str | Unset = UNSET
    track_clicks: bool | Unset = True
    track_opens: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        sender_id = self.sender_id

        type_ = self.type_

        html: None | str | Unset
        if isinstance(self.html, Unset):
            html = UNSET
        else:
            html = self.html

        subject: None | str | Unset
        if isinstance(self.subject, Unset):
            subject = UNSET
        else:
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

        track_clicks = self.track_clicks

        track_opens = self.track_opens

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sender_id": sender_id,
                "type": type_,
            }
        )
        if html is not UNSET:
            field_dict["html"] = html
        if subject is not UNSET:
            field_dict["subject"] = subject
        if template_id is not UNSET:
            field_dict["template_id"] = template_id
        if text is not UNSET:
            field_dict["text"] = text
        if track_clicks is not UNSET:
            field_dict["track_clicks"] = track_clicks
        if track_opens is not UNSET:
            field_dict["track_opens"] = track_opens

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        sender_id = d.pop("sender_id")

        type_ = cast(Literal["send"], d.pop("type"))
        if type_ != "send":
            raise ValueError(f"type must match const 'send', got '{type_}'")

        def _parse_html(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        html = _parse_html(d.pop("html", UNSET))

        def _parse_subject(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        subject = _parse_subject(d.pop("subject", UNSET))

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

        send_step = cls(
            sender_id=sender_id,
            type_=type_,
            html=html,
            subject=subject,
            template_id=template_id,
            text=text,
            track_clicks=track_clicks,
            track_opens=track_opens,
        )

        return send_step
