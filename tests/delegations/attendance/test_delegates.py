"""Writes on a delegate's own record: status changes, a new agenda link (attendance/delegates.py)."""

import pytest

from delegations.attendance.delegates import (
    delegate_agenda_token_regenerate,
    delegate_status_change,
)
from delegations.attendance.signups import session_signup
from delegations.models import AttendanceEvent
from tests.factories import DelegateFactory, SessionFactory, UserFactory, tacoma_time

pytestmark = pytest.mark.django_db

BEFORE = tacoma_time(8)  # the sessions below start at 9:00 on the summit's day


def _workshop(summit, capacity=2, **kwargs):
    return SessionFactory(summit=summit, accepts_signups=True, capacity=capacity, **kwargs)


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
