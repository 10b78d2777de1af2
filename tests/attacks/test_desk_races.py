"""Every pair of attendance writers fired at once over HTTP at gunicorn (4 workers) on
PostgreSQL, 40 rounds a pair: no answer is a server error and no action is lost.

The writers are the ones staff and delegates use: the desk's check-in and undo (htmx),
a delegate's sign-up and giving up a seat through their private link, an organiser's
status change in the admin's delegate form, and the confirmation of the admin's attendee
import. Each round has rows of its own (`Round`, tests/attacks/desk_world.py); after both
answers the database is compared with what each answer said: an action reported done that
is not there, or refused when it had to succeed, is lost. The lock order that makes them
pass: docs/attendance.md, "Lock order".
"""

import re
from concurrent.futures import ThreadPoolExecutor
from itertools import repeat

import pytest
from django.db import connection

from delegations.attendance.checkin import delegate_check_in
from delegations.mail.models import Announcement, OutboxMessage
from delegations.models import AttendanceEvent, Delegate
from tests.attacks.desk_world import (
    CONFIRMED,
    PAIRS,
    WAITLISTED,
    Check,
    Round,
    World,
    cancelled_keeps_nothing,
    checked_in,
    event_pk,
    fresh,
    gave_up,
    imported,
    pair,
    race,
    saved,
    seat,
    status_trail,
)
from tests.attacks.races import Answer
from tests.attacks.tallies import tally

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite lets one writer in at a time (BEGIN IMMEDIATE), so "
        "two writers there cannot hold row locks against each other",
    ),
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 40
LANES = 2  # pairs racing at the same time (4 requests for gunicorn's 4 workers)
FROM_FILE = "Set by the file"
POSITION = re.compile(r"you are number (\d+) on the waiting list")


# --- The pairs ----------------------------------------------------------------------------


@pair("check-in vs give-up")
def _check_in_give_up(world: World, r: Round):
    # Checking `waiting` in at the session while `seated` gives up the seat they move up to.
    writers = [world.desk(r.waiting, "session", r.full), world.agenda(r.seated, r.full, "cancel")]

    def check(answers: list[Answer]) -> list[str]:
        desk, give_up = answers
        c = Check()
        c.expect("check-in", desk.says("is checked in at") and checked_in(r.waiting, r.full))
        gave_up(c, give_up, r)
        c.expect("give-up", seat(r.waiting, r.full) == CONFIRMED)
        return c.lost

    return writers, check


@pair("undo vs give-up")
def _undo_give_up(world: World, r: Round):
    delegate_check_in(delegate=r.waiting, session=r.full, by=None)
    writers = [
        world.desk(r.waiting, "session_undo", r.full),
        world.agenda(r.seated, r.full, "cancel"),
    ]

    def check(answers: list[Answer]) -> list[str]:
        desk, give_up = answers
        c = Check()
        c.expect("undo", desk.says("undone") and not checked_in(r.waiting, r.full))
        gave_up(c, give_up, r)
        c.expect("give-up", seat(r.waiting, r.full) == CONFIRMED)
        return c.lost

    return writers, check


@pair("status change vs give-up")
def _status_give_up(world: World, r: Round):
    # The organiser cancels `waiting` while `seated` gives up the seat `waiting` would get.
    writers = [
        world.status_change(r.waiting, "cancelled"),
        world.agenda(r.seated, r.full, "cancel"),
    ]

    def check(answers: list[Answer]) -> list[str]:
        admin, give_up = answers
        c = Check()
        cancelled = fresh(r.waiting).status == "cancelled" and seat(r.waiting, r.full) is None
        c.expect("status change", saved(admin) and cancelled)
        gave_up(c, give_up, r)
        c.expect("give-up", seat(r.second, r.full) == CONFIRMED)
        return c.lost

    return writers, check


@pair("send vs send")
def _send_send(world: World, r: Round):
    """An organiser's double click on *Send*: each delegate gets the message once."""
    message = Announcement.objects.create(summit=r.summit, subject_en="Bus", body_en="13:30")
    writers = [world.announcement_send(message), world.announcement_send(message)]

    def check(answers: list[Answer]) -> list[str]:
        c = Check()
        rows = OutboxMessage.objects.filter(kind="announcement", summit=r.summit)
        per_delegate = sorted(rows.values_list("delegate_id", flat=True))
        people = sorted(Delegate.objects.filter(summit=r.summit).values_list("pk", flat=True))
        states = set(rows.values_list("state", flat=True))
        both = all(answer.status == 302 for answer in answers)
        c.expect("send", both and per_delegate == people and states == {"sent"}, states)
        return c.lost

    return writers, check


