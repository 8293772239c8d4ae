from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.render_body_variables_type_0 import RenderBodyVariablesType0


T = TypeVar("T", bound="RenderBody")


@_attrs_define
class RenderBody:
    """
    Attributes:
        contact_id (None | str | Unset):
        variables (None | RenderBodyVariablesType0 | Unset):
    """

    contact_id: None | str | Unset = UNSET
    variables: None | RenderBodyVariablesType0 | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.render_body_variables_type_0 import RenderBodyVariablesType0

        contact_id: None | str | Unset
        if isinstance(self.contact_id, Unset):
            contact_id = UNSET
        else:
            contact_id = self.contact_id

        variables: dict[str, Any] | None | Unset
        if isinstance(self.variables, Unset):
            variables = UNSET
        elif isinstance(self.variables, RenderBodyVariablesType0):
            variables = self.variables.to_dict()
        else:
            variables = self.variables

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if contact_id is not UNSET:
            field_dict["contact_id"] = contact_id
        if variables is not UNSET:
            field_dict["variables"] = variables

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.render_body_variables_type_0 import RenderBodyVariablesType0

        d = dict(src_dict)

        def _parse_contact_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        contact_id = _parse_contact_id(d.pop("contact_id", UNSET))

        def _parse_variables(data: object) -> None | RenderBodyVariablesType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                variables_type_0 = RenderBodyVariablesType0.from_dict(data)

                return variables_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RenderBodyVariablesType0 | Unset, data)

        variables = _parse_variables(d.pop("variables", UNSET))

        render_body = cls(
            contact_id=contact_id,
            variables=variables,
        )

        return render_body
