"""The columns of an attendee spreadsheet (shared/SPEC.md, "Attendee spreadsheets") and
the reading of a file's header row."""

import re
from collections.abc import Sequence

from django.utils.translation import gettext as _

from delegations.models import Delegate, Delegation, Locality
from delegations.spreadsheets.report import ImportReport, RowError
from summits.languages import all_language_fields

# The delegate's name in each content language: full_name_en, full_name_zh_hans, full_name_ar.
NAME_COLUMNS = tuple(all_language_fields("full_name"))
# The contract's columns, in export order.
COLUMNS = (
    "email",
    *NAME_COLUMNS,
    "country",
    "region",
    "city",
    "delegation",
    "organisation",
    "position",
    "role",
    "language",
    "status",
)
REQUIRED_COLUMNS = ("email", "full_name_en", "country", "region", "delegation")
# Columns the export adds for organisers (each delegate's private agenda link): an export
# imported back must neither change anything nor warn about them, so the import skips them.
EXPORT_ONLY_COLUMNS = ("agenda_url",)

# Free text of the delegate's own, as the file gives it.
TEXT_COLUMNS = (*NAME_COLUMNS, "organisation", "position")
# What a re-import compares, in this order: the delegate's own fields, then its delegation
# and locality. The database columns of the same names hold them.
OWN_FIELDS = (*TEXT_COLUMNS, "role", "language", "status")
COMPARED_FIELDS = (*OWN_FIELDS, "delegation_id", "locality_id")

_HEADER_SPACE = re.compile(r"[\s\-]+")
_SQUASHED_COLUMNS = {name.replace("_", ""): name for name in COLUMNS}


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


MAX_LENGTHS = {
    "email": _max_length(Delegate, "email"),
    **{name: _max_length(Delegate, name) for name in TEXT_COLUMNS},
    "region": _max_length(Locality, "region_en"),
    "city": _max_length(Locality, "city_en"),
    "delegation": _max_length(Delegation, "name_en"),
}


def normalise_header(name: object) -> str:
    """`" Full Name EN "`, `E-mail` -> `full_name_en`, `email`: header names in any case,
    with spaces, hyphens or underscores between the words (or none)."""
    text = _HEADER_SPACE.sub("_", ("" if name is None else str(name)).replace("\ufeff", "").strip())
    text = text.lower()
    return _SQUASHED_COLUMNS.get(text.replace("_", ""), text)


def read_headers(headers: Sequence[object], report: ImportReport) -> dict[str, int]:
    """{column: position in the row} of the contract's columns in `headers`; other columns
    are listed in the report as ignored, a repeated or missing required one as an error."""
    positions: dict[str, int] = {}
    for index, raw in enumerate(headers):
        name = normalise_header(raw)
        if not name or name in EXPORT_ONLY_COLUMNS:
            continue
        if name not in COLUMNS:
            report.ignored_columns.append(str(raw).strip())
        elif name in positions:
            report.errors.append(
                RowError(None, name, _("appears more than once in the header row."))
            )
        else:
            positions[name] = index
    missing = [name for name in REQUIRED_COLUMNS if name not in positions]
    if missing:
        report.errors.append(
            RowError(
                None,
                None,
                _(
                    "The header row lacks the required columns %(missing)s. The first row must "
                    "name the columns: %(required)s are required."
                )
                % {"missing": ", ".join(missing), "required": ", ".join(REQUIRED_COLUMNS)},
            )
        )
    return positions


def error_order(error: RowError) -> tuple[int, int]:
    """Errors sorted as a person reads the file: by row, then by column."""
    column = COLUMNS.index(error.column) if error.column in COLUMNS else -1
    return (error.row or 0, column)
