"""An import never undoes what happened after its file was read (issue 10, item 4), and
never moves anyone out of `attended`."""

import io

import pytest

from delegations.attendance.checkin import delegate_check_in
from delegations.models import AttendanceEvent, Delegate
from delegations.spreadsheets.exports import delegates_export
from delegations.spreadsheets.resources import AttendeeSheet, DelegateResource
from tests.factories import DelegateFactory, DelegationFactory, LocalityFactory

pytestmark = pytest.mark.django_db

HEADER = "email,full_name_en,country,region,delegation,organisation,status\r\n"


@pytest.fixture
def delegation(summit):
    fujian = LocalityFactory(country="CN", region_en="Fujian")
    return DelegationFactory(summit=summit, name_en="Fujian Delegation", locality=fujian)


def _import(summit, data: bytes, **kwargs):
    dataset = AttendeeSheet().create_dataset(data)
    return DelegateResource(summit=summit).import_data(dataset, **kwargs).report


def _events(delegate: Delegate) -> list[tuple[str, dict]]:
    return list(
        AttendanceEvent.objects.filter(delegate=delegate)
        .order_by("pk")
        .values_list("action", "detail")
    )


def test_reimporting_an_earlier_export_keeps_checked_in_delegates_attended(summit, delegation):
    delegates = [
        DelegateFactory(
            delegation=delegation, email=f"d{i}@example.org", status=Delegate.Status.CONFIRMED
        )
        for i in range(5)
    ]
    export = io.BytesIO()
    delegates_export(
        queryset=Delegate.objects.filter(summit=summit), file_format="csv", stream=export
    )
    for delegate in delegates[:3]:
        delegate_check_in(delegate=delegate, by=None)

    preview = _import(summit, export.getvalue(), dry_run=True)
    report = _import(summit, export.getvalue(), dry_run=False)

    for shown in (preview, report):
        assert shown.kept_attended == 3
        assert shown.summary() == "0 new, 0 updated, 5 unchanged, 3 kept as attended, 0 errors"
    assert report.saved
    statuses = dict(Delegate.objects.values_list("email", "status"))
    assert statuses == {
        "d0@example.org": "attended",
        "d1@example.org": "attended",
        "d2@example.org": "attended",
        "d3@example.org": "confirmed",
        "d4@example.org": "confirmed",
    }
    # Only the desk's record: the import wrote no status change.
    assert [action for action, _detail in _events(delegates[0])] == ["arrived"]


def test_a_file_giving_an_attended_delegate_another_status_keeps_attended(summit, delegation):
    ann = DelegateFactory(delegation=delegation, email="ann@example.org", full_name_en="Ann")
    delegate_check_in(delegate=ann, by=None)

    report = _import(
        summit,
        (HEADER + "ann@example.org,Ann,CN,Fujian,Fujian Delegation,Acme,cancelled\r\n").encode(),
    )

    ann.refresh_from_db()
    assert (ann.status, ann.organisation, report.kept_attended) == ("attended", "Acme", 1)
    assert report.summary() == "0 new, 1 updated, 0 unchanged, 1 kept as attended, 0 errors"
    assert [action for action, _detail in _events(ann)] == ["arrived"]


def test_a_check_in_between_planning_and_writing_is_not_undone(summit, delegation):
    """The file was read when Ann was registered; the desk checks her in once every row
    is checked, before anything is written (the import's own progress callback: "check"
    ends just before the writes). The import still writes her organisation, keeps her
    attended and records no status change of its own; Bob's status change is recorded."""
    ann = DelegateFactory(delegation=delegation, email="ann@example.org", full_name_en="Ann")
    bob = DelegateFactory(delegation=delegation, email="bob@example.org", full_name_en="Bob")

    def desk_checks_in_ann(stage: str, done: int, total: int) -> None:
        if stage == "check":
            delegate_check_in(delegate=Delegate.objects.get(pk=ann.pk), by=None)

    data = HEADER + (
        "ann@example.org,Ann,CN,Fujian,Fujian Delegation,Acme,confirmed\r\n"
        "bob@example.org,Bob,CN,Fujian,Fujian Delegation,Acme,confirmed\r\n"
    )
    report = _import(summit, data.encode(), dry_run=False, progress=desk_checks_in_ann)

    assert report.saved and not report.errors
    ann.refresh_from_db()
    bob.refresh_from_db()
    assert (ann.status, ann.organisation, ann.arrived_at is not None) == ("attended", "Acme", True)
    assert (bob.status, bob.organisation) == ("confirmed", "Acme")
    assert [action for action, _detail in _events(ann)] == ["arrived"]
    assert _events(bob) == [("status_changed", {"from": "registered", "to": "confirmed"})]
    assert report.summary() == "0 new, 2 updated, 0 unchanged, 1 kept as attended, 0 errors"


