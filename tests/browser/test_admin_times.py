"""An organiser types a session's time in the admin, in a real browser, as the summit's local
time; the public programme shows that same time. Found from outside: the admin took UTC,
so 11:00 typed in Tacoma became a 04:00 PDT session."""

import datetime as dt

import pytest
from django.conf import settings

from delegations.attendance.permissions import ORGANISERS
from summits.models import Session
from tests.factories import RoomFactory, SummitFactory, UserFactory, publish

from .conftest import screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def organiser_page(browser, client, live_server):
    client.force_login(UserFactory(groups=[ORGANISERS]))
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    yield page
    context.close()


def test_a_time_typed_in_the_admin_is_the_time_the_programme_shows(organiser_page, live_server):
    summit = SummitFactory(
        slug="tacoma-2024",
        timezone="America/Los_Angeles",
        starts_on=dt.date(2024, 7, 19),
        ends_on=dt.date(2024, 7, 20),
    )
    room = RoomFactory(venue__summit=summit, name_en="Hall A")
    page = organiser_page

    page.goto(f"{live_server.url}/admin/summits/session/add/?summit={summit.pk}")
    help_text = page.locator(".field-starts_at .help").filter(has_text="time zone").inner_text()
    assert not page.locator(".timezonewarning").first.is_visible()
    page.fill("#id_title_en", "Mayors' panel")
    page.select_option("#id_kind", "panel")
    page.fill("#id_starts_at_0", "2024-07-19")
    page.fill("#id_starts_at_1", "11:00")
    page.fill("#id_ends_at_0", "2024-07-19")
    page.fill("#id_ends_at_1", "12:15")
    page.evaluate(
        "([select, value, label]) => select.append(new Option(label, value, true, true))",
        [page.locator("#id_room").element_handle(), str(room.pk), "Hall A"],
    )
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    screenshot(page, "admin-session-change-en")
    typed_back = page.input_value("#id_starts_at_1")
    publish(summit)
    page.goto(f"{live_server.url}/en/summits/tacoma-2024/schedule/")
    shown = page.locator(".times").first.inner_text()

    assert help_text == "In the summit's time zone: Pacific Time (America/Los_Angeles)"
    session = Session.objects.get()
    assert session.starts_at == dt.datetime(2024, 7, 19, 18, 0, tzinfo=dt.UTC)
    assert typed_back == "11:00:00"
    assert shown == "11:00–12:15 PDT"