@pair("sign-up vs give-up")
def _sign_up_give_up(world: World, r: Round):
    writers = [world.agenda(r.free, r.full, "signup"), world.agenda(r.seated, r.full, "cancel")]

    def check(answers: list[Answer]) -> list[str]:
        sign_up, give_up = answers
        c = Check()
        told = [int(n) for text in sign_up.messages for n in POSITION.findall(text)]
        # Third in the queue when signing up before the seat was given up, second after.
        joined = event_pk(r.free, AttendanceEvent.Action.WAITLISTED)
        freed = event_pk(r.seated, AttendanceEvent.Action.SIGNUP_CANCELLED)
        expected = 3 if joined and freed and joined < freed else 2
        place = seat(r.free, r.full)
        c.expect("sign-up", told == [expected] and place == WAITLISTED, (told, expected, place))
        gave_up(c, give_up, r)
        return c.lost

    return writers, check


@pair("sign-up vs sign-up")
def _sign_up_sign_up(world: World, r: Round):
    writers = [world.agenda(r.free, r.full, "signup"), world.agenda(r.spare, r.full, "signup")]

    def check(answers: list[Answer]) -> list[str]:
        queue = list(r.full.signups.waiting_list().values_list("delegate_id", flat=True))
        c = Check()
        for answer, delegate in zip(answers, (r.free, r.spare), strict=True):
            told = [int(n) for text in answer.messages for n in POSITION.findall(text)]
            actual = queue.index(delegate.pk) + 1 if delegate.pk in queue else None
            c.expect("sign-up", told == [actual], (told, actual))
        return c.lost

    return writers, check


@pair("check-in vs sign-up")
def _check_in_sign_up(world: World, r: Round):
    writers = [world.desk(r.free, "session", r.open), world.agenda(r.free, r.open, "signup")]

    def check(answers: list[Answer]) -> list[str]:
        desk, sign_up = answers
        c = Check()
        c.expect("check-in", desk.says("is checked in at") and checked_in(r.free, r.open))
        c.expect("sign-up", sign_up.says("You have a seat") and seat(r.free, r.open) == CONFIRMED)
        return c.lost

    return writers, check


@pair("undo vs sign-up")
def _undo_sign_up(world: World, r: Round):
    delegate_check_in(delegate=r.free, session=r.open, by=None)
    writers = [world.desk(r.free, "session_undo", r.open), world.agenda(r.free, r.open, "signup")]

    def check(answers: list[Answer]) -> list[str]:
        desk, sign_up = answers
        c = Check()
        c.expect("undo", desk.says("undone") and not checked_in(r.free, r.open))
        c.expect("sign-up", sign_up.says("You have a seat") and seat(r.free, r.open) == CONFIRMED)
        return c.lost

    return writers, check


def refused_as_cancelled_or_seated(c: Check, sign_up: Answer) -> None:
    """A sign-up raced against a cancellation: refused (the link of a cancelled delegate
    answers 404, or the service says so) or taken, then given up by the cancellation."""
    c.expect(
        "sign-up",
        sign_up.status == 404 or sign_up.says("You have a seat") or sign_up.says("is cancelled"),
        (sign_up.status, sign_up.messages),
    )


@pair("status change vs sign-up")
def _status_sign_up(world: World, r: Round):
    writers = [world.status_change(r.free, "cancelled"), world.agenda(r.free, r.open, "signup")]

    def check(answers: list[Answer]) -> list[str]:
        admin, sign_up = answers
        c = Check()
        cancelled_keeps_nothing(c, "status change", saved(admin), r.free, r)
        refused_as_cancelled_or_seated(c, sign_up)
        return c.lost

    return writers, check


@pair("check-in vs status change")
def _check_in_status(world: World, r: Round):
    writers = [
        world.desk(r.free, "arrive"),
        world.status_change(r.free, "cancelled", organisation="Changed by the organiser"),
    ]

    def check(answers: list[Answer]) -> list[str]:
        desk, admin = answers
        delegate, c = fresh(r.free), Check()
        c.expect(
            "status change",
            saved(admin)
            and (delegate.status, delegate.organisation)
            == ("cancelled", "Changed by the organiser"),
        )
        if desk.says("has arrived"):
            c.expect("check-in", delegate.arrived_at is not None)
        else:
            c.expect("check-in", desk.says("is cancelled") and delegate.arrived_at is None)
        return c.lost

    return writers, check


@pair("undo vs status change")
def _undo_status(world: World, r: Round):
    delegate_check_in(delegate=r.free, by=None)
    writers = [
        world.desk(r.free, "arrive_undo"),
        world.status_change(r.free, "cancelled", organisation="Changed by the organiser"),
    ]

    def check(answers: list[Answer]) -> list[str]:
        desk, admin = answers
        delegate, c = fresh(r.free), Check()
        c.expect("undo", desk.says("undone") and delegate.arrived_at is None)
        c.expect(
            "status change",
            saved(admin)
            and (delegate.status, delegate.organisation)
            == ("cancelled", "Changed by the organiser"),
        )
        return c.lost

    return writers, check


