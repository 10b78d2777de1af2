"""Bad input: a clear message naming the row and column (or the file), and nothing changed."""

import codecs

import pytest
from django.core.management import CommandError, call_command

from delegations.models import Delegate, Delegation, Locality
from delegations.spreadsheets.reading import SheetError
from delegations.spreadsheets.resources import AttendeeSheet, DelegateResource
from tests.factories import DelegateFactory, DelegationFactory, LocalityFactory

pytestmark = pytest.mark.django_db

HEADER = "email,full_name_en,country,region,delegation,role,status\r\n"


@pytest.fixture
def existing(summit):
    """Data an import must leave exactly as it was when it is refused."""
    fujian = LocalityFactory(country="CN", region_en="Fujian")
    delegation = DelegationFactory(summit=summit, name_en="Fujian Delegation", locality=fujian)
    return DelegateFactory(delegation=delegation, email="ann@example.org", full_name_en="Ann")


BAD_ROWS = [
    "Row 2, column “country”: “Atlantis” is not a country: use an ISO 3166-1 code such as CN "
    "or US, or the country's English name.",
    "Row 3, column “email”: “not-an-email” is not a valid email address.",
    "Row 4, column “email”: ann@example.org is already in row 2; each delegate once, please.",
    "Row 5, column “role”: “chief” is not one of head, member, staff, interpreter, press, "
    "observer.",
    "Row 5, column “status”: “maybe” is not one of registered, confirmed, attended, cancelled.",
    "Row 6, column “full_name_en”: is 201 characters long; the limit is 200.",
    "Row 7, column “full_name_en”: is required but empty.",
    "Row 7, column “region”: is required but empty.",
]


def test_import_collects_every_error_of_a_file_and_changes_nothing(
    existing, data_file, import_bytes, snapshot
):
    before = snapshot()

    report = import_bytes(data_file("bad_rows.csv"))

    assert [str(error) for error in report.errors] == BAD_ROWS
    assert (report.new, report.updated, report.unchanged, report.saved) == (0, 0, 0, False)
    assert snapshot() == before


def test_command_prints_every_error_exits_non_zero_and_changes_nothing(
    existing, summit, capsys, snapshot
):
    before = snapshot()

    with pytest.raises(CommandError) as error:
        call_command("import_attendees", "tests/data/bad_rows.csv", summit=summit.slug)

    assert str(error.value) == "8 errors in tests/data/bad_rows.csv: nothing was imported."
    out, err = capsys.readouterr()
    assert err.splitlines() == BAD_ROWS
    assert "Summary for tacoma-2024: 0 new, 0 updated, 0 unchanged, 8 errors." in out
    assert snapshot() == before


FILE_ERRORS = [
    ("empty.csv", "The file is empty."),
    ("header_only.csv", "The file has a header row but no rows of delegates below it."),
    ("not_a_spreadsheet.png", "This file is not a spreadsheet: upload a CSV or XLSX file."),
    (
        "old_excel.xls",
        "This is an old Excel .xls workbook, which cannot be read: save it as .xlsx or as CSV "
        "UTF-8 and upload that.",
    ),
    (
        "ambiguous_encoding.csv",
        "The file's text encoding is ambiguous: it could be Chinese (GB18030) or Western "
        "(Windows-1252) text, and guessing could garble names. Save it as “CSV UTF-8” and "
        "upload that.",
    ),
    (
        "undecodable.csv",
        "The file's text encoding cannot be recognised: it is not UTF-8, GB18030 or "
        "Windows-1252. Save it as “CSV UTF-8” and upload that.",
    ),
]


@pytest.mark.parametrize(("name", "message"), FILE_ERRORS)
def test_command_refuses_an_unreadable_file_naming_it(existing, summit, snapshot, name, message):
    before = snapshot()

    with pytest.raises(CommandError) as error:
        call_command("import_attendees", f"tests/data/{name}", summit=summit.slug)

    assert str(error.value) == f"tests/data/{name}: {message}"
    assert snapshot() == before


@pytest.mark.parametrize(("name", "message"), FILE_ERRORS)
def test_reading_an_unreadable_file_raises_its_message(data_file, import_bytes, name, message):
    with pytest.raises(SheetError) as error:
        import_bytes(data_file(name))
    assert str(error.value) == message