def test_a_field_changed_between_planning_and_writing_is_an_error_and_nothing_is_written(
    summit, delegation, snapshot
):
    ann = DelegateFactory(
        delegation=delegation, email="ann@example.org", full_name_en="Ann", position="Mayor"
    )

    def organiser_edits_ann(stage: str, done: int, total: int) -> None:
        if stage == "check":
            edited = Delegate.objects.get(pk=ann.pk)
            edited.organisation = "City Hall"
            edited.save()

    data = HEADER + "ann@example.org,Ann,CN,Fujian,Fujian Delegation,Acme,confirmed\r\n"
    report = _import(summit, data.encode(), dry_run=False, progress=organiser_edits_ann)

    assert [str(error) for error in report.errors] == [
        "Row 2, column “organisation”: this delegate was changed by someone else while the "
        "file was imported; nothing was imported. Please export again or try again."
    ]
    assert not report.saved
    ann.refresh_from_db()
    assert (ann.organisation, ann.status) == ("City Hall", "registered")
    assert _events(ann) == []


def test_a_status_changed_between_planning_and_writing_is_kept(summit, delegation):
    """Someone confirms Ann meanwhile; the file (read earlier) changes only her name."""
    ann = DelegateFactory(delegation=delegation, email="ann@example.org", full_name_en="Ann")

    def organiser_confirms_ann(stage: str, done: int, total: int) -> None:
        if stage == "check":
            Delegate.objects.filter(pk=ann.pk).update(status="confirmed")
            edited = Delegate.objects.get(pk=ann.pk)
            edited.save()  # a new updated_at, as every change through the app gives

    data = "email,full_name_en,country,region,delegation\r\n"
    data += "ann@example.org,Ann Lee,CN,Fujian,Fujian Delegation\r\n"
    report = _import(summit, data.encode(), dry_run=False, progress=organiser_confirms_ann)

    assert report.saved, report.errors
    ann.refresh_from_db()
    assert (ann.full_name_en, ann.status) == ("Ann Lee", "confirmed")
    assert _events(ann) == []


def test_a_third_status_against_one_changed_meanwhile_is_an_error(summit, delegation):
    """Someone cancels Ann meanwhile; the file (read earlier) confirms her: neither wins
    silently, the row and column are named and nothing is written."""
    ann = DelegateFactory(delegation=delegation, email="ann@example.org", full_name_en="Ann")
    DelegateFactory(delegation=delegation, email="bob@example.org", full_name_en="Bob")

    def organiser_cancels_ann(stage: str, done: int, total: int) -> None:
        if stage == "check":
            edited = Delegate.objects.get(pk=ann.pk)
            edited.status = Delegate.Status.CANCELLED
            edited.save()

    data = HEADER + (
        "ann@example.org,Ann,CN,Fujian,Fujian Delegation,,confirmed\r\n"
        "bob@example.org,Bob,CN,Fujian,Fujian Delegation,,confirmed\r\n"
    )
    report = _import(summit, data.encode(), dry_run=False, progress=organiser_cancels_ann)

    assert [str(error) for error in report.errors] == [
        "Row 2, column “status”: changed from registered to cancelled by someone else while "
        "the file was imported; nothing was imported. Please try again."
    ]
    assert (report.updated, report.saved) == (0, False)
    assert dict(Delegate.objects.values_list("email", "status")) == {
        "ann@example.org": "cancelled",
        "bob@example.org": "registered",
    }
    assert AttendanceEvent.objects.filter(action="status_changed").count() == 0
