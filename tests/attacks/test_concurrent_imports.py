"""Two attendee imports of overlapping files at the same moment, in two threads with their
own database connections: no duplicate delegates or delegations, no lost rows, and each
import either succeeds or fails cleanly and succeeds when run again. And a check-in the
desk commits while an import runs is not undone by it.

What the implementation does: a real import locks its summit's row first (`SELECT ... FOR
NO KEY UPDATE`), so two imports into one summit take turns and BOTH succeed, the second
updating what the first created. Imports into different summits run side by side; when
both create the same new province or city, the database refuses the second's insert and
that import fails as a whole with "Please try again", and succeeds when run again.
"""

import threading
import time
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.db.models import Count
from django.db.models.functions import Lower

from delegations.attendance.checkin import delegate_check_in
from delegations.models import AttendanceEvent, Delegate, Delegation, Locality
from delegations.spreadsheets.report import ImportReport
from delegations.spreadsheets.resources import AttendeeSheet, DelegateResource
from tests.attacks.tallies import tally
from tests.factories import DelegateFactory, DelegationFactory, SummitFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite lets one writer in at a time (BEGIN IMMEDIATE), so "
        "two imports there cannot overlap",
    ),
    pytest.mark.django_db(transaction=True),
]

HEADER = "email,full_name_en,country,region,city,delegation,position"
SHARED, OWN = 300, 700  # 1,000 rows a file, 300 of them in both files
RETRY = "changed while the file was being imported"


def sheet(tag: str, *, shared_order=range(SHARED), regions=("Fujian", "Hubei", "Jiangsu")):
    """1,000 rows: the shared people (in the Joint Delegation), then the file's own."""
    lines = [HEADER]
    for n in shared_order:
        region = regions[n % len(regions)]
        lines.append(
            f"shared{n}@example.org,{tag} Shared {n},CN,{region},{region} City {n % 7},"
            f"Joint Delegation,{tag} position"
        )
    for n in range(OWN):
        region = regions[n % len(regions)]
        lines.append(
            f"{tag.lower()}{n}@example.org,{tag} Own {n},CN,{region},,"
            f"{tag} Delegation {n % 10},{tag} position"
        )
    return AttendeeSheet().create_dataset("\n".join(lines).encode())


@dataclass
class Run:
    summit: object
    dataset: object
    report: ImportReport | None = None
    error: BaseException | None = None
    started: float = 0.0
    ended: float = 0.0
    failures: list = field(default_factory=list)


