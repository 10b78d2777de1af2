"""Session sign-ups, capacity and the waiting list (attendance/signups.py)."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from delegations.attendance.signups import (
    session_signup,
    session_signup_cancel,
    session_waitlist_promote,
)
from delegations.models import AttendanceEvent, Delegate, SessionSignup
from tests.factories import DelegateFactory, SessionFactory, tacoma_time

pytestmark = pytest.mark.django_db

BEFORE = tacoma_time(8)  # the sessions below start at 9:00 on the summit's day


def _workshop(summit, capacity=2, **kwargs):
    return SessionFactory(summit=summit, accepts_signups=True, capacity=capacity, **kwargs)


def test_signup_confirms_while_seats_are_left_then_waitlists():
    session = _workshop(SessionFactory().summit, capacity=2)
    first, second, third = (DelegateFactory(delegation__summit=session.summit) for _ in range(3))

    statuses = [
        session_signup(delegate=d, session=session, at=BEFORE).status
        for d in (first, second, third)
    ]

    assert statuses == ["confirmed", "confirmed", "waitlisted"]


def test_signup_tells_its_waiting_list_place_counted_under_the_lock():
    session = _workshop(SessionFactory().summit, capacity=1)
    delegates = [DelegateFactory(delegation__summit=session.summit) for _ in range(3)]

    places = [
        session_signup(delegate=d, session=session, at=BEFORE).waitlist_position for d in delegates
    ]
    again = session_signup(delegate=delegates[2], session=session, at=BEFORE)

    assert (places, again.waitlist_position) == ([None, 1, 2], 2)


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


def test_signup_for_the_next_session_right_after_another_is_taken():
    delegate = DelegateFactory()
    morning = _workshop(delegate.summit, starts_at=tacoma_time(9), ends_at=tacoma_time(10))
    next_one = _workshop(delegate.summit, starts_at=tacoma_time(10), ends_at=tacoma_time(11))
    session_signup(delegate=delegate, session=morning, at=BEFORE)

    signup = session_signup(delegate=delegate, session=next_one, at=BEFORE)

    assert signup.status == SessionSignup.Status.CONFIRMED


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
