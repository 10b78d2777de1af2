"""The organisers' dashboard: figures per country and per province or state, regions
represented, sessions against capacity, SVG charts, and the attendance export."""

import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from delegations.attendance.checkin import delegate_check_in
from delegations.attendance.signups import session_signup
from delegations.models import Delegate
from tests.factories import (
    DelegateFactory,
    DelegationFactory,
    LocalityFactory,
    SessionFactory,
    SessionLanguageFactory,
    UserFactory,
    tacoma_time,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def populated(tacoma):
    """3 Chinese delegates from 2 provinces (Fuzhou and Fujian count as one), 2 Americans."""
    fujian = DelegationFactory(
        summit=tacoma, locality=LocalityFactory(country="CN", region_en="Fujian")
    )
    fuzhou = LocalityFactory(country="CN", region_en="Fujian", city_en="Fuzhou")
    hubei = DelegationFactory(
        summit=tacoma, locality=LocalityFactory(country="CN", region_en="Hubei")
    )
    ohio = DelegationFactory(
        summit=tacoma, locality=LocalityFactory(country="US", region_en="Ohio")
    )
    people = {
        "chen": DelegateFactory(delegation=fujian, status=Delegate.Status.CONFIRMED),
        "lin": DelegateFactory(delegation=fujian, locality=fuzhou),
        "zhou": DelegateFactory(delegation=hubei, status=Delegate.Status.CANCELLED),
        "mary": DelegateFactory(delegation=ohio, status=Delegate.Status.CONFIRMED),
        "john": DelegateFactory(delegation=ohio),
    }
    delegate_check_in(delegate=people["chen"], by=None)
    delegate_check_in(delegate=people["mary"], by=None)
    return people


def dashboard_url(summit) -> str:
    return reverse("delegations:dashboard", kwargs={"slug": summit.slug})


def export_url(summit, file_format: str) -> str:
    return reverse(
        "delegations:dashboard_export", kwargs={"slug": summit.slug, "file_format": file_format}
    )


def table_rows(html: str, heading_id: str) -> list[list[str]]:
    section = html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]
    body = section.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>.*?</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_dashboard_is_for_organisers_only(client, staff_client, tacoma):
    url = dashboard_url(tacoma)

    assert client.get(url)["Location"] == f"/admin/login/?next=/en/summits/{tacoma.slug}/dashboard/"
    refused = staff_client.get(url)
    assert refused.status_code == 403
    assert "You may not open this page." in refused.content.decode()


def test_dashboard_counts_statuses_per_country(organiser_client, tacoma, populated):
    html = organiser_client.get(dashboard_url(tacoma)).content.decode()

    # Registered, confirmed, attended, cancelled, arrived.
    assert table_rows(html, "country-heading") == [
        ["China", "1", "0", "1", "1", "1"],
        ["United States of America", "1", "0", "1", "0", "1"],
    ]


def test_dashboard_counts_cities_within_their_province(organiser_client, tacoma, populated):
    html = organiser_client.get(dashboard_url(tacoma)).content.decode()

    assert table_rows(html, "region-heading") == [
        ["Fujian", "CN", "1", "0", "1", "0", "1"],
        ["Hubei", "CN", "0", "0", "0", "1", "0"],
        ["Ohio", "US", "1", "0", "1", "0", "1"],
    ]


def test_dashboard_counts_provinces_and_states_represented(organiser_client, tacoma, populated):
    html = organiser_client.get(dashboard_url(tacoma)).content.decode()

    # Hubei's only delegate cancelled, so China is represented by one province.
    assert "China: 1 among delegates expected, 1 among those arrived." in html
    assert "United States of America: 1 among delegates expected, 1 among those arrived." in html


def test_dashboard_follows_a_check_in(organiser_client, tacoma, populated):
    delegate_check_in(delegate=populated["john"], by=None)

    html = organiser_client.get(dashboard_url(tacoma)).content.decode()

    assert table_rows(html, "country-heading")[1] == [
        "United States of America",
        "0",
        "0",
        "2",
        "0",
        "2",
    ]


