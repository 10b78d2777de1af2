"""django-import-export glue for attendee spreadsheets: the resource the admin and the
`import_attendees` command import through, and the file formats the admin offers.

What the library does here, and what it does not: its admin gives the upload, the preview,
the confirmation with the file kept in between, the permissions and the export page. Its
row machinery does not run: per row it builds an instance and a diff and runs five queries,
a thirtieth of the speed of a set-based loader (docs/attendees.md, "How it is built"). So
`DelegateResource.import_data` hands the whole dataset to `importing.delegates_import`, and
the admin's export writes with `exports.delegates_export` (one query, streamed).
"""

from __future__ import annotations

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.formats import base_formats
from import_export.results import Result, RowResult

from delegations.spreadsheets.exports import EXPORT_COLUMNS
from delegations.spreadsheets.importing import delegates_import
from delegations.spreadsheets.reading import AttendeeDataset, read_sheet
from delegations.spreadsheets.report import ImportReport
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


class DelegateResource(resources.Resource):
    """One row per delegate of one summit, identified by (summit, lower-cased email).
    Declares no fields: no value passes through the library's fields and widgets."""

    def __init__(self, summit: Summit | None = None, **kwargs):
        super().__init__(**kwargs)
        self.summit = summit

    @classmethod
    def get_display_name(cls) -> str:
        return str(_("Delegates"))

    def get_user_visible_fields(self) -> list[fields.Field]:
        # The columns the admin's export page lists ("will export the following fields").
        return [fields.Field(column_name=name) for name in EXPORT_COLUMNS]

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


class AttendeeSheet(base_formats.Format):
    """Import format: CSV (any of the encodings and separators we read) or XLSX, told
    apart by the file's content rather than its name."""

    def __init__(self, encoding: str | None = None):
        # The admin passes its `from_encoding`; the encoding is detected from the bytes.
        self.encoding = encoding

    def get_title(self) -> str:
        return str(_("CSV or XLSX"))

    def create_dataset(self, in_stream: bytes | str) -> AttendeeDataset:
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
