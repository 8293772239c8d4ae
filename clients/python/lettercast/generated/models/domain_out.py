from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.domain_out_ownership import DomainOutOwnership, check_domain_out_ownership
from ..models.domain_out_status import DomainOutStatus, check_domain_out_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.dns_record import DnsRecord


T = TypeVar("T", bound="DomainOut")


@_attrs_define
class DomainOut:
    """
    Attributes:
        created_at (str):
        dns_records (list[DnsRecord]):
        domain (str):
        expires_at (None | str): When an unproven claim expires; null once proven
        id (str):
        ownership (DomainOutOwnership): `proven` once the `ownership` TXT record of this workspace is published (keep
            it); `expired` when it was not within 72 h of adding the domain; `taken` while another workspace owns it
        status (DomainOutStatus): `verified` once this workspace owns the domain and SES verified it
        updated_at (str):
        dkim_status (None | str | Unset):
    """

    created_at: str
    dns_records: list[DnsRecord]
    domain: str
    expires_at: None | str
    id: str
    ownership: DomainOutOwnership
    status: DomainOutStatus
    updated_at: str
    dkim_status: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at

        dns_records = []
        for dns_records_item_data in self.dns_records:
            dns_records_item = dns_records_item_data.to_dict()
            dns_records.append(dns_records_item)

        domain = self.domain

        expires_at: None | str
        expires_at = self.expires_at

        id = self.id

        ownership: str = self.ownership

        status: str = self.status

        updated_at = self.updated_at

        dkim_status: None | str | Unset
        if isinstance(self.dkim_status, Unset):
            dkim_status = UNSET
        else:
            dkim_status = self.dkim_status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "dns_records": dns_records,
                "domain": domain,
                "expires_at": expires_at,
                "id": id,
                "ownership": ownership,
                "status": status,
                "updated_at": updated_at,
            }
        )
        if dkim_status is not UNSET:
            field_dict["dkim_status"] = dkim_status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.dns_record import DnsRecord

        d = dict(src_dict)
        created_at = d.pop("created_at")

        dns_records = []
        _dns_records = d.pop("dns_records")
        for dns_records_item_data in _dns_records:
            dns_records_item = DnsRecord.from_dict(dns_records_item_data)

            dns_records.append(dns_records_item)

        domain = d.pop("domain")

        def _parse_expires_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))

        id = d.pop("id")

        ownership = check_domain_out_ownership(d.pop("ownership"))

        status = check_domain_out_status(d.pop("status"))

        updated_at = d.pop("updated_at")

        def _parse_dkim_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        dkim_status = _parse_dkim_status(d.pop("dkim_status", UNSET))

        domain_out = cls(
            created_at=created_at,
            dns_records=dns_records,
            domain=domain,
            expires_at=expires_at,
            id=id,
            ownership=ownership,
            status=status,
            updated_at=updated_at,
            dkim_status=dkim_status,
        )

        domain_out.additional_properties = d
        return domain_out

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
