"""Every pair of attendance writers fired at once over HTTP at gunicorn (4 workers) on
PostgreSQL, 40 rounds a pair: no answer is a server error and no action is lost.

The writers are the ones staff and delegates use: the desk's check-in and undo (htmx),
a delegate's sign-up and giving up a seat through their private link, an organiser's
status change in the admin's delegate form, and the admin's attendee import (its
confirmation step; the preview is made before the round). Each round has rows of its own
(`Round`); after both answers the database is compared with what each answer said:
an action reported done that is not there, or refused when it had to succeed, is lost.

The locks they take are documented in docs/attendance.md ("Lock order").
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from delegations.attendance.checkin import delegate_check_in
from delegations.attendance.permissions import CHECK_IN_STAFF, ORGANISERS
from delegations.models import AttendanceEvent, Delegate, SessionAttendance, SessionSignup
from summits.models import Session
from tests.attacks.races import Answer, Browser, fire_together, hidden_fields
from tests.attacks.tallies import tally
from tests.factories import (
    DelegateFactory,
    DelegationFactory,
    LocalityFactory,
    SessionFactory,
    SummitFactory,
    UserFactory,
)

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
CONFIRMED, WAITLISTED = SessionSignup.Status.CONFIRMED, SessionSignup.Status.WAITLISTED
IMPORT = "/admin/delegations/delegate/import/"
PROCESS = "/admin/delegations/delegate/process_import/"
HEADER = "email,full_name_en,country,region,delegation,organisation,status"
FROM_FILE = "Set by the file"
POSITION = re.compile(r"you are number (\d+) on the waiting list")


@dataclass
class Round:
    """One round's rows: `full` has one seat (held by `seated`, with `waiting` then `second`
    on its waiting list); `open` has seats for all; `free` and `spare` hold nothing yet."""

    full: Session
    open: Session
    seated: Delegate
    waiting: Delegate
    second: Delegate
    free: Delegate
    spare: Delegate


class World:
    """The summit, the staff at the desk, the organiser, and how each writer is sent."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.summit = SummitFactory()
        self.delegation = DelegationFactory(
            summit=self.summit,
            name_en="Race Delegation",
            locality=LocalityFactory(country="CN", region_en="Fujian"),
        )
        self.desk_browsers = [Browser(base, UserFactory(groups=[CHECK_IN_STAFF])) for _ in range(2)]
        self.organiser = Browser(base, UserFactory(groups=[ORGANISERS]))

    def rounds(self, count: int) -> list[Round]:
        starts = timezone.now() + timedelta(days=1)
        sessions = Session.objects.bulk_create(
            SessionFactory.build(
                summit=self.summit,
                accepts_signups=True,
                capacity=1 if n % 2 == 0 else None,
                starts_at=starts + timedelta(hours=n % 2),
                ends_at=starts + timedelta(hours=n % 2 + 1),
            )
            for n in range(2 * count)
        )
        people = Delegate.objects.bulk_create(
            DelegateFactory.build_batch(5 * count, delegation=self.delegation, status="confirmed")
        )
        rounds = [
            Round(*sessions[2 * n : 2 * n + 2], *people[5 * n : 5 * n + 5]) for n in range(count)
        ]
        SessionSignup.objects.bulk_create(
            SessionSignup(
                delegate=delegate,
                session=r.full,
                status=status,
                created_at=starts - timedelta(hours=9 - offset),
            )
            for r in rounds
            for offset, (delegate, status) in enumerate(
                [(r.seated, CONFIRMED), (r.waiting, WAITLISTED), (r.second, WAITLISTED)]
            )
        )
        return rounds

    # --- The writers, each a request ready to fire ------------------------------------

    def desk(self, delegate: Delegate, action: str, session=None, *, desk: int = 0):
        path = f"/en/summits/{self.summit.slug}/check-in/{delegate.pk}/"
        data = {"action": action, "session": session.pk if session else "", "q": ""}
        return lambda: self.desk_browsers[desk].request(path, data, htmx=True)

    def agenda(self, delegate: Delegate, session: Session, action: str):
        path = f"/en/agenda/{delegate.agenda_token}/sessions/{session.pk}/"
        browser = Browser(self.base)
        return lambda: browser.request(path, {"action": action})

    def status_change(self, delegate: Delegate, status: str, **changes: str):
        """The organiser's delegate form as the change page showed it before the round
        (each field with its `initial-` copy), with a new status and `changes`."""
        shown = {
            name: getattr(delegate, name) or ""
            for name in (
                *("full_name_en", "full_name_zh_hans", "full_name_ar", "role", "status"),
                *("email", "phone", "organisation", "position"),
            )
        }
        shown.update(
            summit=delegate.summit_id,
            delegation=delegate.delegation_id,
            locality=delegate.locality_id,
        )
        data = {**shown, **{f"initial-{name}": value for name, value in shown.items()}}
        data.update(status=status, _save="Save", **changes)
        path = f"/admin/delegations/delegate/{delegate.pk}/change/"
        return lambda: self.organiser.request(path, data)

    def import_rows(self, *rows: tuple[Delegate, str, str]):
        """The admin's import of a file giving each delegate an organisation and a status:
        the upload and preview now, the confirmation when fired."""
        lines = [HEADER] + [
            f"{d.email},{d.full_name_en},CN,Fujian,Race Delegation,{organisation},{status}"
            for d, organisation, status in rows
        ]
        upload = SimpleUploadedFile("attendees.csv", "\n".join(lines).encode())
        data = {"summit": self.summit.pk, "format": "0", "resource": "0", "import_file": upload}
        preview = self.organiser.request(IMPORT, data, files=True)
        assert preview.status == 200 and "import_file_name" in preview.body, preview.body[-2000:]
        wanted = ("import_file_name", "original_file_name", "format", "resource", "summit")
        confirm = {k: v for k, v in hidden_fields(preview.body).items() if k in wanted}
        return lambda: self.organiser.request(PROCESS, confirm)


