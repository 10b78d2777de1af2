"""Status changes made by an attendee import: recorded in the attendance trail with who made
them, and a cancellation gives up the delegate's sign-ups (the waiting list moves up)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from delegations.attendance.signups import session_signup
from delegations.models import AttendanceEvent, Delegate, SessionSignup
from tests.factories import SessionFactory, tacoma_time

pytestmark = pytest.mark.django_db

HEADER = "email,full_name_en,country,region,delegation,status\n"
BEFORE = tacoma_time(8)  # the workshop starts at 9:00 on the summit's day
Action = AttendanceEvent.Action


def sheet(**statuses: str) -> bytes:
    """A file with one row per delegate name given, at the status given."""
    lines = [f"{name}@example.org,{name.title()},US,Washington,Tacoma,{status}\n"
             for name, status in statuses.items()]  # fmt: skip
    return (HEADER + "".join(lines)).encode()


@pytest.fixture
def workshop(summit, import_bytes):
    """Ann holds the only seat; Bob then Cai wait for it. Dan has no sign-up."""
    import_bytes(sheet(ann="confirmed", bob="confirmed", cai="registered", dan="registered"))
    session = SessionFactory(summit=summit, accepts_signups=True, capacity=1)
    for name in ("ann", "bob", "cai"):
        delegate = Delegate.objects.get(email=f"{name}@example.org")
        session_signup(delegate=delegate, session=session, at=BEFORE)
    return session


def seats(session) -> list[tuple[str, str]]:
    return list(
        session.signups.order_by("created_at", "pk").values_list("delegate__email", "status")
    )


def trail() -> list[tuple[str, str, object, dict]]:
    """(delegate's email, action, actor's username, detail), oldest first, sign-ups left out."""
    return [
        (event.delegate.email, event.action, getattr(event.actor, "username", None), event.detail)
        for event in AttendanceEvent.objects.exclude(
            action__in=[Action.SIGNED_UP, Action.WAITLISTED]
        )
        .select_related("delegate", "actor")
        .order_by("pk")
    ]


def test_import_cancelling_a_seated_delegate_frees_the_seat_for_the_first_waiting(
    workshop, import_bytes
):
    report = import_bytes(
        sheet(ann="cancelled", bob="confirmed", cai="registered", dan="registered")
    )

    assert (report.updated, report.unchanged, report.errors) == (1, 3, [])
    assert seats(workshop) == [("bob@example.org", "confirmed"), ("cai@example.org", "waitlisted")]
    assert Delegate.objects.get(email="ann@example.org").status == "cancelled"
    assert trail() == [
        ("ann@example.org", Action.STATUS_CHANGED, None, {"from": "confirmed", "to": "cancelled"}),
        ("ann@example.org", Action.SIGNUP_CANCELLED, None, {"was": "confirmed"}),
        ("bob@example.org", Action.PROMOTED, None, {}),
    ]


def test_import_cancelling_the_seated_and_the_first_waiting_gives_the_seat_to_the_next(
    workshop, import_bytes
):
    import_bytes(sheet(ann="cancelled", bob="cancelled", cai="registered", dan="registered"))

    assert seats(workshop) == [("cai@example.org", "confirmed")]
    # Bob leaves the waiting list before Ann's seat is freed: never promoted, then cancelled.
    assert [(email, action) for email, action, _by, _detail in trail()] == [
        ("ann@example.org", Action.STATUS_CHANGED),
        ("bob@example.org", Action.STATUS_CHANGED),
        ("bob@example.org", Action.SIGNUP_CANCELLED),
        ("ann@example.org", Action.SIGNUP_CANCELLED),
        ("cai@example.org", Action.PROMOTED),
    ]


def test_import_records_every_status_change_of_existing_delegates_only(workshop, import_bytes):
    import_bytes(
        sheet(ann="confirmed", bob="attended", cai="confirmed", dan="registered", eve="cancelled")
    )

    assert trail() == [
        ("bob@example.org", Action.STATUS_CHANGED, None, {"from": "confirmed", "to": "attended"}),
        ("cai@example.org", Action.STATUS_CHANGED, None, {"from": "registered", "to": "confirmed"}),
    ]
    assert (
        AttendanceEvent.objects.filter(action=Action.STATUS_CHANGED)
        .get(delegate__email="bob@example.org")
        .summit
        == workshop.summit
    )
    assert seats(workshop) == [
        ("ann@example.org", "confirmed"),
        ("bob@example.org", "waitlisted"),
        ("cai@example.org", "waitlisted"),
    ]


def test_import_without_a_status_column_records_no_change(workshop, summit, import_bytes):
    data = b"email,full_name_en,country,region,delegation\nann@example.org,Ann B,US,Washington,Tacoma\n"

    report = import_bytes(data)

    assert report.updated == 1
    assert trail() == []


def test_admin_import_records_the_organiser_as_the_author(
    workshop, summit, organiser_client, organiser
):
    data = sheet(ann="cancelled", bob="confirmed", cai="registered", dan="registered")
    preview = organiser_client.post(
        "/admin/delegations/delegate/import/",
        {
            "summit": summit.pk,
            "format": "0",
            "resource": "0",
            "import_file": SimpleUploadedFile("attendees.csv", data),
        },
    )
    assert trail() == []  # the preview is a dry run
    form = preview.context["confirm_form"]

    organiser_client.post(
        "/admin/delegations/delegate/process_import/",
        {name: form.initial.get(name, "") for name in form.fields},
    )

    assert trail() == [
        (
            "ann@example.org",
            Action.STATUS_CHANGED,
            "organiser",
            {"from": "confirmed", "to": "cancelled"},
        ),
        ("ann@example.org", Action.SIGNUP_CANCELLED, "organiser", {"was": "confirmed"}),
        ("bob@example.org", Action.PROMOTED, "organiser", {}),
    ]
    assert seats(workshop)[0] == ("bob@example.org", "confirmed")


def test_command_import_records_no_author(workshop, summit, tmp_path):
    path = tmp_path / "attendees.csv"
    path.write_bytes(sheet(ann="cancelled", bob="confirmed", cai="registered", dan="registered"))

    call_command("import_attendees", str(path), summit=summit.slug, stdout=io.StringIO())

    assert [(email, action, by) for email, action, by, _detail in trail()] == [
        ("ann@example.org", Action.STATUS_CHANGED, None),
        ("ann@example.org", Action.SIGNUP_CANCELLED, None),
        ("bob@example.org", Action.PROMOTED, None),
    ]
    assert seats(workshop)[0] == ("bob@example.org", "confirmed")


def test_dry_run_records_nothing_and_keeps_every_seat(workshop, summit, tmp_path, import_bytes):
    before = seats(workshop)
    events = AttendanceEvent.objects.count()
    path = tmp_path / "attendees.csv"
    data = sheet(ann="cancelled", bob="attended", cai="registered", dan="registered")
    path.write_bytes(data)

    report = import_bytes(data, dry_run=True)
    call_command(
        "import_attendees", str(path), summit=summit.slug, dry_run=True, stdout=io.StringIO()
    )

    assert report.updated == 2
    assert AttendanceEvent.objects.count() == events
    assert seats(workshop) == before
    assert Delegate.objects.get(email="ann@example.org").status == "confirmed"


def test_a_file_with_an_error_records_nothing_and_keeps_every_seat(
    workshop, summit, tmp_path, import_bytes
):
    before = seats(workshop)
    events = AttendanceEvent.objects.count()
    data = sheet(ann="cancelled", bob="attended", cai="registered", dan="gone")
    path = tmp_path / "attendees.csv"
    path.write_bytes(data)

    report = import_bytes(data)
    with pytest.raises(CommandError):
        call_command("import_attendees", str(path), summit=summit.slug, stdout=io.StringIO(),
                     stderr=io.StringIO())  # fmt: skip

    assert [str(error) for error in report.errors] == [
        "Row 5, column “status”: “gone” is not one of registered, confirmed, attended, cancelled."
    ]
    assert AttendanceEvent.objects.count() == events
    assert seats(workshop) == before
    assert Delegate.objects.get(email="ann@example.org").status == "confirmed"


@pytest.mark.parametrize("size", [40, 400])
def test_status_changes_are_recorded_with_a_flat_query_count(summit, import_bytes, size):
    names = {f"d{i}": "registered" for i in range(size)}
    import_bytes(sheet(**names))
    confirmed = sheet(**dict.fromkeys(names, "confirmed"))

    with CaptureQueriesContext(connection) as queries:
        report = import_bytes(confirmed)

    assert report.updated == size
    assert AttendanceEvent.objects.filter(action=Action.STATUS_CHANGED).count() == size
    # The import's own ten queries, one update batch, then the events inserted as many a
    # statement as the database's parameter limit allows; no sign-up lookup (nobody was
    # cancelled).
    fields = len([f for f in AttendanceEvent._meta.concrete_fields if not f.primary_key])
    limit = connection.features.max_query_params
    per_batch = min(2000, limit // fields) if limit else 2000
    assert len(queries) <= 11 + -(-size // per_batch), len(queries)


def test_cancelled_delegates_without_sign_ups_cost_one_lookup(summit, import_bytes):
    names = {f"d{i}": "registered" for i in range(300)}
    import_bytes(sheet(**names))
    SessionFactory(summit=summit, accepts_signups=True, capacity=1)

    with CaptureQueriesContext(connection) as queries:
        import_bytes(sheet(**dict.fromkeys(names, "cancelled")))

    # One look-up of their sign-ups; the other query reading sign-ups finds the sessions to
    # lock before the delegates (attendance/locks.py).
    lookups = [q["sql"] for q in queries if 'FROM "delegations_sessionsignup"' in q["sql"]]
    assert [sql.startswith('SELECT "summits_session"."id"') for sql in lookups] == [True, False]
    assert not SessionSignup.objects.exists()
