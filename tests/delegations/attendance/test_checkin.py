"""Arrival at the summit and check-in at sessions, and their undoing (attendance/checkin.py)."""

import pytest
from django.core.exceptions import ValidationError

from delegations.attendance.checkin import delegate_check_in, delegate_check_in_undo
from delegations.models import AttendanceEvent, Delegate, SessionAttendance
from tests.factories import DelegateFactory, SessionFactory, UserFactory, tacoma_time

pytestmark = pytest.mark.django_db

BEFORE = tacoma_time(8)  # the sessions below start at 9:00 on the summit's day


def test_check_in_marks_arrival_and_attended_status():
    delegate = DelegateFactory(status=Delegate.Status.CONFIRMED)
    door = UserFactory()
    at = tacoma_time(8, 30)

    assert delegate_check_in(delegate=delegate, by=door, at=at) is True

    delegate.refresh_from_db()
    assert (delegate.arrived_at, delegate.status) == (at, Delegate.Status.ATTENDED)
    event = AttendanceEvent.objects.get()
    assert (event.action, event.actor, event.at, event.detail) == (
        AttendanceEvent.Action.ARRIVED,
        door,
        at,
        {"previous_status": "confirmed"},
    )


def test_check_in_twice_changes_nothing_the_second_time():
    delegate = DelegateFactory()
    first = tacoma_time(8, 30)
    delegate_check_in(delegate=delegate, by=None, at=first)

    assert delegate_check_in(delegate=delegate, by=None, at=tacoma_time(8, 45)) is False

    delegate.refresh_from_db()
    assert delegate.arrived_at == first
    assert AttendanceEvent.objects.count() == 1


def test_check_in_of_cancelled_delegate_is_refused_with_a_message():
    delegate = DelegateFactory(full_name_en="Ann Lee", status=Delegate.Status.CANCELLED)

    with pytest.raises(ValidationError) as error:
        delegate_check_in(delegate=delegate, by=None)

    assert error.value.messages == ["Not checked in: the registration of Ann Lee is cancelled."]
    delegate.refresh_from_db()
    assert delegate.arrived_at is None
    assert not AttendanceEvent.objects.exists()


def test_check_in_at_session_records_attendance_and_arrival():
    delegate = DelegateFactory()
    session = SessionFactory(summit=delegate.summit)
    door = UserFactory()

    delegate_check_in(delegate=delegate, session=session, by=door, at=tacoma_time(9, 5))
    again = delegate_check_in(delegate=delegate, session=session, by=door, at=tacoma_time(9, 7))

    attendance = SessionAttendance.objects.get()
    assert (attendance.delegate, attendance.session, attendance.checked_in_by) == (
        delegate,
        session,
        door,
    )
    assert attendance.checked_in_at == tacoma_time(9, 5)
    assert again is False
    assert list(AttendanceEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        "arrived",
        "checked_in",
    ]


def test_check_in_at_another_summits_session_is_refused():
    delegate = DelegateFactory()

    with pytest.raises(ValidationError) as error:
        delegate_check_in(delegate=delegate, session=SessionFactory(), by=None)

    assert error.value.messages == ["This session belongs to another summit."]
    assert not SessionAttendance.objects.exists()


def test_undo_arrival_restores_the_previous_status():
    delegate = DelegateFactory(status=Delegate.Status.REGISTERED)
    delegate_check_in(delegate=delegate, by=None)

    assert delegate_check_in_undo(delegate=delegate, by=None) is True

    delegate.refresh_from_db()
    assert (delegate.arrived_at, delegate.status) == (None, Delegate.Status.REGISTERED)
    assert AttendanceEvent.objects.first().action == AttendanceEvent.Action.ARRIVAL_UNDONE


def test_undo_arrival_is_refused_while_checked_in_at_a_session():
    delegate = DelegateFactory(full_name_en="Ann Lee")
    delegate_check_in(delegate=delegate, session=SessionFactory(summit=delegate.summit), by=None)

    with pytest.raises(ValidationError) as error:
        delegate_check_in_undo(delegate=delegate, by=None)

    assert error.value.messages == ["Ann Lee is checked in at 1 session: undo that first."]


def test_undo_session_check_in_keeps_the_arrival():
    delegate = DelegateFactory()
    session = SessionFactory(summit=delegate.summit)
    delegate_check_in(delegate=delegate, session=session, by=None)

    assert delegate_check_in_undo(delegate=delegate, session=session, by=None) is True
    assert delegate_check_in_undo(delegate=delegate, session=session, by=None) is False

    delegate.refresh_from_db()
    assert not SessionAttendance.objects.exists()
    assert delegate.arrived_at is not None
