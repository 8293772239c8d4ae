from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.run_out_status import RunOutStatus, check_run_out_status
from ..types import UNSET, Unset

T = TypeVar("T", bound="RunOut")


@_attrs_define
class RunOut:
    """
    Attributes:
        contact_id (str):
        entered_at (str):
        status (RunOutStatus):
        step (int): Index of the step the run is at (the next to run, or the wait it is in)
        email (None | str | Unset):
        ended_at (None | str | Unset):
        entries (int | Unset): How many times the contact entered Default: 1.
        exit_reason (None | str | Unset):
        next_at (None | str | Unset): When a waiting run goes on
    """

    contact_id: str
    entered_at: str
    status: RunOutStatus
    step: int
    email: None | str | Unset = UNSET
    ended_at: None | str | Unset = UNSET
    entries: int | Unset = 1
    exit_reason: None | str | Unset = UNSET
    next_at: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contact_id = self.contact_id

        entered_at = self.entered_at

        status: str = self.status

        step = self.step

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        ended_at: None | str | Unset
        if isinstance(self.ended_at, Unset):
            ended_at = UNSET
        else:
            ended_at = self.ended_at

        entries = self.entries

        exit_reason: None | str | Unset
        if isinstance(self.exit_reason, Unset):
            exit_reason = UNSET
        else:
            exit_reason = self.exit_reason

        next_at: None | str | Unset
        if isinstance(self.next_at, Unset):
            next_at = UNSET
        else:
            next_at = self.next_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contact_id": contact_id,
                "entered_at": entered_at,
                "status": status,
                "step": step,
            }
        )
        if email is not UNSET:
            field_dict["email"] = email
        if ended_at is not UNSET:
            field_dict["ended_at"] = ended_at
        if entries is not UNSET:
            field_dict["entries"] = entries
        if exit_reason is not UNSET:
            field_dict["exit_reason"] = exit_reason
        if next_at is not UNSET:
            field_dict["next_at"] = next_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        contact_id = d.pop("contact_id")

        entered_at = d.pop("entered_at")

        status = check_run_out_status(d.pop("status"))

        step = d.pop("step")

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_ended_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ended_at = _parse_ended_at(d.pop("ended_at", UNSET))

        entries = d.pop("entries", UNSET)

        def _parse_exit_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        exit_reason = _parse_exit_reason(d.pop("exit_reason", UNSET))

        def _parse_next_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_at = _parse_next_at(d.pop("next_at", UNSET))

        run_out = cls(
            contact_id=contact_id,
            entered_at=entered_at,
            status=status,
            step=step,
            email=email,
            ended_at=ended_at,
            entries=entries,
            exit_reason=exit_reason,
            next_at=next_at,
        )

        run_out.additional_properties = d
        return run_out

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
