"""The per-session attendance export neutralises formulas by the same rule as the
attendee export."""

import csv
import io

import openpyxl
import pytest

from delegations.attendance.checkin import delegate_check_in
from delegations.models import SessionAttendance
from delegations.spreadsheets.rosters import session_attendance_export
from tests.factories import DelegateFactory, DelegationFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def attendance(summit):
    delegation = DelegationFactory(summit=summit, name_en="%x delegation")
    session = SessionFactory(summit=summit, title_en="|cmd /c calc")
    delegate = DelegateFactory(delegation=delegation, full_name_en="@Ann", organisation="x")
    delegate_check_in(delegate=delegate, session=session, by=None)
    return SessionAttendance.objects.filter(session=session)


def test_roster_csv_neutralises_every_formula_lead(attendance):
    data = session_attendance_export(attendance, file_format="csv")

    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [(row["session"], row["full_name_en"], row["delegation"]) for row in rows] == [
        ("'|cmd /c calc", "'@Ann", "'%x delegation")
    ]


def test_roster_xlsx_neutralises_every_formula_lead(attendance):
    data = session_attendance_export(attendance, file_format="xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    header, row = list(sheet.iter_rows(values_only=True))
    cells = dict(zip(header, row, strict=True))
    assert (cells["session"], cells["full_name_en"], cells["delegation"]) == (
        "'|cmd /c calc",
        "'@Ann",
        "'%x delegation",
    )
    assert header[2:5] == ("full_name_en", "full_name_zh_hans", "full_name_ar")
