"""The audit trail: every attendance change records who and when, organisers read it in
the admin (read-only), and the admin's own writes (status, agenda links) are recorded."""

import logging

import pytest
from django.urls import reverse

from delegations.attendance.checkin import delegate_check_in, delegate_check_in_undo
from delegations.attendance.signups import session_signup, session_signup_cancel
from delegations.models import AttendanceEvent, Delegate
from tests.factories import DelegateFactory, SessionFactory, UserFactory, tacoma_time

pytestmark = pytest.mark.django_db


@pytest.fixture
def wang():
    return DelegateFactory(
        full_name_en="Wang Xiaoming", full_name_zh_hans="王晓明", email="wang@fuzhou.example.cn"
    )


def test_every_attendance_change_is_recorded_with_who_and_when(wang):
    door = UserFactory(username="door")
    session = SessionFactory(summit=wang.summit, accepts_signups=True, capacity=1)
    other = DelegateFactory(delegation=wang.delegation)

    delegate_check_in(delegate=wang, session=session, by=door, at=tacoma_time(9, 1))
    delegate_check_in_undo(delegate=wang, session=session, by=door, at=tacoma_time(9, 2))
    session_signup(delegate=other, session=session, at=tacoma_time(8))
    session_signup(delegate=wang, session=session, at=tacoma_time(8, 1))
    session_signup_cancel(delegate=other, session=session, at=tacoma_time(8, 2))

    trail = [
        (e.action, e.delegate_id, e.actor.username if e.actor else None, e.at)
        for e in AttendanceEvent.objects.order_by("pk")
    ]
    assert trail == [
        ("arrived", wang.pk, "door", tacoma_time(9, 1)),
        ("checked_in", wang.pk, "door", tacoma_time(9, 1)),
        ("check_in_undone", wang.pk, "door", tacoma_time(9, 2)),
        ("signed_up", other.pk, None, tacoma_time(8)),
        ("waitlisted", wang.pk, None, tacoma_time(8, 1)),
        ("signup_cancelled", other.pk, None, tacoma_time(8, 2)),
        ("promoted", wang.pk, None, tacoma_time(8, 2)),
    ]


def test_audit_trail_is_readable_in_the_admin(organiser_client, wang):
    delegate_check_in(delegate=wang, by=UserFactory(username="door"))

    response = organiser_client.get(reverse("admin:delegations_attendanceevent_changelist"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Arrived at the summit" in html and "Wang Xiaoming" in html and "door" in html


def test_audit_trail_cannot_be_edited_in_the_admin(organiser_client, wang):
    delegate_check_in(delegate=wang, by=None)
    event = AttendanceEvent.objects.get()
    change = reverse("admin:delegations_attendanceevent_change", args=[event.pk])

    assert organiser_client.get(reverse("admin:delegations_attendanceevent_add")).status_code == 403
    assert organiser_client.post(change, {"action": "status_changed"}).status_code == 403
    assert (
        organiser_client.get(
            reverse("admin:delegations_attendanceevent_delete", args=[event.pk])
        ).status_code
        == 403
    )
    event.refresh_from_db()
    assert event.action == "arrived"


def test_audit_trail_is_hidden_from_check_in_staff(staff_client):
    response = staff_client.get(reverse("admin:delegations_attendanceevent_changelist"))

    assert response.status_code == 403


def test_admin_action_regenerates_agenda_links(organiser_client, organiser, wang):
    old = wang.agenda_token

    response = organiser_client.post(
        reverse("admin:delegations_delegate_changelist"),
        {"action": "regenerate_agenda_links", "_selected_action": [wang.pk]},
        follow=True,
    )

    wang.refresh_from_db()
    assert wang.agenda_token != old
    assert [str(m) for m in response.context["messages"]] == ["1 private agenda link regenerated."]
    event = AttendanceEvent.objects.get()
    assert (event.action, event.actor) == ("agenda_link_regenerated", organiser)


def test_admin_shows_the_agenda_link(organiser_client, wang):
    response = organiser_client.get(reverse("admin:delegations_delegate_change", args=[wang.pk]))

    assert f"/zh-hans/agenda/{wang.agenda_token}/" in response.content.decode()


def test_admin_status_change_is_recorded(organiser_client, organiser, wang):
    response = organiser_client.post(
        reverse("admin:delegations_delegate_change", args=[wang.pk]),
        {
            "summit": wang.summit.pk,
            "delegation": wang.delegation.pk,
            "full_name_en": wang.full_name_en,
            "full_name_zh_hans": wang.full_name_zh_hans,
            "full_name_ar": "",
            "role": wang.role,
            "status": Delegate.Status.CANCELLED,
            "email": wang.email,
            "phone": "",
            "organisation": "",
            "position": "",
            "locality": wang.locality.pk,
        },
    )

    assert response.status_code == 302
    wang.refresh_from_db()
    assert wang.status == Delegate.Status.CANCELLED
    event = AttendanceEvent.objects.get()
    assert (event.action, event.actor, event.detail) == (
        "status_changed",
        organiser,
        {"from": "registered", "to": "cancelled"},
    )


def test_sign_up_logs_carry_no_personal_data(wang, caplog):
    session = SessionFactory(summit=wang.summit, accepts_signups=True)

    with caplog.at_level(logging.INFO, logger="delegations"):
        session_signup(delegate=wang, session=session, at=tacoma_time(8))
        session_signup_cancel(delegate=wang, session=session, at=tacoma_time(8))

    assert len(caplog.records) == 2
    for personal in ("Wang", "王晓明", "wang@fuzhou.example.cn", wang.agenda_token):
        assert personal not in caplog.text
