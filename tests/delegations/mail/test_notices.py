"""Invitations and waiting-list notices: queued once, composed in the delegate's language,
sent one recipient at a time through a real SMTP server (delegations/mail/)."""

import logging
import re

import pytest
from django.core.management import call_command

from delegations.attendance.signups import session_signup, session_signup_cancel
from delegations.mail.models import OutboxMessage
from delegations.mail.notices import invitations_queue
from delegations.models import Delegate
from tests.factories import DelegateFactory, DelegationFactory, LocalityFactory, SessionFactory

from .conftest import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def delegates(summit):
    summit.title_zh_hans, summit.title_ar = "第六届中美友城大会", "القمة السادسة"
    summit.save()
    china = DelegationFactory(summit=summit, locality=LocalityFactory(country="CN"))
    usa = DelegationFactory(summit=summit, locality=LocalityFactory(country="US"))
    egypt = DelegationFactory(summit=summit, locality=LocalityFactory(country="EG"))
    return {
        "zh-hans": DelegateFactory(delegation=china, full_name_zh_hans="王伟", email="wang@x.cn"),
        "en": DelegateFactory(delegation=usa, full_name_ar="سارة", email="sarah@x.org"),
        "ar": DelegateFactory(delegation=egypt, full_name_ar="ليلى", email="layla@x.eg"),
        "cancelled": DelegateFactory(
            delegation=usa, email="gone@x.org", status=Delegate.Status.CANCELLED
        ),
    }


def send_invitations(summit, **options) -> str:
    from io import StringIO

    out = StringIO()
    call_command("send_invitations", summit=summit.slug, stdout=out, **options)
    return out.getvalue()


def test_each_delegate_gets_one_invitation_in_their_language(
    summit, delegates, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        out = send_invitations(summit)

    assert "Invitations for tacoma-2024: 3 queued." in out
    assert "Not queued: 1 cancelled registrations (nothing is sent to them)." in out
    by_address = {message["To"]: message for message in mailbox.received}
    assert sorted(by_address) == ["layla@x.eg", "sarah@x.org", "wang@x.cn"]
    # One recipient per message: nobody sees another delegate's address.
    assert all(len(recipients) == 1 for _sender, recipients in mailbox.envelopes)
    for language, address in [
        ("zh-hans", "wang@x.cn"),
        ("en", "sarah@x.org"),
        ("ar", "layla@x.eg"),
    ]:
        message, delegate = by_address[address], delegates[language]
        html, text = body(message, "html"), body(message, "plain")
        direction = "rtl" if language == "ar" else "ltr"
        assert f'<html lang="{language}" dir="{direction}">' in html
        link = f"https://summits.example.org/{language}/agenda/{delegate.agenda_token}/"
        assert link in text and f'href="{link}"' in html
        feed = f"webcal://summits.example.org/{language}/agenda/{delegate.agenda_token}.ics"
        assert feed in text
        assert message["Content-Language"] == language
    assert OutboxMessage.objects.filter(state="sent").count() == 3


def test_running_the_command_again_sends_nobody_anything(
    summit, delegates, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_invitations(summit)
    with django_capture_on_commit_callbacks(execute=True):
        out = send_invitations(summit)

    assert "Invitations for tacoma-2024: 0 queued." in out
    assert "Not queued: 3 already queued or sent before (nobody gets it twice)." in out
    assert len(mailbox.received) == 3


def test_a_dry_run_counts_and_queues_nothing(summit, delegates):
    out = send_invitations(summit, dry_run=True)

    assert "Invitations for tacoma-2024: 3 would be queued." in out
    assert not OutboxMessage.objects.exists()


def test_invitations_of_a_dead_mail_server_stay_queued_with_the_error(
    summit, delegates, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1

    with django_capture_on_commit_callbacks(execute=True):
        report = invitations_queue(summit=summit)

    messages = OutboxMessage.objects.filter(pk__in=report.pks)
    assert {(m.state, m.attempts) for m in messages} == {("queued", 1)}
    assert all(m.last_error.startswith("ConnectionRefusedError") for m in messages)


def test_a_refused_address_fails_alone_and_its_error_names_no_address(
    summit, delegates, mailbox, settings, django_capture_on_commit_callbacks
):
    mailbox.refuse.add("sarah@x.org")

    with django_capture_on_commit_callbacks(execute=True):
        invitations_queue(summit=summit)

    states = dict(OutboxMessage.objects.values_list("recipient", "state"))
    assert states == {"wang@x.cn": "sent", "sarah@x.org": "queued", "layla@x.eg": "sent"}
    error = OutboxMessage.objects.get(recipient="sarah@x.org").last_error
    assert error.startswith("SMTPRecipientsRefused") and "550" in error
    assert "@" not in error


def test_mail_leaves_no_address_or_token_in_the_log(
    summit, delegates, mailbox, caplog, django_capture_on_commit_callbacks
):
    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        invitations_queue(summit=summit)

    ours = ("delegations", "celery", "django", "summits", "config")
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith(ours))
    assert "outbox sent=3 failed=0" in logged
    assert not re.search(r"\w@\w", logged)
    assert not any(d.agenda_token in logged for d in delegates.values())


def test_a_seat_from_the_waiting_list_is_announced_once_in_the_delegates_language(
    summit, delegates, mailbox, django_capture_on_commit_callbacks
):
    workshop = SessionFactory(
        summit=summit, title_en="Port visit", title_ar="زيارة الميناء", accepts_signups=True,
        capacity=1, starts_at=summit_later(summit), ends_at=summit_later(summit, hours=2),
    )  # fmt: skip
    session_signup(delegate=delegates["en"], session=workshop)
    session_signup(delegate=delegates["ar"], session=workshop)  # waiting

    with django_capture_on_commit_callbacks(execute=True):
        session_signup_cancel(delegate=delegates["en"], session=workshop)

    (message,) = mailbox.received
    assert message["To"] == "layla@x.eg"
    assert "زيارة الميناء" in message["Subject"]
    assert '<html lang="ar" dir="rtl">' in body(message, "html")
    assert OutboxMessage.objects.get().kind == "promotion"


def summit_later(summit, *, hours: int = 0):
    import datetime as dt

    from django.utils import timezone

    return timezone.now().replace(microsecond=0) + dt.timedelta(days=30, hours=hours)