def test_dashboard_shows_sessions_against_capacity(organiser_client, tacoma, populated):
    workshop = SessionFactory(
        summit=tacoma,
        title_en="Port visit",
        accepts_signups=True,
        capacity=1,
        starts_at=tacoma_time(14),
        ends_at=tacoma_time(15),
    )
    session_signup(delegate=populated["chen"], session=workshop, at=tacoma_time(8))
    session_signup(delegate=populated["mary"], session=workshop, at=tacoma_time(8))
    delegate_check_in(delegate=populated["chen"], session=workshop, by=None)

    html = organiser_client.get(dashboard_url(tacoma)).content.decode()

    rows = table_rows(html, "session-heading")
    assert [row[1:6] for row in rows] == [["Port visit", "1", "1", "1", "1"]]


def test_dashboard_charts_are_svg_without_inline_styles(organiser_client, tacoma, populated):
    SessionFactory(summit=tacoma, capacity=40)

    html = organiser_client.get(dashboard_url(tacoma)).content.decode()

    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 3
    assert " style=" not in html and "<style" not in html
    assert "<title>Arrived: 1</title>" in html


def test_attendance_export_csv_is_formula_safe_with_a_bom(organiser_client, tacoma, populated):
    session = SessionFactory(summit=tacoma, title_en="=HYPERLINK(1)")
    chen = populated["chen"]
    Delegate.objects.filter(pk=chen.pk).update(
        organisation="x", full_name_en="+Chen", full_name_zh_hans="陈"
    )
    chen.refresh_from_db()
    delegate_check_in(
        delegate=chen, session=session, by=UserFactory(username="door"), at=tacoma_time(9, 5)
    )

    response = organiser_client.get(export_url(tacoma, "csv"))

    assert (
        response["Content-Disposition"]
        == 'attachment; filename="tacoma-2024-sessions-attendance.csv"'
    )
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["session"] == "'=HYPERLINK(1)"
    assert rows[0]["full_name_en"] == "'+Chen"
    assert rows[0]["full_name_zh_hans"] == "陈"
    assert rows[0]["checked_in_at"] == "2024-07-19 09:05:00"
    assert rows[0]["checked_in_by"] == "door"
    assert rows[0]["country"] == "CN"


def test_attendance_export_xlsx_for_one_session(organiser_client, tacoma, populated):
    first, second = (
        SessionFactory(summit=tacoma, title_en="First"),
        SessionFactory(summit=tacoma, title_en="Second"),
    )
    delegate_check_in(delegate=populated["chen"], session=first, by=None)
    delegate_check_in(delegate=populated["mary"], session=second, by=None)

    response = organiser_client.get(export_url(tacoma, "xlsx"), {"session": second.pk})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("session", "session_starts_at")
    assert [row[0] for row in rows[1:]] == ["Second"]


def test_attendance_export_is_for_organisers_only(staff_client, tacoma):
    assert staff_client.get(export_url(tacoma, "csv")).status_code == 403


@pytest.mark.parametrize("size", [1, 12])
def test_dashboard_query_count_is_flat(
    organiser_client, django_assert_max_num_queries, tacoma, size
):
    for n in range(size):
        delegation = DelegationFactory(
            summit=tacoma, locality=LocalityFactory(country="CN", region_en=f"Province {n}")
        )
        for _ in range(3):
            DelegateFactory(delegation=delegation)
        SessionLanguageFactory(session=SessionFactory(summit=tacoma), language="en")

    # session, user, 2x permissions, summit, 4 figures queries, 4 for the receivers.
    with django_assert_max_num_queries(13):
        response = organiser_client.get(dashboard_url(tacoma))

    assert len(table_rows(response.content.decode(), "region-heading")) == size
