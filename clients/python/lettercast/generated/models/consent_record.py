from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ConsentRecord")


@_attrs_define
class ConsentRecord:
    """One opt-in, as it happened: kept until the contact is erased, never rewritten (a confirmation is
    added to its record once).

        Attributes:
            consented_at (str):
            double_opt_in (bool):
            id (str):
            list_id (str):
            source (str): api, form:<form_id>, preferences or import:<import_id>
            confirm_ip (None | str | Unset):
            confirmed_at (None | str | Unset):
            consent_text (None | str | Unset):
            ip (None | str | Unset):
            user_agent (None | str | Unset):
    """

    consented_at: str
    double_opt_in: bool
    id: str
    list_id: str
    source: str
    confirm_ip: None | str | Unset = UNSET
    confirmed_at: None | str | Unset = UNSET
    consent_text: None | str | Unset = UNSET
    ip: None | str | Unset = UNSET
    user_agent: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        consented_at = self.consented_at

        double_opt_in = self.double_opt_in

        id = self.id

        list_id = self.list_id

        source = self.source

        confirm_ip: None | str | Unset
        if isinstance(self.confirm_ip, Unset):
            confirm_ip = UNSET
        else:
            confirm_ip = self.confirm_ip

        confirmed_at: None | str | Unset
        if isinstance(self.confirmed_at, Unset):
            confirmed_at = UNSET
        else:
            confirmed_at = self.confirmed_at

        consent_text: None | str | Unset
        if isinstance(self.consent_text, Unset):
            consent_text = UNSET
        else:
            consent_text = self.consent_text

        ip: None | str | Unset
        if isinstance(self.ip, Unset):
            ip = UNSET
        else:
            ip = self.ip

        user_agent: None | str | Unset
        if isinstance(self.user_agent, Unset):
            user_agent = UNSET
        else:
            user_agent = self.user_agent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "consented_at": consented_at,
                "double_opt_in": double_opt_in,
                "id": id,
                "list_id": list_id,
                "source": source,
            }
        )
        if confirm_ip is not UNSET:
            field_dict["confirm_ip"] = confirm_ip
        if confirmed_at is not UNSET:
            field_dict["confirmed_at"] = confirmed_at
        if consent_text is not UNSET:
            field_dict["consent_text"] = consent_text
        if ip is not UNSET:
            field_dict["ip"] = ip
        if user_agent is not UNSET:
            field_dict["user_agent"] = user_agent

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        consented_at = d.pop("consented_at")

        double_opt_in = d.pop("double_opt_in")

        id = d.pop("id")

        list_id = d.pop("list_id")

        source = d.pop("source")

        def _parse_confirm_ip(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        confirm_ip = _parse_confirm_ip(d.pop("confirm_ip", UNSET))

        def _parse_confirmed_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        confirmed_at = _parse_confirmed_at(d.pop("confirmed_at", UNSET))

        def _parse_consent_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        consent_text = _parse_consent_text(d.pop("consent_text", UNSET))

        def _parse_ip(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ip = _parse_ip(d.pop("ip", UNSET))

        def _parse_user_agent(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_agent = _parse_user_agent(d.pop("user_agent", UNSET))

        consent_record = cls(
            consented_at=consented_at,
            double_opt_in=double_opt_in,
            id=id,
            list_id=list_id,
            source=source,
            confirm_ip=confirm_ip,
            confirmed_at=confirmed_at,
            consent_text=consent_text,
            ip=ip,
            user_agent=user_agent,
        )

        consent_record.additional_properties = d
        return consent_record

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
