"""After a release, one notice per delegate whose signed-up sessions it changes, listing
only those changes, in their language and the summit's zone (delegations/mail/changes.py)."""

import datetime as dt
import zoneinfo

import pytest

from delegations.attendance.signups import session_signup
from delegations.mail.models import OutboxMessage
from summits.models import Session
from tests.factories import (
    DelegateFactory,
    DelegationFactory,
    LocalityFactory,
    RoomFactory,
    SessionFactory,
    SummitFactory,
    VenueFactory,
    publish,
)

from .conftest import body

pytestmark = pytest.mark.django_db

TACOMA = zoneinfo.ZoneInfo("America/Los_Angeles")


@pytest.fixture
def programme(db):
    day = dt.date.today() + dt.timedelta(days=30)
    summit = SummitFactory(slug="tacoma-2024", timezone="America/Los_Angeles", starts_on=day,
                           ends_on=day)  # fmt: skip
    venue = VenueFactory(summit=summit)
    hall = RoomFactory(venue=venue, name_en="Hall A", name_zh_hans="A 厅", name_ar="القاعة أ")
    salon = RoomFactory(venue=venue, name_en="Salon B", name_zh_hans="B 厅", name_ar="الصالون ب")
    day = dt.datetime.combine(summit.starts_on, dt.time(10, 45), tzinfo=TACOMA)
    sessions = {
        name: SessionFactory(
            summit=summit,
            room=hall,
            accepts_signups=True,
            capacity=50,
            starts_at=day + dt.timedelta(hours=offset),
            ends_at=day + dt.timedelta(hours=offset + 1),
            title_en=name.title(),
            title_zh_hans=f"{name}（中文）",
            title_ar=f"{name} بالعربية",
        )  # fmt: skip
        for name, offset in [("ports panel", 0), ("trade panel", 3), ("youth panel", 5)]
    }
    publish(summit)
    return summit, sessions, salon


@pytest.fixture
def people(programme):
    summit, sessions, _salon = programme
    china = DelegationFactory(summit=summit, locality=LocalityFactory(country="CN"))
    egypt = DelegationFactory(summit=summit, locality=LocalityFactory(country="EG"))
    wang = DelegateFactory(delegation=china, email="wang@x.cn", full_name_zh_hans="王伟")
    layla = DelegateFactory(delegation=egypt, email="layla@x.eg")
    nobody = DelegateFactory(delegation=china, email="other@x.cn")
    session_signup(delegate=wang, session=sessions["ports panel"])
    session_signup(delegate=layla, session=sessions["ports panel"])
    session_signup(delegate=layla, session=sessions["trade panel"])
    session_signup(delegate=nobody, session=sessions["youth panel"])
    return wang, layla, nobody


def test_a_release_moving_a_signed_up_session_notifies_its_delegates_once_in_their_language(
    programme, people, mailbox, django_capture_on_commit_callbacks
):
    summit, sessions, salon = programme
    moved = sessions["ports panel"]
    Session.objects.filter(pk=moved.pk).update(
        starts_at=moved.starts_at + dt.timedelta(hours=2),
        ends_at=moved.ends_at + dt.timedelta(hours=2),
        room=salon,
    )
    Session.objects.filter(pk=sessions["trade panel"].pk).update(title_en="Trade and ports")

    with django_capture_on_commit_callbacks(execute=True):
        release = publish(summit)

    by_address = {message["To"]: message for message in mailbox.received}
    assert sorted(by_address) == ["layla@x.eg", "wang@x.cn"]  # not the youth panel's
    chinese = body(by_address["wang@x.cn"], "plain")
    assert "ports panel（中文）" in chinese and "B 厅" in chinese
    assert "12:45" in chinese  # 10:45 moved two hours, in the summit's zone
    assert "Trade" not in chinese  # not one of Wang's sessions
    arabic = body(by_address["layla@x.eg"], "html")
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "الصالون ب" in arabic and "trade panel بالعربية" in arabic
    keys = sorted(OutboxMessage.objects.values_list("key", flat=True))
    assert keys == sorted(f"change_notice:{d.pk}:{release.pk}" for d in people[:2])


def test_a_release_changing_nobodys_sessions_sends_nothing(
    programme, people, mailbox, django_capture_on_commit_callbacks
):
    summit, _sessions, _salon = programme
    SessionFactory(summit=summit, title_en="Friendship reception")  # added, nobody signed up

    with django_capture_on_commit_callbacks(execute=True):
        publish(summit)

    assert mailbox.received == []
