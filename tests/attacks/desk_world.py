"""The rows and the writers of the desk races (test_desk_races.py): a summit with its desk
staff and organiser, rows of their own for each round, each writer as a request ready to
fire at gunicorn, and what the database says afterwards."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.utils import timezone
from import_export.tmp_storages import MediaStorage

from delegations.attendance.permissions import CHECK_IN_STAFF, ORGANISERS
from delegations.mail.models import Announcement
from delegations.models import (
    AttendanceEvent,
    Delegate,
    Delegation,
    SessionAttendance,
    SessionSignup,
)
from delegations.spreadsheets.resources import AttendeeSheet
from summits.models import Session, Summit
from tests.attacks.races import Answer, Browser, fire_together
from tests.factories import (
    DelegateFactory,
    DelegationFactory,
    LocalityFactory,
    SessionFactory,
    SummitFactory,
    UserFactory,
    publish,
)

CONFIRMED, WAITLISTED = SessionSignup.Status.CONFIRMED, SessionSignup.Status.WAITLISTED
PROCESS = "/admin/delegations/delegate/process_import/"
HEADER = "email,full_name_en,country,region,delegation,organisation,status"


@dataclass
class Round:
    """One round's rows, at a summit of its own: `full` has one seat (held by `seated`, with
    `waiting` then `second` on its waiting list); `open` has seats for all; `free` and
    `spare` hold nothing yet."""

    summit: Summit
    full: Session
    open: Session
    seated: Delegate
    waiting: Delegate
    second: Delegate
    free: Delegate
    spare: Delegate


class World:
    """The staff at the desk, the organiser, the rounds' rows, and how each writer is sent."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.fujian = LocalityFactory(country="CN", region_en="Fujian")
        self.desk_browsers = [Browser(base, UserFactory(groups=[CHECK_IN_STAFF])) for _ in range(2)]
        self.organiser = Browser(base, UserFactory(groups=[ORGANISERS]))

    def rounds(self, count: int) -> list[Round]:
        """`count` rounds, each at a summit of its own, as a summit on the day has a few
        sessions taking sign-ups (a cancellation locks them all)."""
        starts = timezone.now() + timedelta(days=1)
        summits = Summit.objects.bulk_create(SummitFactory.build_batch(count))
        delegations = Delegation.objects.bulk_create(
            DelegationFactory.build(summit=summit, name_en="Race Delegation", locality=self.fujian)
            for summit in summits
        )
        sessions = Session.objects.bulk_create(
            SessionFactory.build(
                summit=summit,
                accepts_signups=True,
                capacity=capacity,
                starts_at=starts + timedelta(hours=hour),
                ends_at=starts + timedelta(hours=hour + 1),
            )
            for summit in summits
            for hour, capacity in ((0, 1), (1, None))
        )
        for summit in summits:
            publish(summit)  # delegates sign up for the published programme's sessions
        people = Delegate.objects.bulk_create(
            DelegateFactory.build(delegation=delegation, status="confirmed")
            for delegation in delegations
            for _ in range(5)
        )
        rounds = [
            Round(summits[n], *sessions[2 * n : 2 * n + 2], *people[5 * n : 5 * n + 5])
            for n in range(count)
        ]
        SessionSignup.objects.bulk_create(
            SessionSignup(
                delegate=delegate,
                session=r.full,
                status=status,
                created_at=timezone.now() - timedelta(hours=3 - offset),
            )
            for r in rounds
            for offset, (delegate, status) in enumerate(
                [(r.seated, CONFIRMED), (r.waiting, WAITLISTED), (r.second, WAITLISTED)]
            )
        )
        return rounds

    # --- The writers, each a request ready to fire ------------------------------------

    def desk(self, delegate: Delegate, action: str, session=None, *, desk: int = 0):
        path = f"/en/summits/{delegate.summit.slug}/check-in/{delegate.pk}/"
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

    def announcement_send(self, announcement: Announcement):
        """The organiser's *Send* action on a message to delegates, as the list posts it."""
        data = {"action": "send", "_selected_action": announcement.pk}
        return lambda: self.organiser.request("/admin/delegations/announcement/", data)

    def import_rows(self, *rows: tuple[Delegate, str, str]):
        """The confirmation of the admin's import of a file giving each delegate an
        organisation and a status. Its upload step is left out of the race: the file is put
        where that step puts it (the pending imports folder gunicorn shares)."""
        lines = [HEADER] + [
            f"{d.email},{d.full_name_en},CN,Fujian,Race Delegation,{organisation},{status}"
            for d, organisation, status in rows
        ]
        pending = MediaStorage(read_mode=AttendeeSheet().get_read_mode())
        pending.save("\n".join(lines).encode())
        confirm = {
            "import_file_name": pending.name,
            "original_file_name": "attendees.csv",
            "format": "0",
            "resource": "0",
            "summit": rows[0][0].summit_id,
        }
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


