"""The one lock order of the attendance writers (attendance/locks.py)."""

import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from delegations.attendance.locks import cancellation_sessions, rows_lock
from delegations.models import AttendanceEvent, Delegate, SessionAttendance, SessionSignup
from tests.factories import DelegateFactory, SessionFactory, SummitFactory, tacoma_time

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_rows_lock_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError, match="transaction.atomic"):
        rows_lock(sessions=[1])


def test_rows_lock_reads_the_rows_again_sessions_first_in_pk_order():
    summit = SummitFactory()
    sessions = SessionFactory.create_batch(2, summit=summit)
    delegates = DelegateFactory.create_batch(2, delegation__summit=summit)
    stale = Delegate.objects.get(pk=delegates[1].pk)
    Delegate.objects.filter(pk=stale.pk).update(status="cancelled")

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        rows = rows_lock(
            sessions=[sessions[1].pk, sessions[0].pk, sessions[1].pk],
            delegates=[delegates[1].pk, delegates[0].pk],
        )

    assert list(rows.sessions) == [sessions[0].pk, sessions[1].pk]
    assert list(rows.delegates) == [delegates[0].pk, delegates[1].pk]
    assert rows.delegates[stale.pk].status == "cancelled" != stale.status
    tables = [q["sql"].split(" FROM ")[1].split()[0] for q in queries if " FROM " in q["sql"]]
    assert tables == ['"summits_session"', '"delegations_delegate"']
    if connection.vendor == "postgresql":
        assert all(q["sql"].endswith("FOR NO KEY UPDATE") for q in queries if " FROM " in q["sql"])


def test_cancellation_locks_the_summits_sign_up_sessions_and_any_holding_a_sign_up():
    summit = SummitFactory()
    taking = SessionFactory(summit=summit, accepts_signups=True)
    closed_since = SessionFactory(summit=summit, accepts_signups=False)
    SessionFactory(summit=summit, accepts_signups=False)  # no sign-ups: not locked
    SessionFactory(accepts_signups=True)  # another summit's
    delegate = DelegateFactory(delegation__summit=summit)
    SessionSignup.objects.create(delegate=delegate, session=closed_since, status="confirmed")

    assert cancellation_sessions(summit_id=summit.pk) == sorted([taking.pk, closed_since.pk])


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_rows_held_by_one_writer_do_not_block_another_inserting_rows_that_refer_to_them():
    """FOR NO KEY UPDATE: while a give-up holds its session (and a check-in its delegate),
    a check-in can still insert its attendance and event, which take a key-share lock on
    both. FOR UPDATE blocked that insert: the desk's deadlock."""
    session = SessionFactory()
    delegate = DelegateFactory(delegation__summit=session.summit)
    held, done = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def hold() -> None:
        try:
            with transaction.atomic():
                rows_lock(sessions=[session.pk], delegates=[delegate.pk])
                held.set()
                done.wait(timeout=30)
        except BaseException as error:  # reported by the test
            failures.append(error)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(timeout=30)
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Fail fast instead of waiting, should the insert be blocked.
                cursor.execute("SET LOCAL lock_timeout = '5s'")
            SessionAttendance.objects.create(
                delegate=delegate, session=session, checked_in_at=tacoma_time(9)
            )
            AttendanceEvent.objects.create(
                action="checked_in", summit=session.summit, delegate=delegate, session=session
            )
    finally:
        done.set()
        holder.join(timeout=30)
    assert failures == []
    assert SessionAttendance.objects.filter(delegate=delegate, session=session).exists()
