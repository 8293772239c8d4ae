from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.list_import_in_mapping_type_0 import ListImportInMappingType0


T = TypeVar("T", bound="ListImportIn")


@_attrs_define
class ListImportIn:
    """POST /v1/imports (JSON): a job waiting for its file, uploaded to `upload_url`.

    Attributes:
        mapping (ListImportInMappingType0 | None | Unset): Column header -> "email", "first_name", "last_name", "name",
            "phone", "tags", "attributes.<key>", or "" to ignore the column; columns not named are recognized by their
            header
        tags (list[str] | None | Unset): Added to every row's contact
        update_existing (bool | Unset): false: rows of existing contacts are skipped Default: True.
    """

    mapping: ListImportInMappingType0 | None | Unset = UNSET
    tags: list[str] | None | Unset = UNSET
    update_existing: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        from ..models.list_import_in_mapping_type_0 import ListImportInMappingType0

        mapping: dict[str, Any] | None | Unset
        if isinstance(self.mapping, Unset):
            mapping = UNSET
        elif isinstance(self.mapping, ListImportInMappingType0):
            mapping = self.mapping.to_dict()
        else:
            mapping = self.mapping

        tags: list[str] | None | Unset
        if isinstance(self.tags, Unset):
            tags = UNSET
        elif isinstance(self.tags, list):
            tags = self.tags

        else:
            tags = self.tags

        update_existing = self.update_existing

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if mapping is not UNSET:
            field_dict["mapping"] = mapping
        if tags is not UNSET:
            field_dict["tags"] = tags
        if update_existing is not UNSET:
            field_dict["update_existing"] = update_existing

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.list_import_in_mapping_type_0 import ListImportInMappingType0

        d = dict(src_dict)

        def _parse_mapping(data: object) -> ListImportInMappingType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                mapping_type_0 = ListImportInMappingType0.from_dict(data)

                return mapping_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ListImportInMappingType0 | None | Unset, data)

        mapping = _parse_mapping(d.pop("mapping", UNSET))

        def _parse_tags(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tags_type_0 = cast(list[str], data)

                return tags_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        tags = _parse_tags(d.pop("tags", UNSET))

        update_existing = d.pop("update_existing", UNSET)

        list_import_in = cls(
            mapping=mapping,
            tags=tags,
            update_existing=update_existing,
        )

        return list_import_in
