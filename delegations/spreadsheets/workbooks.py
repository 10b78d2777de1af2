"""XLSX workbooks as rows of text (the first sheet), for `reading`. A workbook is read by
the cells it holds, never by what it declares about itself: its unpacked size, its
`<dimension ref>` (stale or huge) and its width and blank rows are all bounded here."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from delegations.spreadsheets.errors import SheetError

# A workbook may not unpack to more than this many times the size limit (zip bombs).
XLSX_MAX_EXPANSION = 20
# A sheet is read by its real cells, not by the size it declares (`<dimension ref>`): at
# most this many columns, and at most this many blank rows beyond one per filled row.
XLSX_MAX_COLUMNS = 1024
XLSX_MAX_BLANK_ROWS = 10_000


def xlsx_rows(data: bytes, *, max_bytes: int | None) -> tuple[Iterator[tuple[int, list[str]]], str]:
    import openpyxl

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except Exception:  # BadZipFile, or NotImplementedError for a mangled version field
        raise SheetError(_("This file is not a spreadsheet: upload a CSV or XLSX file.")) from None
    if "xl/workbook.xml" not in names:
        if "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype"):
            raise SheetError(
                _(
                    "This is an OpenDocument (.ods) spreadsheet, which cannot be read: "
                    "save it as .xlsx or as CSV UTF-8 and upload that."
                )
            )
        raise SheetError(_("This file is not a spreadsheet: upload a CSV or XLSX file."))
    if max_bytes is not None and unpacked > XLSX_MAX_EXPANSION * max_bytes:
        raise SheetError(_("The workbook unpacks to too much data to be read."))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # Read-only mode stops at the declared `<dimension ref>`, which may be stale (rows
        # silently dropped) or huge (A1:XFD1048576: a million rows of 16,384 cells):
        # forget it and read the cells there are, bounded below.
        sheet.reset_dimensions()
    except Exception:  # a damaged workbook raises XML, zlib, zip and openpyxl errors alike
        raise SheetError(
            _("The workbook is damaged or not an XLSX file Excel or LibreOffice wrote.")
        ) from None

    return _sheet_rows(workbook, sheet), _("XLSX workbook, first sheet")


def _sheet_rows(workbook, sheet) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of the sheet's rows, blank ones included; a row wider than
    XLSX_MAX_COLUMNS or blank rows beyond the bound refuse the file, so the work stays
    proportional to the cells the file holds."""
    from openpyxl.utils import get_column_letter

    filled = blank = 0
    try:
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if len(values) > XLSX_MAX_COLUMNS:
                raise SheetError(
                    _(
                        "Row %(row)s has a cell in column %(column)s, but a sheet of "
                        "delegates may have at most %(limit)s columns: delete the columns "
                        "after the last one you use and save again."
                    )
                    % {
                        "row": number,
                        "column": get_column_letter(len(values)),
                        "limit": XLSX_MAX_COLUMNS,
                    }
                )
            cells = _xlsx_text(values)
            if any(cells):
                filled += 1
            else:
                blank += 1
                if blank > XLSX_MAX_BLANK_ROWS + filled:
                    raise SheetError(
                        _(
                            "The sheet has more than %(limit)s blank rows (up to row "
                            "%(row)s): delete the empty rows and save again."
                        )
                        % {"limit": XLSX_MAX_BLANK_ROWS, "row": number}
                    )
            yield number, cells
    except SheetError:
        raise
    except Exception:  # openpyxl raises many kinds on a damaged sheet
        raise SheetError(
            _("The workbook is damaged or not an XLSX file Excel or LibreOffice wrote.")
        ) from None
    finally:
        workbook.close()


def _xlsx_text(values: Iterable[object]) -> list[str]:
    cells = []
    for value in values:
        if value is None:
            cells.append("")
        elif isinstance(value, str):
            cells.append(value)
        elif isinstance(value, bool):
            cells.append("TRUE" if value else "FALSE")
        elif isinstance(value, float) and value.is_integer():
            cells.append(str(int(value)))
        elif isinstance(value, dt.datetime | dt.date | dt.time):
            cells.append(value.isoformat())
        else:
            cells.append(str(value))
    return cells
