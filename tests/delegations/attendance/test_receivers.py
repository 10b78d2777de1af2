"""Interpretation receivers to order: per session and language, counted among sign-ups or
the expected delegates, floor languages left out, languages without a channel named; on
the dashboard and as CSV/XLSX, for organisers only."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from delegations.attendance.receivers import EXPECTED, SIGNUPS, summit_receiver_needs
from delegations.models import Delegate, SessionSignup
from tests.factories import (
    DelegateFactory,
    DelegationFactory,
    LocalityFactory,
    SessionFactory,
    SessionLanguageFactory,
    SessionSignupFactory,
    tacoma_time,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(tacoma):
    """Five Chinese delegates (one reads Arabic), three Americans, one cancelled Chinese;
    a keynote in English with Chinese on channel 1 and no Arabic channel; a case study in
    Chinese with English on channel 2 and sign-ups; a lunch with no languages listed."""
    china = DelegationFactory(summit=tacoma, locality=LocalityFactory(country="CN"))
    usa = DelegationFactory(summit=tacoma, locality=LocalityFactory(country="US"))
    chinese = DelegateFactory.create_batch(4, delegation=china)
    arabic = DelegateFactory(delegation=china, language="ar")
    americans = DelegateFactory.create_batch(3, delegation=usa)
    DelegateFactory(delegation=china, status=Delegate.Status.CANCELLED)
    keynote = SessionFactory(summit=tacoma, title_en="Keynote", starts_at=tacoma_time(9))
    SessionLanguageFactory(session=keynote, language="en")
    SessionLanguageFactory(session=keynote, language="zh-hans", channel=1)
    case = SessionFactory(
        summit=tacoma,
        title_en="=Case study",
        starts_at=tacoma_time(11),
        ends_at=tacoma_time(12),
        accepts_signups=True,
        capacity=10,
    )
    SessionLanguageFactory(session=case, language="zh-hans")
    SessionLanguageFactory(session=case, language="en", channel=2)
    for delegate in (*americans[:2], chinese[0], arabic):
        SessionSignupFactory(session=case, delegate=delegate)
    SessionSignupFactory(
        session=case, delegate=americans[2], status=SessionSignup.Status.WAITLISTED
    )
    SessionFactory(
        summit=tacoma, title_en="Lunch", starts_at=tacoma_time(12), ends_at=tacoma_time(13)
    )
    return {"keynote": keynote, "case": case}


def test_receivers_count_those_whose_language_is_not_on_the_floor(tacoma, hall):
    keynote, case, lunch = summit_receiver_needs(summit=tacoma)

    # Everyone expected (not cancelled): 4 Chinese readers and 1 Arabic reader need one.
    assert (keynote.basis, keynote.needed) == (EXPECTED, {"en": 0, "zh-hans": 4, "ar": 1})
    assert keynote.total == 5
    assert keynote.without_channel == ["ar"]
    # Confirmed sign-ups only (the waiting American has no seat): 2 English, 1 Arabic.
    assert (case.basis, case.needed) == (SIGNUPS, {"en": 2, "zh-hans": 0, "ar": 1})
    assert case.cells == [("en", 2, 2), ("zh-hans", None, None), ("ar", 1, None)]
    assert case.without_channel == ["ar"]
    assert lunch.languages_unknown and lunch.total == 0


def test_dashboard_shows_the_receivers_and_the_missing_channels(organiser_client, tacoma, hall):
    body = organiser_client.get(
        reverse("delegations:dashboard", kwargs={"slug": tacoma.slug})
    ).content.decode()

    section = body[body.index('id="receivers-heading"') :]
    assert "Interpretation receivers" in section
    assert '<th scope="col" class="num" lang="zh-hans">中文</th>' in section
    assert '4 <span class="dash-note">ch. 1</span>' in section
    assert '<span class="state state--wait" lang="ar">العربية</span>' in section
    assert "Languages not set" in section


def test_receivers_export_as_csv_and_xlsx(organiser_client, tacoma, hall):
    url = reverse(
        "delegations:receivers_export", kwargs={"slug": tacoma.slug, "file_format": "csv"}
    )
    response = organiser_client.get(url)

    assert response["Content-Disposition"] == 'attachment; filename="tacoma-2024-receivers.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["session"] for row in rows] == ["Keynote", "'=Case study", "Lunch"]
    case = rows[1]
    assert case["session_starts_at"] == "2024-07-19 11:00"
    assert (case["counted_among"], case["floor_languages"]) == ("signups", "zh-hans")
    assert (case["receivers_en"], case["channel_en"], case["receivers_ar"]) == ("2", "2", "1")
    assert (case["receivers_total"], case["needs_a_channel"]) == ("3", "ar")
    assert rows[2]["needs_a_channel"] == "languages not set"

    xlsx = organiser_client.get(url.replace(".csv", ".xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    table = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = table[0]
    assert table[1][header.index("receivers_zh-hans")] == 4
    assert table[1][header.index("needs_a_channel")] == "ar"


def test_check_in_staff_may_not_read_the_receivers(staff_client, tacoma, hall):
    url = reverse(
        "delegations:receivers_export", kwargs={"slug": tacoma.slug, "file_format": "csv"}
    )
    assert staff_client.get(url).status_code == 403


@pytest.mark.parametrize("size", [1, 20])
def test_receivers_take_the_same_queries_however_many_sessions(
    tacoma, django_assert_max_num_queries, size
):
    china = DelegationFactory(summit=tacoma, locality=LocalityFactory(country="CN"))
    for hour in range(size):
        session = SessionFactory(summit=tacoma, accepts_signups=hour % 2 == 0)
        SessionLanguageFactory(session=session, language="en")
        SessionSignupFactory(session=session, delegate=DelegateFactory(delegation=china))

    with django_assert_max_num_queries(4):
        needs = summit_receiver_needs(summit=tacoma)

    assert len(needs) == size
