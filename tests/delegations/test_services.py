import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from delegations.attendance.checkin import delegate_check_in, delegate_check_in_undo
from delegations.attendance.delegates import (
    delegate_agenda_token_regenerate,
    delegate_status_change,
)
from delegations.attendance.signups import (
    session_signup,
    session_signup_cancel,
    session_waitlist_promote,
)
from delegations.models import AttendanceEvent, Delegate, SessionAttendance, SessionSignup
from tests.factories import DelegateFactory, SessionFactory, UserFactory, tacoma_time

pytestmark = pytest.mark.django_db

BEFORE = tacoma_time(8)  # the sessions below start at 9:00 on the summit's day


def _workshop(summit, capacity=2, **kwargs):
    return SessionFactory(summit=summit, accepts_signups=True, capacity=capacity, **kwargs)


# --- Arrival and session check-in ---------------------------------------------------------


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


# --- Sign-ups and the waiting list ---------------------------------------------------------


def test_signup_confirms_while_seats_are_left_then_waitlists():
    session = _workshop(SessionFactory().summit, capacity=2)
    first, second, third = (DelegateFactory(delegation__summit=session.summit) for _ in range(3))

    statuses = [
        session_signup(delegate=d, session=session, at=BEFORE).status
        for d in (first, second, third)
    ]

    assert statuses == ["confirmed", "confirmed", "waitlisted"]


def test_signup_twice_returns_the_same_signup():
    session = _workshop(SessionFactory().summit)
    delegate = DelegateFactory(delegation__summit=session.summit)

    first = session_signup(delegate=delegate, session=session, at=BEFORE)
    second = session_signup(delegate=delegate, session=session, at=BEFORE)

    assert first.pk == second.pk
    assert SessionSignup.objects.count() == 1


def test_signup_cancel_moves_the_first_waiting_delegate_up():
    session = _workshop(SessionFactory().summit, capacity=1)
    seated, waiting_1, waiting_2 = (
        DelegateFactory(delegation__summit=session.summit) for _ in range(3)
    )
    for minute, delegate in enumerate((seated, waiting_1, waiting_2)):
        session_signup(delegate=delegate, session=session, at=tacoma_time(7, minute))

    assert session_signup_cancel(delegate=seated, session=session, at=BEFORE) is True

    assert dict(SessionSignup.objects.values_list("delegate", "status")) == {
        waiting_1.pk: "confirmed",
        waiting_2.pk: "waitlisted",
    }
    promoted = AttendanceEvent.objects.get(action=AttendanceEvent.Action.PROMOTED)
    assert promoted.delegate == waiting_1


def test_leaving_the_waiting_list_frees_no_seat():
    session = _workshop(SessionFactory().summit, capacity=1)
    seated, waiting = (DelegateFactory(delegation__summit=session.summit) for _ in range(2))
    session_signup(delegate=seated, session=session, at=BEFORE)
    session_signup(delegate=waiting, session=session, at=BEFORE)

    session_signup_cancel(delegate=waiting, session=session, at=BEFORE)

    assert dict(SessionSignup.objects.values_list("delegate", "status")) == {seated.pk: "confirmed"}


def test_signup_cancel_without_signup_changes_nothing():
    session = _workshop(SessionFactory().summit)
    delegate = DelegateFactory(delegation__summit=session.summit)

    assert session_signup_cancel(delegate=delegate, session=session) is False
    assert not AttendanceEvent.objects.exists()


@pytest.mark.parametrize(
    ("session_kwargs", "message"),
    [
        ({"accepts_signups": False}, "This session does not take sign-ups."),
        (
            {"starts_at": tacoma_time(7), "ends_at": tacoma_time(10)},
            "Sign-ups for this session are closed: it has started.",
        ),
    ],
)
def test_signup_is_refused_with_a_reason(session_kwargs, message):
    delegate = DelegateFactory()
    session = SessionFactory(
        summit=delegate.summit, **{"accepts_signups": True, "capacity": 5, **session_kwargs}
    )

    with pytest.raises(ValidationError) as error:
        session_signup(delegate=delegate, session=session, at=BEFORE)

    assert error.value.messages == [message]


