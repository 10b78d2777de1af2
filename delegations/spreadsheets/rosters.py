"""The per-session roster export (CSV/XLSX) through django-import-export: each session's
seats, its waiting list in order, and who was checked in."""

from collections.abc import Iterable

from import_export import resources
from import_export.fields import Field

from delegations.attendance.dashboard import RosterRow
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
    "signup",
    "waiting_list_position",
    "checked_in_at",
    "checked_in_by",
)


class SessionRosterResource(resources.Resource):
    """One row per delegate and session (`RosterRow`); times in the summit's own zone."""

    session = Field(column_name="session")
    session_starts_at = Field(column_name="session_starts_at")
    email = Field(attribute="delegate__email", column_name="email")
    delegation = Field(attribute="delegate__delegation__name_en", column_name="delegation")
    country = Field(column_name="country")
    region = Field(attribute="delegate__locality__region_en", column_name="region")
    role = Field(attribute="delegate__role", column_name="role")
    signup = Field(attribute="signup", column_name="signup")
    waiting_list_position = Field(attribute="waiting_position", column_name="waiting_list_position")
    checked_in_at = Field(column_name="checked_in_at")
    checked_in_by = Field(column_name="checked_in_by")

    class Meta:
        export_order = COLUMNS

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The delegate's name in each content language.
        for name in NAME_COLUMNS:
            self.fields[name] = Field(attribute=f"delegate__{name}", column_name=name)

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))

    def dehydrate_session(self, row: RosterRow) -> str:
        return row.session.title_en

    def dehydrate_session_starts_at(self, row: RosterRow) -> str:
        return row.session.starts_at.astimezone(row.session.summit.tzinfo).strftime(
            "%Y-%m-%d %H:%M"
        )

    def dehydrate_country(self, row: RosterRow) -> str:
        return row.delegate.locality.country.code

    def dehydrate_checked_in_at(self, row: RosterRow) -> str:
        if row.attendance is None:
            return ""
        zone = row.session.summit.tzinfo
        return row.attendance.checked_in_at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")

    def dehydrate_checked_in_by(self, row: RosterRow) -> str:
        by = row.attendance.checked_in_by if row.attendance is not None else None
        return by.get_username() if by is not None else ""


def session_roster_export(rows: Iterable[RosterRow], *, file_format: str) -> bytes:
    """CSV (UTF-8 with a BOM, so Excel reads Chinese and Arabic) or XLSX bytes."""
    dataset = SessionRosterResource().export(queryset=list(rows))
    if file_format == "csv":
        return dataset.export("csv").encode("utf-8-sig")
    if file_format == "xlsx":
        return dataset.export("xlsx")
    raise ValueError(f"unknown format {file_format!r}")
