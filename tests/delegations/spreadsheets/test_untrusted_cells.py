"""No row silently dropped, no worker tied up by what a sheet declares, and no second
delegate from an invisible character (issue 10, item 5)."""

import io
import re
import zipfile

import openpyxl
import pytest

from delegations.models import Delegate
from delegations.spreadsheets.reading import SheetError, read_sheet
from delegations.spreadsheets.workbooks import XLSX_MAX_BLANK_ROWS
from tests.factories import DelegateFactory, DelegationFactory

HEADER = ["email", "full_name_en", "country", "region", "delegation"]
SHEET = "xl/worksheets/sheet1.xml"


def _workbook(rows: list[list[str]], *, dimension: str | None = None, extra: str = "") -> bytes:
    """An XLSX file as openpyxl writes it, then its sheet XML edited by hand: `dimension`
    replaces the `<dimension ref>`, `extra` is appended to `<sheetData>`."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    written = io.BytesIO()
    book.save(written)
    source = zipfile.ZipFile(io.BytesIO(written.getvalue()))
    edited = io.BytesIO()
    with zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == SHEET:
                xml = content.decode()
                if dimension is not None:
                    xml, count = re.subn(
                        r'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"', xml
                    )
                    assert count == 1
                xml = xml.replace("</sheetData>", extra + "</sheetData>")
                content = xml.encode()
            target.writestr(info, content)
    return edited.getvalue()


def _people(count: int) -> list[list[str]]:
    return [
        [f"p{i}@example.org", f"Person {i}", "CN", "Fujian", "Fujian Delegation"]
        for i in range(1, count + 1)
    ]


def test_a_stale_dimension_drops_no_row():
    """Six people, a dimension saying three rows and two columns: all six, all columns."""
    data = _workbook([HEADER, *_people(6)], dimension="A1:B3")

    dataset = read_sheet(data)

    assert dataset.headers == HEADER
    assert [row[0] for row in dataset] == [f"p{i}@example.org" for i in range(1, 7)]
    assert dataset[5] == ("p6@example.org", "Person 6", "CN", "Fujian", "Fujian Delegation")


@pytest.mark.django_db
def test_a_stale_dimension_imports_every_row(summit, import_bytes):
    report = import_bytes(_workbook([HEADER, *_people(6)], dimension="A1:E3"))

    assert (report.new, report.errors, report.saved) == (6, [], True)
    assert Delegate.objects.filter(summit=summit).count() == 6


def test_a_huge_declared_dimension_is_read_by_its_real_cells():
    """A few KB declaring A1:XFD1048576: two rows read, not a million of 16,384 cells."""
    data = _workbook([HEADER, *_people(1)], dimension="A1:XFD1048576")
    assert len(data) < 6000

    dataset = read_sheet(data)

    assert dataset.rows_scanned == 2
    assert len(dataset) == 1
    assert len(dataset.headers) == 5


def test_a_huge_declared_dimension_with_one_cell_is_refused_at_once():
    data = _workbook([["email"]], dimension="A1:XFD1048576")

    with pytest.raises(SheetError) as error:
        read_sheet(data)

    assert str(error.value) == "The file has a header row but no rows of delegates below it."


def test_a_cell_far_below_is_refused_after_a_bounded_number_of_blank_rows():
    """One real cell in row 1,048,576: refused with a reason once the blank rows pass the
    bound, rather than walking a million of them."""
    far = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    data = _workbook([HEADER, *_people(1)], extra=far)

    with pytest.raises(SheetError) as error:
        read_sheet(data)

    # Two filled rows allow two more blank ones: refused at the 10,003rd, row 10,005.
    assert str(error.value) == (
        f"The sheet has more than {XLSX_MAX_BLANK_ROWS} blank rows (up to row "
        f"{XLSX_MAX_BLANK_ROWS + 5}): delete the empty rows and save again."
    )


def test_a_cell_in_column_xfd_is_refused_naming_it():
    wide = '<row r="3"><c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row>'
    data = _workbook([HEADER, *_people(1)], extra=wide)

    with pytest.raises(SheetError) as error:
        read_sheet(data)

    assert str(error.value) == (
        "Row 3 has a cell in column XFD, but a sheet of delegates may have at most 1024 "
        "columns: delete the columns after the last one you use and save again."
    )


@pytest.mark.django_db
@pytest.mark.parametrize("invisible", ["\u200b", "\u2060", "\u00ad", "\ufeff", "\u200e"])
def test_an_email_with_an_invisible_character_matches_the_existing_delegate(
    summit, import_bytes, invisible
):
    delegation = DelegationFactory(summit=summit, name_en="Fujian Delegation")
    ann = DelegateFactory(delegation=delegation, email="ann@x.org", full_name_en="Ann")
    data = (
        "email,full_name_en,country,region,delegation\r\n"
        f"an{invisible}n@x.org,{invisible}Ann Lee{invisible},CN,Fujian,Fujian Delegation\r\n"
    ).encode()

    report = import_bytes(data)

    assert (report.new, report.updated, report.errors) == (0, 1, [])
    assert Delegate.objects.filter(summit=summit).count() == 1
    ann.refresh_from_db()
    assert (ann.email, ann.full_name_en) == ("ann@x.org", "Ann Lee")


@pytest.mark.django_db
def test_a_zero_width_joiner_inside_a_name_is_kept(summit, import_bytes):
    data = (
        "email,full_name_en,country,region,delegation\r\n"
        "zwj@x.org,\u200bMi\u200dna\u200b,CN,Fujian,Fujian Delegation\r\n"
    ).encode()

    import_bytes(data)

    assert Delegate.objects.get(email="zwj@x.org").full_name_en == "Mi\u200dna"