def test_import_refuses_a_file_without_required_columns(
    existing, data_file, import_bytes, snapshot
):
    before = snapshot()

    report = import_bytes(data_file("missing_columns.csv"))

    assert [str(error) for error in report.errors] == [
        "The header row lacks the required columns country, region. The first row "
        "must name the columns: email, full_name_en, country, region, delegation are required."
    ]
    assert report.rows == 0
    assert snapshot() == before


def test_import_refuses_a_column_named_twice(summit, import_bytes):
    report = import_bytes(
        b"email,Email,full_name_en,country,region,delegation\nx@y.org,,X,CN,Fujian,F\n"
    )

    assert [str(error) for error in report.errors] == [
        "Column “email”: appears more than once in the header row."
    ]


def test_import_refuses_a_row_with_cells_beyond_the_header(summit, import_bytes, snapshot):
    data = HEADER + "x@example.org,Smith, John,CN,Fujian,Fujian Delegation,head,confirmed\r\n"

    report = import_bytes(data.encode())

    assert [str(error) for error in report.errors][:2] == [
        "Row 2: has 8 filled cells but the header row names only 7 columns; is a separator "
        "missing its quotes?",
        "Row 2, column “country”: “John” is not a country: use an ISO 3166-1 code such as CN or "
        "US, or the country's English name.",
    ]


def test_import_refuses_control_characters(summit, import_bytes):
    data = HEADER + "x@example.org,Ann\x07Lee,CN,Fujian,Fujian Delegation,,\r\n"

    report = import_bytes(data.encode())

    assert [str(error) for error in report.errors] == [
        "Row 2, column “full_name_en”: contains control characters."
    ]


def test_command_refuses_a_file_over_the_size_limit(existing, summit, settings, snapshot):
    settings.ATTENDEE_UPLOAD_MAX_BYTES = 100
    before = snapshot()

    with pytest.raises(CommandError) as error:
        call_command("import_attendees", "tests/data/excel_utf8_bom.csv", summit=summit.slug)

    assert str(error.value) == (
        "tests/data/excel_utf8_bom.csv: The file is 816\xa0bytes; the limit is 100\xa0bytes."
    )
    assert snapshot() == before


def test_a_failing_write_leaves_nothing_behind(existing, summit, snapshot):
    """If the database refuses a row after the checks (here: another organiser adds the
    same email once every row is checked, before anything is written), the whole import is
    rolled back, new delegations and localities included."""

    def other_organiser_adds_late(stage: str, done: int, total: int) -> None:
        # The import's own progress callback: "check" ends just before the writes begin.
        if stage == "check":
            DelegateFactory(delegation=existing.delegation, email="late@example.org")

    before_count = len(snapshot()[0])
    data = HEADER + (
        "new1@example.org,New One,CN,Hubei,Brand New Delegation,,\r\n"
        "late@example.org,Late,CN,Fujian,Fujian Delegation,,\r\n"
    )
    dataset = AttendeeSheet().create_dataset(data.encode())

    report = (
        DelegateResource(summit=summit)
        .import_data(dataset, dry_run=False, progress=other_organiser_adds_late)
        .report
    )

    assert [str(error) for error in report.errors] == [
        "The delegates of this summit changed while the file was being imported; nothing was "
        "imported. Please try again."
    ]
    assert (report.new, report.updated, report.unchanged, report.saved) == (0, 0, 0, False)
    after = snapshot()
    # Only the other organiser's delegate: no new delegation, locality or delegate of ours.
    assert len(after[0]) == before_count + 1
    assert Delegate.objects.filter(email="late@example.org").get().full_name_en != "Late"
    assert list(Delegation.objects.values_list("name_en", flat=True)) == ["Fujian Delegation"]
    assert list(Locality.objects.values_list("region_en", flat=True)) == ["Fujian"]


def test_utf8_bom_file_with_a_broken_byte_is_refused(summit, import_bytes):
    with pytest.raises(SheetError) as error:
        import_bytes(codecs.BOM_UTF8 + HEADER.encode() + b"x@example.org,\xff\r\n")
    assert str(error.value) == (
        "The file starts like UTF-8 text but contains bytes that are not UTF-8. Save it again "
        "as “CSV UTF-8” and upload that."
    )