# --- What the database says after a round ---------------------------------------------


def seat(delegate: Delegate, session: Session) -> str | None:
    return (
        SessionSignup.objects.filter(delegate=delegate, session=session)
        .values_list("status", flat=True)
        .first()
    )


def checked_in(delegate: Delegate, session: Session) -> bool:
    return SessionAttendance.objects.filter(delegate=delegate, session=session).exists()


def fresh(delegate: Delegate) -> Delegate:
    return Delegate.objects.get(pk=delegate.pk)


def event_pk(delegate: Delegate, action: str) -> int | None:
    return (
        AttendanceEvent.objects.filter(delegate=delegate, action=action)
        .values_list("pk", flat=True)
        .last()
    )


def imported(answer: Answer) -> bool:
    return answer.status == 302 and "/admin/delegations/delegate/?" in answer.location


def saved(answer: Answer) -> bool:
    return answer.status == 302 and answer.location.endswith("/admin/delegations/delegate/")


class Check:
    """Collects the actions a round lost, by writer."""

    def __init__(self) -> None:
        self.lost: list[str] = []

    def expect(self, writer: str, condition: bool) -> None:
        if not condition:
            self.lost.append(writer)


def gave_up(check: Check, answer: Answer, r: Round) -> None:
    """`seated` gave up the seat at `full`: gone, and the seat taken from the waiting list."""
    check.expect(
        "give-up",
        answer.says("is cancelled")
        and seat(r.seated, r.full) is None
        and SessionSignup.objects.filter(session=r.full, status=CONFIRMED).count() == 1,
    )


# --- The pairs ----------------------------------------------------------------------------

Pair = Callable[[World, Round], tuple[list, Callable[[list[Answer]], list[str]]]]
PAIRS: dict[str, Pair] = {}


def pair(name: str) -> Callable[[Pair], Pair]:
    def register(build: Pair) -> Pair:
        PAIRS[name] = build
        return build

    return register


@pair("check-in vs give-up")
def _check_in_give_up(world: World, r: Round):
    # Checking `waiting` in at the session while `seated` gives up the seat they move up to.
    writers = [world.desk(r.waiting, "session", r.full), world.agenda(r.seated, r.full, "cancel")]

    def check(answers: list[Answer]) -> list[str]:
        desk, give_up = answers
        c = Check()
        c.expect("check-in", desk.says("is checked in at") and checked_in(r.waiting, r.full))
        gave_up(c, give_up, r)
        c.expect("promotion", seat(r.waiting, r.full) == CONFIRMED)
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
        c.expect("promotion", seat(r.waiting, r.full) == CONFIRMED)
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
        c.expect("promotion", seat(r.second, r.full) == CONFIRMED)
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
        c.expect("sign-up", told == [expected] and seat(r.free, r.full) == WAITLISTED)
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
            c.expect("sign-up", told == [actual])
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


def cancelled_keeps_nothing(c: Check, writer: str, ok: bool, delegate: Delegate, r: Round) -> None:
    """A delegate cancelled while signing up holds no seat and no place afterwards."""
    c.expect(writer, ok and fresh(delegate).status == "cancelled")
    c.expect("seat of a cancelled delegate", seat(delegate, r.open) is None)


@pair("status change vs sign-up")
def _status_sign_up(world: World, r: Round):
    writers = [world.status_change(r.free, "cancelled"), world.agenda(r.free, r.open, "signup")]

    def check(answers: list[Answer]) -> list[str]:
        admin, sign_up = answers
        c = Check()
        cancelled_keeps_nothing(c, "status change", saved(admin), r.free, r)
        # Refused (the link of a cancelled delegate answers 404) or taken, then given up.
        c.expect("sign-up", sign_up.status == 404 or sign_up.says("You have a seat"))
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
        c.expect("import", imported(file) and delegate.organisation == FROM_FILE)
        c.expect(
            "undo",
            desk.says("undone") and delegate.arrived_at is None and delegate.status == "confirmed",
        )
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
        c.expect("sign-up", sign_up.status == 404 or sign_up.says("You have a seat"))
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
        c.expect("promotion", seat(r.second, r.full) == CONFIRMED)
        return c.lost

    return writers, check


@pair("import vs status change")
def _import_status(world: World, r: Round):
    # The file confirms `free` (already confirmed: it changes the organisation) while the
    # organiser cancels them; whichever comes second sees the other's change.
    writers = [
        world.import_rows((r.free, FROM_FILE, "confirmed")),
        world.status_change(r.free, "cancelled"),
    ]

    def check(answers: list[Answer]) -> list[str]:
        file, admin = answers
        delegate, c = fresh(r.free), Check()
        c.expect("status change", saved(admin) and delegate.status == "cancelled")
        c.expect("import", imported(file) and delegate.organisation == FROM_FILE)
        return c.lost

    return writers, check


@pytest.fixture
def world(gunicorn_server) -> World:
    return World(gunicorn_server.base)


@pytest.mark.parametrize("name", list(PAIRS))
def test_two_writers_at_once_neither_fails_nor_is_lost(world, gunicorn_server, name):
    failed, lost = 0, []
    for r in world.rounds(ROUNDS):
        writers, check = PAIRS[name](world, r)
        answers = fire_together(*writers)
        failed += sum(answer.failed for answer in answers)
        lost += check(answers)
    tally(f"desk races: {name}", {"5xx": failed, "lost": len(lost)}, inputs=2 * ROUNDS)
    log = gunicorn_server.log.read_text()
    assert (failed, lost) == (0, []), log[-3000:]
