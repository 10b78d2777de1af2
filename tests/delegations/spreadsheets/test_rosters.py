"""The per-session roster export: seats, the waiting list in order and check-ins, with
formulas neutralised by the same rule as the attendee export."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from delegations.attendance.checkin import delegate_check_in
from delegations.attendance.dashboard import summit_session_roster
from delegations.attendance.signups import session_signup
from delegations.spreadsheets.rosters import session_roster_export
from tests.factories import DelegateFactory, DelegationFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def attendance(summit):
    delegation = DelegationFactory(summit=summit, name_en="%x delegation")
    session = SessionFactory(summit=summit, title_en="|cmd /c calc")
    delegate = DelegateFactory(delegation=delegation, full_name_en="@Ann", organisation="x")
    delegate_check_in(delegate=delegate, session=session, by=None)
    return summit_session_roster(summit=summit, session=session)


def test_roster_csv_neutralises_every_formula_lead(attendance):
    data = session_roster_export(attendance, file_format="csv")

    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [(row["session"], row["full_name_en"], row["delegation"]) for row in rows] == [
        ("'|cmd /c calc", "'@Ann", "'%x delegation")
    ]


def test_roster_xlsx_neutralises_every_formula_lead(attendance):
    data = session_roster_export(attendance, file_format="xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    header, row = list(sheet.iter_rows(values_only=True))
    cells = dict(zip(header, row, strict=True))
    assert (cells["session"], cells["full_name_en"], cells["delegation"]) == (
        "'|cmd /c calc",
        "'@Ann",
        "'%x delegation",
    )
    assert header[2:5] == ("full_name_en", "full_name_zh_hans", "full_name_ar")


def test_a_sessions_roster_lists_its_seats_its_waiting_list_and_who_came(
    summit, django_assert_max_num_queries
):
    soon = timezone.now() + dt.timedelta(days=1)
    workshop = SessionFactory(
        summit=summit,
        title_en="Port visit",
        accepts_signups=True,
        capacity=1,
        starts_at=soon,
        ends_at=soon + dt.timedelta(hours=1),
    )
    delegation = DelegationFactory(summit=summit)
    seat, first, second, walk_in = (
        DelegateFactory(delegation=delegation, full_name_en=name)
        for name in ("Ann Seat", "Zoe First", "Bob Second", "Walter In")
    )
    for delegate in (seat, first, second):
        session_signup(delegate=delegate, session=workshop)
    delegate_check_in(delegate=seat, session=workshop, by=None)
    delegate_check_in(delegate=walk_in, session=workshop, by=None)

    with django_assert_max_num_queries(2):
        rows = summit_session_roster(summit=summit, session=workshop)
    data = session_roster_export(rows, file_format="csv")

    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [
        (
            row["full_name_en"],
            row["signup"],
            row["waiting_list_position"],
            bool(row["checked_in_at"]),
        )
        for row in table
    ] == [
        ("Ann Seat", "confirmed", "", True),
        ("Zoe First", "waitlisted", "1", False),
        ("Bob Second", "waitlisted", "2", False),
        ("Walter In", "", "", True),
    ]
