from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.test_body_variables_type_0 import TestBodyVariablesType0


T = TypeVar("T", bound="TestBody")


@_attrs_define
class TestBody:
    """
    Attributes:
        emails (list[str]):
        variables (None | TestBodyVariablesType0 | Unset): Fill tags an address's own contact values do not (they win)
    """

    emails: list[str]
    variables: None | TestBodyVariablesType0 | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.test_body_variables_type_0 import TestBodyVariablesType0

        emails = self.emails

        variables: dict[str, Any] | None | Unset
        if isinstance(self.variables, Unset):
            variables = UNSET
        elif isinstance(self.variables, TestBodyVariablesType0):
            variables = self.variables.to_dict()
        else:
            variables = self.variables

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "emails": emails,
            }
        )
        if variables is not UNSET:
            field_dict["variables"] = variables

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.test_body_variables_type_0 import TestBodyVariablesType0

        d = dict(src_dict)
        emails = cast(list[str], d.pop("emails"))

        def _parse_variables(data: object) -> None | TestBodyVariablesType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                variables_type_0 = TestBodyVariablesType0.from_dict(data)

                return variables_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TestBodyVariablesType0 | Unset, data)

        variables = _parse_variables(d.pop("variables", UNSET))

        test_body = cls(
            emails=emails,
            variables=variables,
        )

        return test_body
