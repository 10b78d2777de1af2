"""Attendee spreadsheets as rows of text: CSV in the encodings and separators that desktop
spreadsheet programs write, and XLSX workbooks. Knows nothing about delegates (see
`importing.py`)."""

from __future__ import annotations

import codecs
import contextlib
import csv
import gc
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

import tablib
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from delegations.spreadsheets.errors import SheetError as SheetError
from delegations.spreadsheets.workbooks import xlsx_rows

_CHUNK = 1 << 20
_SAMPLE_ROWS = 1000

_SEPARATORS = (",", ";", "\t")
_SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}

# Punctuation a Western (Windows-1252) file plausibly holds outside plain ASCII.
_LATIN_RUN = re.compile(r"[^\x00-\x7f]+")


class AttendeeDataset(tablib.Dataset):
    """A tablib Dataset that remembers where its rows came from, for messages."""

    def __init__(self, *args, **kwargs):
        self.first_row_number: int = kwargs.pop("first_row_number", 2)
        self.source: str = kwargs.pop("source", "")
        # {row number: cell count} of rows with filled cells beyond the last header.
        self.overlong_rows: dict[int, int] = kwargs.pop("overlong_rows", {})
        # How many rows were read from the file, blank ones and the header included.
        self.rows_scanned: int = kwargs.pop("rows_scanned", 0)
        super().__init__(*args, **kwargs)


# --- Reading ------------------------------------------------------------------------------


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while hundreds of thousands of rows are
    built: they hold no cycles, yet each allocation burst triggers a collection that walks
    all of them (measured: two thirds of the reading time at 100,000 rows)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_sheet(data: bytes, *, max_bytes: int | None = None) -> AttendeeDataset:
    """Read a CSV or XLSX file into a dataset whose first row is the header row."""
    with collector_paused():
        return _read_sheet(data, max_bytes=max_bytes)


def _read_sheet(data: bytes, *, max_bytes: int | None) -> AttendeeDataset:
    if max_bytes is not None:
        check_size(len(data), max_bytes)
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise SheetError(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        rows, source = xlsx_rows(data, max_bytes=max_bytes)
    else:
        _refuse_binary(data)
        rows, source = _csv_rows(data)
    return _dataset(rows, source=source)


def check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise SheetError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)}
        )