def status_trail(delegate: Delegate) -> tuple[str, str | None]:
    """The delegate's status, and the one their audit trail leads to (None: no event)."""
    implied = None
    for action, detail in (
        AttendanceEvent.objects.filter(delegate=delegate)
        .order_by("pk")
        .values_list("action", "detail")
    ):
        if action == AttendanceEvent.Action.ARRIVED:
            implied = Delegate.Status.ATTENDED
        elif action == AttendanceEvent.Action.ARRIVAL_UNDONE:
            implied = detail["restored_status"]
        elif action == AttendanceEvent.Action.STATUS_CHANGED:
            implied = detail["to"]
    return fresh(delegate).status, implied


def imported(answer: Answer) -> bool:
    return answer.status == 302 and "/admin/delegations/delegate/?" in answer.location


def saved(answer: Answer) -> bool:
    return answer.status == 302 and answer.location.endswith("/admin/delegations/delegate/")


class Check:
    """The writers whose action a round lost, each once, with what showed it."""

    def __init__(self) -> None:
        self.found: dict[str, str] = {}

    def expect(self, writer: str, condition: bool, shown: object = "") -> None:
        if not condition:
            self.found.setdefault(writer, f"{writer} {shown}".strip())

    @property
    def lost(self) -> list[str]:
        return list(self.found.values())


def gave_up(check: Check, answer: Answer, r: Round) -> None:
    """`seated` gave up the seat at `full`: gone, and the seat taken from the waiting list."""
    seats = SessionSignup.objects.filter(session=r.full, status=CONFIRMED).count()
    check.expect(
        "give-up",
        answer.says("is cancelled") and seat(r.seated, r.full) is None and seats == 1,
        (answer.status, answer.messages, seats),
    )


def cancelled_keeps_nothing(c: Check, writer: str, ok: bool, delegate: Delegate, r: Round) -> None:
    """A delegate cancelled while signing up holds no seat and no place afterwards."""
    status, place = fresh(delegate).status, seat(delegate, r.open)
    c.expect(writer, ok and status == "cancelled" and place is None, (status, place))


# --- The pairs and their race ------------------------------------------------------------

Pair = Callable[[World, Round], tuple[list, Callable[[list[Answer]], list[str]]]]
PAIRS: dict[str, Pair] = {}


def pair(name: str) -> Callable[[Pair], Pair]:
    def register(build: Pair) -> Pair:
        PAIRS[name] = build
        return build

    return register


def race(world: World, build: Pair, rounds: list[Round]) -> tuple[int, list[str]]:
    """Fire one pair round after round; the 5xx answers and what each lost action showed."""
    failed, lost = 0, []
    try:
        for r in rounds:
            writers, check = build(world, r)
            answers = fire_together(*writers)
            failed += sum(answer.failed for answer in answers)
            lost += check(answers)
    finally:
        connection.close()  # this thread's own
    return failed, lost
