"""django-import-export glue for attendee spreadsheets: the resource with the contract's
columns and the file formats the admin offers.

The library's row-by-row import (an instance, a diff and five queries per row) runs at about
a thirtieth of a set-based loader, so `DelegateResource.import_data` hands the whole dataset
to `imports.delegates_import`, and export streams from one query (`exports.py`). The admin
and the commands all go through this resource: one import path, one export path.
"""

from __future__ import annotations

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.formats import base_formats
from import_export.results import Result, RowResult

from delegations.models import Delegate
from delegations.spreadsheets.checking import COLUMNS, ImportReport, delegates_import
from delegations.spreadsheets.exports import EXPORT_COLUMNS, AgendaLinkBuilder, delegate_rows
from delegations.spreadsheets.reading import AttendeeDataset, neutralise, read_sheet
from summits.models import Summit


class AttendeeImportResult(Result):
    """import-export's Result, filled from an ImportReport (no per-row results are kept)."""

    def __init__(self, report: ImportReport):
        super().__init__()
        self.report = report
        self.total_rows = report.rows
        self.totals[RowResult.IMPORT_TYPE_NEW] = report.new
        self.totals[RowResult.IMPORT_TYPE_UPDATE] = report.updated
        self.totals[RowResult.IMPORT_TYPE_SKIP] = report.unchanged
        self.totals[RowResult.IMPORT_TYPE_INVALID] = len(report.errors)

    def has_errors(self) -> bool:
        return False

    def has_validation_errors(self) -> bool:
        return self.report.has_errors


class DelegateResource(resources.ModelResource):
    """One row per delegate of one summit, identified by (summit, lower-cased email)."""

    email = fields.Field(attribute="email", column_name="email")
    full_name_en = fields.Field(attribute="full_name_en", column_name="full_name_en")
    full_name_zh_hans = fields.Field(attribute="full_name_zh_hans", column_name="full_name_zh_hans")
    full_name_ar = fields.Field(attribute="full_name_ar", column_name="full_name_ar")
    country = fields.Field(attribute="locality__country", column_name="country")
    region = fields.Field(attribute="locality__region_en", column_name="region")
    city = fields.Field(attribute="locality__city_en", column_name="city")
    delegation = fields.Field(attribute="delegation__name_en", column_name="delegation")
    organisation = fields.Field(attribute="organisation", column_name="organisation")
    position = fields.Field(attribute="position", column_name="position")
    role = fields.Field(attribute="role", column_name="role")
    status = fields.Field(attribute="status", column_name="status")

    class Meta:
        model = Delegate
        fields = COLUMNS
        export_order = COLUMNS
        import_id_fields = ("email",)
        # Documentation of intent for the library's own path, which import_data replaces.
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True

    def __init__(self, summit: Summit | None = None, **kwargs):
        super().__init__(**kwargs)
        self.summit = summit

    @classmethod
    def get_display_name(cls) -> str:
        return str(_("Delegates"))

    def import_data(
        self,
        dataset: tablib.Dataset,
        dry_run: bool = False,
        raise_errors: bool = False,
        use_transactions: bool | None = None,
        collect_failed_rows: bool = False,
        rollback_on_validation_errors: bool = False,
        **kwargs,
    ) -> AttendeeImportResult:
        """Validate all rows; write nothing if any is wrong or on a dry run. `user` (as
        import-export passes it) is recorded as the author of the status changes."""
        if self.summit is None:
            raise ValueError("DelegateResource needs the summit to import into.")
        report = delegates_import(
            summit=self.summit,
            dataset=dataset,
            dry_run=dry_run,
            progress=kwargs.get("progress"),
            by=kwargs.get("user"),
        )
        if raise_errors and report.has_errors:
            raise ValidationError([str(error) for error in report.errors])
        return AttendeeImportResult(report)

    def export(self, queryset=None, **kwargs) -> tablib.Dataset:
        """The delegates as a tablib Dataset, cells neutralised, with their agenda links
        made absolute by `absolute_url` (e.g. `request.build_absolute_uri`) when given.
        Files are better written with `exports.delegates_export`, which streams."""
        queryset = self.get_queryset() if queryset is None else queryset
        dataset = tablib.Dataset(headers=list(EXPORT_COLUMNS))
        links = AgendaLinkBuilder(absolute_url=kwargs.get("absolute_url"))
        for row in delegate_rows(queryset, links=links):
            dataset.append([neutralise(value) for value in row])
        return dataset


class AttendeeSheet(base_formats.Format):
    """Import format: CSV (any of the encodings and separators we read) or XLSX, told
    apart by the file's content rather than its name."""

    def get_title(self) -> str:
        return str(_("CSV or XLSX"))

    def create_dataset(self, in_stream: bytes) -> AttendeeDataset:
        if isinstance(in_stream, str):
            in_stream = in_stream.encode("utf-8")
        return read_sheet(in_stream, max_bytes=settings.ATTENDEE_UPLOAD_MAX_BYTES)

    def get_extension(self) -> str:
        return "csv"

    def can_import(self) -> bool:
        return True


class AttendeeCSV(base_formats.CSV):
    """Export format: CSV in UTF-8 with a byte order mark (written by exports.write_csv)."""

    CONTENT_TYPE = "text/csv; charset=utf-8"

    def can_import(self) -> bool:
        return False


class AttendeeXLSX(base_formats.XLSX):
    """Export format: XLSX (written by exports.write_xlsx)."""

    def can_import(self) -> bool:
        return False