def test_signup_for_a_session_at_the_same_time_as_another_is_refused():
    delegate = DelegateFactory()
    trade = _workshop(delegate.summit, title_en="Trade")
    culture = _workshop(delegate.summit, title_en="Culture")
    session_signup(delegate=delegate, session=trade, at=BEFORE)

    with pytest.raises(ValidationError) as error:
        session_signup(delegate=delegate, session=culture, at=BEFORE)

    assert error.value.messages == ["You have already signed up for “Trade”, at the same time."]


def test_signup_of_a_cancelled_delegate_is_refused():
    delegate = DelegateFactory(full_name_en="Ann Lee", status=Delegate.Status.CANCELLED)

    with pytest.raises(ValidationError) as error:
        session_signup(delegate=delegate, session=_workshop(delegate.summit), at=BEFORE)

    assert error.value.messages == ["The registration of Ann Lee is cancelled."]


def test_waitlist_promote_fills_seats_after_capacity_is_raised():
    session = _workshop(SessionFactory().summit, capacity=1)
    delegates = [DelegateFactory(delegation__summit=session.summit) for _ in range(3)]
    for delegate in delegates:
        session_signup(delegate=delegate, session=session, at=BEFORE)
    session.capacity = 2
    session.save()

    promoted = session_waitlist_promote(session=session)

    assert [s.delegate for s in promoted] == [delegates[1]]
    assert session.signups.filter(status="confirmed").count() == 2


def test_status_change_to_cancelled_frees_the_seat_and_is_recorded():
    session = _workshop(SessionFactory().summit, capacity=1)
    seated, waiting = (DelegateFactory(delegation__summit=session.summit) for _ in range(2))
    session_signup(delegate=seated, session=session, at=BEFORE)
    session_signup(delegate=waiting, session=session, at=BEFORE)
    organiser = UserFactory()

    assert delegate_status_change(delegate=seated, status="cancelled", by=organiser) is True

    assert list(session.signups.values_list("delegate", "status")) == [(waiting.pk, "confirmed")]
    change = AttendanceEvent.objects.get(action=AttendanceEvent.Action.STATUS_CHANGED)
    assert (change.actor, change.detail) == (organiser, {"from": "registered", "to": "cancelled"})


def test_agenda_token_regenerate_replaces_the_token():
    delegate = DelegateFactory()
    old = delegate.agenda_token

    new = delegate_agenda_token_regenerate(delegate=delegate, by=None)

    delegate.refresh_from_db()
    assert delegate.agenda_token == new != old
    assert len(new) >= 32


# --- Concurrency ----------------------------------------------------------------------------


ROUNDS = 5


def _race_for_the_last_seat(session, racers) -> tuple[list[str], list[BaseException]]:
    barrier = threading.Barrier(len(racers))
    outcomes: list[str] = []
    failures: list[BaseException] = []

    def take_last_seat(delegate: Delegate) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes.append(session_signup(delegate=delegate, session=session, at=BEFORE).status)
        except BaseException as error:  # reported by the test, in its own thread
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take_last_seat, args=(d,)) for d in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes), failures


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL's row locks; SQLite serialises writers, tested sequentially above",
)
@pytest.mark.django_db(transaction=True)
def test_last_seat_goes_to_only_one_of_two_simultaneous_signups():
    summit = SessionFactory().summit
    # Several rounds, since a race without the lock is lost only some of the time.
    for _round in range(ROUNDS):
        workshop = _workshop(summit, capacity=2)
        session_signup(
            delegate=DelegateFactory(delegation__summit=summit), session=workshop, at=BEFORE
        )
        racers = [DelegateFactory(delegation__summit=summit) for _ in range(2)]

        outcomes, failures = _race_for_the_last_seat(workshop, racers)

        assert failures == []
        assert outcomes == ["confirmed", "waitlisted"]
        assert workshop.signups.filter(status="confirmed").count() == 2


def test_session_signup_dates_are_kept_in_order():
    """The waiting list follows the moment of sign-up, not the row id."""
    session = _workshop(SessionFactory().summit, capacity=0)
    late, early = (DelegateFactory(delegation__summit=session.summit) for _ in range(2))
    session_signup(delegate=late, session=session, at=BEFORE)
    session_signup(delegate=early, session=session, at=BEFORE - dt.timedelta(minutes=5))
    session.capacity = 1
    session.save()

    promoted = session_waitlist_promote(session=session)

    assert [s.delegate for s in promoted] == [early]
