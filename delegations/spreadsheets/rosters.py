"""The per-session attendance export (CSV/XLSX) through django-import-export."""

from django.db.models import QuerySet
from import_export import resources
from import_export.fields import Field

from delegations.models import SessionAttendance
from delegations.spreadsheets.columns import NAME_COLUMNS
from delegations.spreadsheets.formulas import neutralise

COLUMNS = (
    "session",
    "session_starts_at",
    *NAME_COLUMNS,
    "email",
    "delegation",
    "country",
    "region",
    "role",
    "checked_in_at",
    "checked_in_by",
)


class SessionAttendanceResource(resources.ModelResource):
    """One row per check-in at a session; times in the summit's own time zone."""

    session = Field(column_name="session")
    session_starts_at = Field(column_name="session_starts_at")
    email = Field(attribute="delegate__email", column_name="email")
    delegation = Field(attribute="delegate__delegation__name_en", column_name="delegation")
    country = Field(column_name="country")
    region = Field(attribute="delegate__locality__region_en", column_name="region")
    role = Field(attribute="delegate__role", column_name="role")
    checked_in_at = Field(column_name="checked_in_at")
    checked_in_by = Field(column_name="checked_in_by")

    class Meta:
        model = SessionAttendance
        fields = COLUMNS
        export_order = COLUMNS

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The delegate's name in each content language (instances may add fields).
        for name in NAME_COLUMNS:
            self.fields[name] = Field(attribute=f"delegate__{name}", column_name=name)

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))

    def dehydrate_session(self, attendance: SessionAttendance) -> str:
        return attendance.session.title_en

    def dehydrate_session_starts_at(self, attendance: SessionAttendance) -> str:
        zone = attendance.session.summit.tzinfo
        return attendance.session.starts_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")

    def dehydrate_country(self, attendance: SessionAttendance) -> str:
        return attendance.delegate.locality.country.code

    def dehydrate_checked_in_at(self, attendance: SessionAttendance) -> str:
        zone = attendance.session.summit.tzinfo
        return attendance.checked_in_at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")

    def dehydrate_checked_in_by(self, attendance: SessionAttendance) -> str:
        by = attendance.checked_in_by
        return by.get_username() if by is not None else ""


def session_attendance_export(rows: QuerySet[SessionAttendance], *, file_format: str) -> bytes:
    """CSV (UTF-8 with a BOM, so Excel reads Chinese and Arabic) or XLSX bytes."""
    dataset = SessionAttendanceResource().export(queryset=rows)
    if file_format == "csv":
        return dataset.export("csv").encode("utf-8-sig")
    if file_format == "xlsx":
        return dataset.export("xlsx")
    raise ValueError(f"unknown format {file_format!r}")
