from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.account_out import AccountOut
    from ..models.api_key_created import ApiKeyCreated


T = TypeVar("T", bound="WorkspaceCreated")


@_attrs_define
class WorkspaceCreated:
    """
    Attributes:
        key (ApiKeyCreated):
        workspace (AccountOut):
    """

    key: ApiKeyCreated
    workspace: AccountOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key = self.key.to_dict()

        workspace = self.workspace.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "key": key,
                "workspace": workspace,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.account_out import AccountOut
        from ..models.api_key_created import ApiKeyCreated

        d = dict(src_dict)
        key = ApiKeyCreated.from_dict(d.pop("key"))

        workspace = AccountOut.from_dict(d.pop("workspace"))

        workspace_created = cls(
            key=key,
            workspace=workspace,
        )

        workspace_created.additional_properties = d
        return workspace_created

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