@pair("check-in vs undo")
def _check_in_undo(world: World, r: Round):
    delegate_check_in(delegate=r.free, session=r.open, by=None)
    writers = [
        world.desk(r.free, "session", r.full),
        world.desk(r.free, "session_undo", r.open, desk=1),
    ]

    def check(answers: list[Answer]) -> list[str]:
        check_in, undo = answers
        c = Check()
        c.expect("check-in", check_in.says("is checked in at") and checked_in(r.free, r.full))
        c.expect("undo", undo.says("undone") and not checked_in(r.free, r.open))
        return c.lost

    return writers, check


@pair("import vs check-in")
def _import_check_in(world: World, r: Round):
    writers = [world.import_rows((r.free, FROM_FILE, "confirmed")), world.desk(r.free, "arrive")]

    def check(answers: list[Answer]) -> list[str]:
        file, desk = answers
        delegate, c = fresh(r.free), Check()
        c.expect("import", imported(file) and delegate.organisation == FROM_FILE)
        c.expect(
            "check-in",
            desk.says("has arrived")
            and delegate.arrived_at is not None
            and delegate.status == "attended",
        )
        return c.lost

    return writers, check


@pair("import vs undo")
def _import_undo(world: World, r: Round):
    delegate_check_in(delegate=r.free, by=None)
    writers = [
        world.import_rows((r.free, FROM_FILE, "attended")),
        world.desk(r.free, "arrive_undo"),
    ]

    def check(answers: list[Answer]) -> list[str]:
        file, desk = answers
        delegate, c = fresh(r.free), Check()
        c.expect("import", imported(file) and delegate.organisation == FROM_FILE, file.status)
        c.expect("undo", desk.says("undone") and delegate.arrived_at is None, desk.text)
        # Undone first, the file read after it sets `attended` again, as any file may.
        status, trail = status_trail(r.free)
        c.expect("undo" if status != "confirmed" else "import", status == trail, (status, trail))
        return c.lost

    return writers, check


@pair("import vs sign-up")
def _import_sign_up(world: World, r: Round):
    writers = [
        world.import_rows((r.free, "", "cancelled")),
        world.agenda(r.free, r.open, "signup"),
    ]

    def check(answers: list[Answer]) -> list[str]:
        file, sign_up = answers
        c = Check()
        cancelled_keeps_nothing(c, "import", imported(file), r.free, r)
        refused_as_cancelled_or_seated(c, sign_up)
        return c.lost

    return writers, check


@pair("import vs give-up")
def _import_give_up(world: World, r: Round):
    writers = [
        world.import_rows((r.waiting, "", "cancelled")),
        world.agenda(r.seated, r.full, "cancel"),
    ]

    def check(answers: list[Answer]) -> list[str]:
        file, give_up = answers
        c = Check()
        cancelled = fresh(r.waiting).status == "cancelled" and seat(r.waiting, r.full) is None
        c.expect("import", imported(file) and cancelled)
        gave_up(c, give_up, r)
        c.expect("give-up", seat(r.second, r.full) == CONFIRMED)
        return c.lost

    return writers, check


@pair("import vs status change")
def _import_status(world: World, r: Round):
    # The file changes the organisation of `free` while the organiser cancels them: the
    # organisation stays the file's, the status is the last one set (a file read after the
    # cancellation confirms them again, as it says).
    writers = [
        world.import_rows((r.free, FROM_FILE, "confirmed")),
        world.status_change(r.free, "cancelled"),
    ]

    def check(answers: list[Answer]) -> list[str]:
        file, admin = answers
        delegate, c = fresh(r.free), Check()
        cancelled = AttendanceEvent.objects.filter(
            delegate=r.free, action=AttendanceEvent.Action.STATUS_CHANGED, detail__to="cancelled"
        ).exists()
        status, trail = status_trail(r.free)
        c.expect("status change", saved(admin) and cancelled and status == trail, (status, trail))
        c.expect("import", imported(file) and delegate.organisation == FROM_FILE, file.status)
        return c.lost

    return writers, check


def test_every_pair_of_writers_at_once_answers_without_error_and_loses_nothing(gunicorn_server):
    """One test for all pairs: gunicorn's workers keep content types and permissions cached,
    which a flush between tests would leave pointing at rows that are gone. Two pairs race
    at a time, each on rows of its own, so that the CPUs are not idle while one pair's
    writers wait for each other's locks."""
    world = World(gunicorn_server.base)
    planned = {name: world.rounds(ROUNDS) for name in PAIRS}
    with ThreadPoolExecutor(max_workers=LANES) as lanes:
        outcomes = dict(
            zip(
                PAIRS,
                lanes.map(race, repeat(world), PAIRS.values(), planned.values()),
                strict=True,
            )
        )
    results = {
        name: {"5xx": failed, "lost": len(lost)} for name, (failed, lost) in outcomes.items()
    }
    for name, figures in results.items():
        tally(f"desk races: {name}", figures, inputs=2 * ROUNDS)
    shown = [f"{name}: {lost}" for name, (_failed, lost) in outcomes.items() for lost in lost[:3]]
    assert results == {name: {"5xx": 0, "lost": 0} for name in PAIRS}, (
        shown[:20],
        gunicorn_server.log.read_text()[-3000:],
    )
