from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.import_out_status import ImportOutStatus, check_import_out_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.import_out_mapping_type_0 import ImportOutMappingType0
    from ..models.job_error import JobError
    from ..models.row_error import RowError


T = TypeVar("T", bound="ImportOut")


@_attrs_define
class ImportOut:
    """
    Attributes:
        created_at (str):
        id (str):
        status (ImportOutStatus):
        chunks_done (int | Unset):  Default: 0.
        chunks_total (int | None | Unset):
        completed_at (None | str | Unset):
        created (int | Unset):  Default: 0.
        error (JobError | None | Unset): Why the whole file was refused
        errors (list[RowError] | Unset): The first 100 rejected rows
        errors_url (None | str | Unset): A CSV of every rejected row (1 hour)
        failed_rows (int | Unset):  Default: 0.
        list_id (None | str | Unset):
        mapping (ImportOutMappingType0 | None | Unset):
        num_contacts (int | None | Unset): Rows that made, changed or matched a contact (created + updated + unchanged)
        processed_rows (int | Unset):  Default: 0.
        size_bytes (int | None | Unset):
        skipped (int | Unset): Existing contacts left alone, and repeats of an email Default: 0.
        tags (list[str] | Unset):
        total_rows (int | None | Unset): Known when the import completes
        unchanged (int | Unset):  Default: 0.
        update_existing (bool | Unset):  Default: True.
        updated (int | Unset):  Default: 0.
        upload_url (None | str | Unset): Where to PUT the file (Content-Type: text/csv), once
    """

    created_at: str
    id: str
    status: ImportOutStatus
    chunks_done: int | Unset = 0
    chunks_total: int | None | Unset = UNSET
    completed_at: None | str | Unset = UNSET
    created: int | Unset = 0
    error: JobError | None | Unset = UNSET
    errors: list[RowError] | Unset = UNSET
    errors_url: None | str | Unset = UNSET
    failed_rows: int | Unset = 0
    list_id: None | str | Unset = UNSET
    mapping: ImportOutMappingType0 | None | Unset = UNSET
    num_contacts: int | None | Unset = UNSET
    processed_rows: int | Unset = 0
    size_bytes: int | None | Unset = UNSET
    skipped: int | Unset = 0
    tags: list[str] | Unset = UNSET
    total_rows: int | None | Unset = UNSET
    unchanged: int | Unset = 0
    update_existing: bool | Unset = True
    updated: int | Unset = 0
    upload_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.import_out_mapping_type_0 import ImportOutMappingType0
        from ..models.job_error import JobError

        created_at = self.created_at

        id = self.id

        status: str = self.status

        chunks_done = self.chunks_done

        chunks_total: int | None | Unset
        if isinstance(self.chunks_total, Unset):
            chunks_total = UNSET
        else:
            chunks_total = self.chunks_total

        completed_at: None | str | Unset
        if isinstance(self.completed_at, Unset):
            completed_at = UNSET
        else:
            completed_at = self.completed_at

        created = self.created

        error: dict[str, Any] | None | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        elif isinstance(self.error, JobError):
            error = self.error.to_dict()
        else:
            error = self.error

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        errors_url: None | str | Unset
        if isinstance(self.errors_url, Unset):
            errors_url = UNSET
        else:
            errors_url = self.errors_url

        failed_rows = self.failed_rows

        list_id: None | str | Unset
        if isinstance(self.list_id, Unset):
            list_id = UNSET
        else:
            list_id = self.list_id

        mapping: dict[str, Any] | None | Unset
        if isinstance(self.mapping, Unset):
            mapping = UNSET
        elif isinstance(self.mapping, ImportOutMappingType0):
            mapping = self.mapping.to_dict()
        else:
            mapping = self.mapping

        num_contacts: int | None | Unset
        if isinstance(self.num_contacts, Unset):
            num_contacts = UNSET
        else:
            num_contacts = self.num_contacts

        processed_rows = self.processed_rows

        size_bytes: int | None | Unset
        if isinstance(self.size_bytes, Unset):
            size_bytes = UNSET
        else:
            size_bytes = self.size_bytes

        skipped = self.skipped

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        total_rows: int | None | Unset
        if isinstance(self.total_rows, Unset):
            total_rows = UNSET
        else:
            total_rows = self.total_rows

        unchanged = self.unchanged

        update_existing = self.update_existing

        updated = self.updated

        upload_url: None | str | Unset
        if isinstance(self.upload_url, Unset):
            upload_url = UNSET
        else:
            upload_url = self.upload_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "status": status,
            }
        )
        if chunks_done is not UNSET:
            field_dict["chunks_done"] = chunks_done
        if chunks_total is not UNSET:
            field_dict["chunks_total"] = chunks_total
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if created is not UNSET:
            field_dict["created"] = created
        if error is not UNSET:
            field_dict["error"] = error
        if errors is not UNSET:
            field_dict["errors"] = errors
        if errors_url is not UNSET:
            field_dict["errors_url"] = errors_url
        if failed_rows is not UNSET:
            field_dict["failed_rows"] = failed_rows
        if list_id is not UNSET:
            field_dict["list_id"] = list_id
        if mapping is not UNSET:
            field_dict["mapping"] = mapping
        if num_contacts is not UNSET:
            field_dict["num_contacts"] = num_contacts
        if processed_rows is not UNSET:
            field_dict["processed_rows"] = processed_rows
        if size_bytes is not UNSET:
            field_dict["size_bytes"] = size_bytes
        if skipped is not UNSET:
            field_dict["skipped"] = skipped
        if tags is not UNSET:
            field_dict["tags"] = tags
        if total_rows is not UNSET:
            field_dict["total_rows"] = total_rows
        if unchanged is not UNSET:
            field_dict["unchanged"] = unchanged
        if update_existing is not UNSET:
            field_dict["update_existing"] = update_existing
        if updated is not UNSET:
            field_dict["updated"] = updated
        if upload_url is not UNSET:
            field_dict["upload_url"] = upload_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.import_out_mapping_type_0 import ImportOutMappingType0
        from ..models.job_error import JobError
        from ..models.row_error import RowError

        d = dict(src_dict)
        created_at = d.pop("created_at")

        id = d.pop("id")

        status = check_import_out_status(d.pop("status"))

        chunks_done = d.pop("chunks_done", UNSET)

        def _parse_chunks_total(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        chunks_total = _parse_chunks_total(d.pop("chunks_total", UNSET))

        def _parse_completed_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        completed_at = _parse_completed_at(d.pop("completed_at", UNSET))

        created = d.pop("created", UNSET)

        def _parse_error(data: object) -> JobError | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = JobError.from_dict(data)

                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobError | None | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        _errors = d.pop("errors", UNSET)
        errors: list[RowError] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = RowError.from_dict(errors_item_data)

                errors.append(errors_item)

        def _parse_errors_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        errors_url = _parse_errors_url(d.pop("errors_url", UNSET))

        failed_rows = d.pop("failed_rows", UNSET)

        def _parse_list_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        list_id = _parse_list_id(d.pop("list_id", UNSET))

        def _parse_mapping(data: object) -> ImportOutMappingType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                mapping_type_0 = ImportOutMappingType0.from_dict(data)

                return mapping_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImportOutMappingType0 | None | Unset, data)

        mapping = _parse_mapping(d.pop("mapping", UNSET))

        def _parse_num_contacts(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        num_contacts = _parse_num_contacts(d.pop("num_contacts", UNSET))

        processed_rows = d.pop("processed_rows", UNSET)

        def _parse_size_bytes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        size_bytes = _parse_size_bytes(d.pop("size_bytes", UNSET))

        skipped = d.pop("skipped", UNSET)

        tags = cast(list[str], d.pop("tags", UNSET))

        def _parse_total_rows(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        total_rows = _parse_total_rows(d.pop("total_rows", UNSET))

        unchanged = d.pop("unchanged", UNSET)

        update_existing = d.pop("update_existing", UNSET)

        updated = d.pop("updated", UNSET)

        def _parse_upload_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        upload_url = _parse_upload_url(d.pop("upload_url", UNSET))

        import_out = cls(
            created_at=created_at,
            id=id,
            status=status,
            chunks_done=chunks_done,
            chunks_total=chunks_total,
            completed_at=completed_at,
            created=created,
            error=error,
            errors=errors,
            errors_url=errors_url,
            failed_rows=failed_rows,
            list_id=list_id,
            mapping=mapping,
            num_contacts=num_contacts,
            processed_rows=processed_rows,
            size_bytes=size_bytes,
            skipped=skipped,
            tags=tags,
            total_rows=total_rows,
            unchanged=unchanged,
            update_existing=update_existing,
            updated=updated,
            upload_url=upload_url,
        )

        import_out.additional_properties = d
        return import_out

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