def run_together(*runs: Run) -> None:
    """Start every import at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(runs))

    def work(run: Run) -> None:
        try:
            barrier.wait(timeout=30)
            run.started = time.monotonic()
            run.report = (
                DelegateResource(summit=run.summit).import_data(run.dataset, dry_run=False).report
            )
        except BaseException as error:  # reported by the test, not lost in the thread
            run.error = error
        finally:
            run.ended = time.monotonic()
            connection.close()

    threads = [threading.Thread(target=work, args=(run,)) for run in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "an import hangs"


def overlapped(first: Run, second: Run) -> bool:
    return first.started < second.ended and second.started < first.ended


def values(summit) -> dict[str, tuple[str, str, str]]:
    return {
        email: (name, position, delegation)
        for email, name, position, delegation in Delegate.objects.filter(summit=summit)
        .order_by()
        .values_list("email", "full_name_en", "position", "delegation__name_en")
    }


def assert_no_duplicates(summit) -> None:
    delegates = Delegate.objects.filter(summit=summit)
    assert delegates.values(lowered=Lower("email")).distinct().count() == delegates.count()
    repeated = (
        Delegation.objects.filter(summit=summit)
        .values(lowered=Lower("name_en"))
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert list(repeated) == []
    places = Locality.objects.values(
        "country", folded_region=Lower("region_en"), folded_city=Lower("city_en")
    )
    assert places.distinct().count() == Locality.objects.count()


def expected_rows(tag: str) -> dict[str, tuple[str, str, str]]:
    return {
        f"{tag.lower()}{n}@example.org": (f"{tag} Own {n}", f"{tag} position",
                                          f"{tag} Delegation {n % 10}")
        for n in range(OWN)
    }  # fmt: skip


def shared_rows(tag: str) -> dict[str, tuple[str, str, str]]:
    return {
        f"shared{n}@example.org": (f"{tag} Shared {n}", f"{tag} position", "Joint Delegation")
        for n in range(SHARED)
    }


ROUNDS = 3  # a race is lost only some of the time


def test_two_imports_into_one_summit_take_turns_and_both_succeed():
    for _round in range(ROUNDS):
        summit = SummitFactory()
        # Opposite orders of the shared people: the pattern that deadlocks two writers.
        alpha = Run(summit, sheet("Alpha"))
        beta = Run(summit, sheet("Beta", shared_order=reversed(range(SHARED))))

        run_together(alpha, beta)

        assert (alpha.error, beta.error) == (None, None)
        assert overlapped(alpha, beta), "the two imports did not run at the same time"
        assert [str(e) for e in alpha.report.errors + beta.report.errors] == []
        first, second = sorted((alpha, beta), key=lambda run: run.report.new, reverse=True)
        assert (first.report.new, first.report.updated) == (SHARED + OWN, 0)
        assert (second.report.new, second.report.updated) == (OWN, SHARED)

        assert_no_duplicates(summit)
        stored = values(summit)
        assert len(stored) == SHARED + 2 * OWN
        # Nothing lost: each file's own people as that file says, the shared people as the
        # file imported last says (all of them: it updated what the first one created).
        last = "Alpha" if second is alpha else "Beta"
        assert stored == {**expected_rows("Alpha"), **expected_rows("Beta"), **shared_rows(last)}
        assert Delegation.objects.filter(summit=summit, name_en="Joint Delegation").count() == 1
    tally("concurrent imports: one summit (both succeed)", {"imports": 2 * ROUNDS})


def test_two_updates_of_the_same_delegates_in_opposite_orders_both_succeed():
    for _round in range(ROUNDS):
        summit = SummitFactory()
        DelegateResource(summit=summit).import_data(sheet("Before"), dry_run=False)
        alpha = Run(summit, sheet("Alpha"))
        beta = Run(summit, sheet("Beta", shared_order=reversed(range(SHARED))))

        run_together(alpha, beta)

        assert (alpha.error, beta.error) == (None, None)
        assert overlapped(alpha, beta)
        assert [str(e) for e in alpha.report.errors + beta.report.errors] == []
        assert sorted((r.report.new, r.report.updated) for r in (alpha, beta)) == [
            (OWN, SHARED),
            (OWN, SHARED),
        ]
        assert_no_duplicates(summit)
        stored = values(summit)
        shared = {email: row for email, row in stored.items() if email.startswith("shared")}
        assert shared in (shared_rows("Alpha"), shared_rows("Beta"))
        assert len(stored) == SHARED + 3 * OWN  # Before's own people are kept too
    tally("concurrent imports: same delegates updated", {"imports": 2 * ROUNDS})


def test_imports_into_two_summits_creating_the_same_places_fail_cleanly_then_succeed():
    outcomes = {"succeeded at once": 0, "failed cleanly, then succeeded": 0}
    for round_number in range(2 * ROUNDS):
        # Many new places (a province and 7 cities each), in opposite orders.
        regions = [f"Province {round_number}-{n}" for n in range(60)]
        runs = [
            Run(SummitFactory(), sheet("Alpha", regions=regions)),
            Run(SummitFactory(), sheet("Beta", regions=list(reversed(regions)))),
        ]

        run_together(*runs)

        assert [run.error for run in runs] == [None, None]
        assert overlapped(*runs)
        for run in runs:
            if run.report.saved:
                outcomes["succeeded at once"] += 1
                continue
            # Refused as a whole, with the message that says what to do, and nothing kept.
            assert [error.message for error in run.report.errors] == [
                "The delegates of this summit changed while the file was being imported; "
                "nothing was imported. Please try again."
            ]
            assert not Delegate.objects.filter(summit=run.summit).exists()
            again = DelegateResource(summit=run.summit).import_data(run.dataset, dry_run=False)
            assert again.report.errors == []
            outcomes["failed cleanly, then succeeded"] += 1
        for run in runs:
            assert Delegate.objects.filter(summit=run.summit).count() == SHARED + OWN
            assert_no_duplicates(run.summit)
        assert Locality.objects.filter(region_en__in=regions, city_en="").count() == len(regions)
    tally("concurrent imports: two summits, same new places", outcomes)
    assert sum(outcomes.values()) == 4 * ROUNDS


def test_a_check_in_committed_by_the_desk_during_an_import_is_not_undone():
    """The desk (its own thread and connection) checks Ann in and commits after the import
    read the delegates and before it writes: the import keeps her attended, writes the rest
    of her row, and her arrival is the only status event she has."""
    summit = SummitFactory()
    delegation = DelegationFactory(summit=summit, name_en="Fujian Delegation")
    ann = DelegateFactory(delegation=delegation, email="ann@example.org", full_name_en="Ann")
    desk_errors: list[BaseException] = []

    def desk() -> None:
        try:
            delegate_check_in(delegate=Delegate.objects.get(pk=ann.pk), by=None)
        except BaseException as error:  # reported by the test
            desk_errors.append(error)
        finally:
            connection.close()

    def check_in_meanwhile(stage: str, done: int, total: int) -> None:
        if stage == "check":
            thread = threading.Thread(target=desk)
            thread.start()
            thread.join(timeout=30)
            assert not thread.is_alive(), "the check-in waits for the import"

    dataset = AttendeeSheet().create_dataset(
        b"email,full_name_en,country,region,delegation,organisation,status\n"
        b"ann@example.org,Ann,CN,Fujian,Fujian Delegation,Acme,confirmed\n"
    )
    report = (
        DelegateResource(summit=summit)
        .import_data(dataset, dry_run=False, progress=check_in_meanwhile)
        .report
    )

    assert desk_errors == []
    assert report.saved, report.errors
    assert report.summary() == "0 new, 1 updated, 0 unchanged, 1 kept as attended, 0 errors"
    ann.refresh_from_db()
    assert (ann.status, ann.organisation, ann.arrived_at is not None) == ("attended", "Acme", True)
    assert list(AttendanceEvent.objects.filter(delegate=ann).values_list("action", flat=True)) == [
        "arrived"
    ]