def _dataset(rows: Iterator[tuple[int, list[str]]], *, source: str) -> AttendeeDataset:
    header_number, headers = None, []
    scanned = 0
    for number, cells in rows:
        scanned += 1
        if any(cells):
            header_number, headers = number, cells
            break
    if header_number is None:
        raise SheetError(_("The file is empty."))
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    pad = [""] * width
    data: list[tablib.core.Row] = []
    overlong: dict[int, int] = {}
    expected = header_number + 1
    has_data = False
    # Country, region, delegation, role... repeat from row to row: keep one copy of each
    # value in the columns that turn out to repeat (saves a third of the memory at 100k).
    shared: list[dict[str, str]] = [{} for _ in range(width)]
    repeating = list(range(width))
    for count, (number, cells) in enumerate(rows, start=1):
        # Rows are numbered as a spreadsheet program shows them: keep the blank ones.
        while expected < number:
            data.append(tablib.core.Row(pad))
            expected += 1
        expected = number + 1
        if len(cells) > width:
            if any(cells[width:]):
                overlong[number] = len(cells)
            cells = cells[:width]
        elif len(cells) < width:
            cells = cells + pad[len(cells) :]
        if not has_data and any(cells):
            has_data = True
        for index in repeating:
            value = cells[index]
            cells[index] = shared[index].setdefault(value, value)
        if count == _SAMPLE_ROWS:
            repeating = [i for i in repeating if len(shared[i]) <= _SAMPLE_ROWS // 4]
            shared = [table if i in repeating else {} for i, table in enumerate(shared)]
        data.append(tablib.core.Row(cells))
        scanned += 1
    if not has_data:
        raise SheetError(_("The file has a header row but no rows of delegates below it."))
    dataset = AttendeeDataset(
        first_row_number=header_number + 1,
        source=source,
        overlong_rows=overlong,
        rows_scanned=scanned,
    )
    dataset.headers = headers
    # Rows are already of the header's width: skip tablib's per-row checks.
    dataset._data = data
    return dataset


_SIGNATURES = (
    (b"\xd0\xcf\x11\xe0", "xls"),
    (b"%PDF", "other"),
    (b"\x89PNG", "other"),
    (b"GIF8", "other"),
    (b"\xff\xd8\xff", "other"),
    (b"\x1f\x8b", "other"),
    (b"{\\rtf", "other"),
)


def _refuse_binary(data: bytes) -> None:
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            if kind == "xls":
                raise SheetError(
                    _(
                        "This is an old Excel .xls workbook, which cannot be read: "
                        "save it as .xlsx or as CSV UTF-8 and upload that."
                    )
                )
            raise SheetError(_("This file is not a spreadsheet: upload a CSV or XLSX file."))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    # Text has no NUL and hardly any other control bytes; the rows report a stray one.
    head = data[:65536]
    controls = sum(head.count(bytes([c])) for c in (*range(1, 9), 11, 12, *range(14, 27)))
    if b"\x00" in head or controls > len(head) // 100:
        raise SheetError(_("This file is not a spreadsheet: upload a CSV or XLSX file."))


# --- CSV ----------------------------------------------------------------------------------


def _csv_rows(data: bytes) -> tuple[Iterator[tuple[int, list[str]]], str]:
    encoding, label = detect_encoding(data)
    head = codecs.getincrementaldecoder(encoding)(errors="replace").decode(data[:65536])
    first_line = head.split("\n", 1)[0]
    separator = max(_SEPARATORS, key=lambda sep: _count_fields(first_line, sep))
    text = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    reader = csv.reader(text, delimiter=separator, strict=False)
    source = _("CSV, %(encoding)s, %(separator)s-separated") % {
        "encoding": label,
        "separator": _SEPARATOR_NAMES[separator],
    }

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            yield from enumerate(reader, start=1)
        except csv.Error as error:
            raise SheetError(
                _("The file cannot be read as CSV near line %(line)s: %(error)s")
                % {"line": reader.line_num, "error": error}
            ) from None

    return rows(), source


def _count_fields(line: str, separator: str) -> int:
    try:
        return len(next(csv.reader([line], delimiter=separator)))
    except (csv.Error, StopIteration):
        return 0


_ENCODING_LABELS = {
    "utf-8-sig": "UTF-8",
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "gb18030": "GB18030",
    "cp1252": "Windows-1252",
}


def detect_encoding(data: bytes) -> tuple[str, str]:
    """The encoding of a CSV file and its name for people, or a SheetError when unsure.

    A byte order mark decides; then valid UTF-8 (which text in other encodings almost never
    is); then GB18030 (Chinese desktops) against Windows-1252 (Western desktops): a file
    that is text in only one of them is that one. Both decode most bytes, so when both do,
    each reading must also look like text of its kind, and when both do, charset-normalizer
    must prefer one clearly. Otherwise the file is refused rather than imported as mojibake.
    """
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif _decodes(data, "utf-8"):
        return "utf-8", _ENCODING_LABELS["utf-8"]
    else:
        return _detect_legacy(data)
    if not _decodes(data, encoding):
        raise SheetError(
            _(
                "The file starts like %(encoding)s text but contains bytes that are not "
                "%(encoding)s. Save it again as “CSV UTF-8” and upload that."
            )
            % {"encoding": _ENCODING_LABELS[encoding]}
        )
    return encoding, _ENCODING_LABELS[encoding]


def _decodes(data: bytes, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for start in range(0, len(data), _CHUNK):
            decoder.decode(data[start : start + _CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _non_ascii(data: bytes, encoding: str) -> Counter[str]:
    decoder = codecs.getincrementaldecoder(encoding)()
    found: Counter[str] = Counter()
    for start in range(0, len(data), _CHUNK):
        found.update(_LATIN_RUN.findall(decoder.decode(data[start : start + _CHUNK])))
    found.update(_LATIN_RUN.findall(decoder.decode(b"", final=True)))
    return found


def _looks_chinese(runs: Counter[str]) -> bool:
    """Nearly every character is a common simplified one (GB2312), as in real Chinese text;
    Western text read as GB18030 pairs accented letters with ASCII into rare characters."""
    total = common = 0
    for run, count in runs.items():
        for char in run:
            total += count
            try:
                char.encode("gb2312")
            except UnicodeEncodeError:
                continue
            common += count
    return total > 0 and common >= 0.9 * total


def _looks_western(runs: Counter[str]) -> bool:
    """Accented letters come alone or in twos and threes; symbols stand alone. Chinese
    text read as Windows-1252 gives long runs mixing letters and symbols."""
    for run in runs:
        if len(run) > 3:
            return False
        if len(run) > 1 and not all(unicodedata.category(c).startswith("L") for c in run):
            return False
    return True


def _detect_legacy(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    checks = {"gb18030": _looks_chinese, "cp1252": _looks_western}
    decodable = [encoding for encoding in checks if _decodes(data, encoding)]
    if not decodable:
        raise SheetError(
            _(
                "The file's text encoding cannot be recognised: it is not UTF-8, GB18030 or "
                "Windows-1252. Save it as “CSV UTF-8” and upload that."
            )
        )
    if len(decodable) == 1:
        # Text in one and bytes no text has in the other: no choice to make. (LibreOffice's
        # GB18030 with Arabic names among Chinese ones is not Windows-1252 at all.)
        return decodable[0], _ENCODING_LABELS[decodable[0]]
    readings = {encoding: checks[encoding](_non_ascii(data, encoding)) for encoding in checks}
    plausible = [encoding for encoding, looks_right in readings.items() if looks_right]
    if len(plausible) == 1:
        return plausible[0], _ENCODING_LABELS[plausible[0]]
    if len(plausible) == 2:
        matches = {m.encoding: m.chaos for m in from_bytes(data, cp_isolation=plausible)}
        chaos = {encoding: matches.get(encoding, 1.0) for encoding in plausible}
        best, other = sorted(plausible, key=chaos.__getitem__)
        if chaos[other] - chaos[best] >= 0.05:
            return best, _ENCODING_LABELS[best]
    raise SheetError(
        _(
            "The file's text encoding is ambiguous: it could be Chinese (GB18030) or Western "
            "(Windows-1252) text, and guessing could garble names. Save it as “CSV UTF-8” "
            "and upload that."
        )
    )
