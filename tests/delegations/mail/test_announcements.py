"""Messages the organisers write to chosen delegates: who gets them, a preview per language,
and a send that reaches each delegate once (delegations/mail/announcements.py, the admin)."""

import datetime as dt

import pytest

from delegations.attendance.signups import session_signup
from delegations.mail.announcements import (
    announcement_audience,
    announcement_previews,
    announcement_send,
)
from delegations.mail.models import Announcement, OutboxMessage
from delegations.models import Delegate
from tests.factories import DelegateFactory, DelegationFactory, LocalityFactory, SessionFactory

from .conftest import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(summit):
    china = DelegationFactory(summit=summit, locality=LocalityFactory(country="CN"))
    usa = DelegationFactory(summit=summit, locality=LocalityFactory(country="US"))
    return {
        "wang": DelegateFactory(delegation=china, email="wang@x.cn"),
        "li": DelegateFactory(delegation=china, email="li@x.cn"),
        "sarah": DelegateFactory(delegation=usa, email="sarah@x.org", language="ar"),
        "gone": DelegateFactory(
            delegation=usa, email="gone@x.org", status=Delegate.Status.CANCELLED
        ),
        "china": china,
    }


def announcement(summit, **audience) -> Announcement:
    return Announcement.objects.create(
        summit=summit,
        subject_en="Bus to the port visit",
        subject_zh_hans="参观港口的班车",
        subject_ar="حافلة زيارة الميناء",
        body_en="The bus leaves at 13:30 from the north entrance.\n\nBring your badge.",
        body_zh_hans="班车 13:30 从北门出发。\n\n请携带证件。",
        body_ar="تغادر الحافلة الساعة 13:30 من المدخل الشمالي.\n\nأحضر شارتك.",
        **audience,
    )


def emails(queryset) -> list[str]:
    return sorted(queryset.values_list("email", flat=True))


def test_the_audience_is_narrowed_by_each_criterion_given(summit, people):
    workshop = SessionFactory(summit=summit, accepts_signups=True)
    # Signed up the day before the session, when sign-ups were open.
    session_signup(
        delegate=people["li"], session=workshop, at=workshop.starts_at - dt.timedelta(days=1)
    )

    everyone = emails(announcement_audience(announcement(summit)))
    china = emails(announcement_audience(announcement(summit, delegation=people["china"])))
    us = emails(announcement_audience(announcement(summit, country="US")))
    signed_up = emails(announcement_audience(announcement(summit, session=workshop)))

    assert everyone == ["gone@x.org", "li@x.cn", "sarah@x.org", "wang@x.cn"]
    assert china == ["li@x.cn", "wang@x.cn"]
    assert us == ["gone@x.org", "sarah@x.org"]
    assert signed_up == ["li@x.cn"]


def test_each_delegate_gets_the_message_once_in_their_language(
    summit, people, mailbox, django_capture_on_commit_callbacks
):
    message = announcement(summit)

    with django_capture_on_commit_callbacks(execute=True):
        first = announcement_send(message)
    with django_capture_on_commit_callbacks(execute=True):
        again = announcement_send(message)

    assert (first.queued, first.cancelled, again.queued, again.already) == (3, 1, 0, 3)
    by_address = {m["To"]: m for m in mailbox.received}
    assert sorted(by_address) == ["li@x.cn", "sarah@x.org", "wang@x.cn"]
    assert by_address["wang@x.cn"]["Subject"] == "参观港口的班车"
    assert "حافلة زيارة الميناء" == by_address["sarah@x.org"]["Subject"]
    assert "<p>تغادر الحافلة الساعة 13:30 من المدخل الشمالي.</p>" in body(
        by_address["sarah@x.org"], "html"
    )
    assert OutboxMessage.objects.filter(kind="announcement").count() == 3
    message.refresh_from_db()
    assert message.sent_at is not None


def test_the_preview_shows_each_language_without_anyones_name_or_link(summit, people):
    previews = announcement_previews(announcement(summit))

    assert [p.subject for p in previews.values()] == [
        "Bus to the port visit", "参观港口的班车", "حافلة زيارة الميناء",
    ]  # fmt: skip
    assert '<html lang="ar" dir="rtl">' in previews["ar"].html
    assert all(
        p.text.startswith(("Dear …,", "尊敬的…：", "السيد/السيدة …،")) for p in previews.values()
    )
    for delegate in (people["wang"], people["sarah"]):
        assert all(delegate.agenda_token not in p.text for p in previews.values())


def test_organisers_write_preview_and_send_in_the_admin(
    organiser_client, summit, people, django_capture_on_commit_callbacks
):
    message = announcement(summit, country="CN")
    url = f"/admin/delegations/announcement/{message.pk}/change/"

    page = organiser_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = organiser_client.post(
            "/admin/delegations/announcement/",
            {"action": "send", "_selected_action": [message.pk]},
            follow=True,
        )

    assert "2 to send to, 0 already sent or queued" in page
    assert '<section lang="zh-hans" dir="ltr" class="mail-preview"><h3>参观港口的班车</h3>' in page
    assert '<section lang="ar" dir="rtl" class="mail-preview">' in page
    assert (
        "“Bus to the port visit”: 2 queued, 0 already sent or queued before"
        in sent.content.decode()
    )
    assert sorted(OutboxMessage.objects.values_list("recipient", flat=True)) == [
        "li@x.cn",
        "wang@x.cn",
    ]


def test_check_in_staff_cannot_open_or_send_messages(staff_client, summit, people):
    message = announcement(summit)

    assert staff_client.get("/admin/delegations/announcement/").status_code == 403
    response = staff_client.post(
        "/admin/delegations/announcement/", {"action": "send", "_selected_action": [message.pk]}
    )
    assert response.status_code == 403
    assert not OutboxMessage.objects.exists()
