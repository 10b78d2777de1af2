"""Attendance written around the services through the admin (issue 10, item 2).

Check-in staff could add, change and delete session attendance in the admin: record a
cancelled delegate at another summit's session, credited to another user, with no audit
event. The admin now shows these rows read-only to anyone; the one write it offers, undoing
check-ins, goes through the desk's service and is recorded.
"""

import pytest
from django.urls import reverse

from delegations.models import AttendanceEvent, SessionAttendance
from tests.attacks.tallies import tally
from tests.factories import (
    DelegateFactory,
    SessionAttendanceFactory,
    SessionFactory,
    SummitFactory,
    UserFactory,
    tacoma_time,
)

pytestmark = pytest.mark.django_db

ATTENDANCE = "admin:delegations_sessionattendance"


def test_check_in_staff_cannot_record_a_forged_attendance_in_the_admin(staff_client):
    cancelled = DelegateFactory(status="cancelled")
    elsewhere = SessionFactory(summit=SummitFactory())
    someone_else = UserFactory(username="someone-else")
    forged = {
        "delegate": cancelled.pk,
        "session": elsewhere.pk,
        "checked_in_at_0": "2024-07-19",
        "checked_in_at_1": "09:05:00",
        "checked_in_by": someone_else.pk,
    }

    page = staff_client.get(reverse(f"{ATTENDANCE}_add"))
    response = staff_client.post(reverse(f"{ATTENDANCE}_add"), forged)

    assert (page.status_code, response.status_code) == (403, 403)
    assert not SessionAttendance.objects.exists()
    assert not AttendanceEvent.objects.exists()
    tally("admin attendance writes", {"refused": 1})


@pytest.mark.parametrize("client_name", ["staff_client", "organiser_client", "admin_client"])
def test_nobody_changes_or_deletes_an_attendance_in_the_admin(request, client_name):
    client = request.getfixturevalue(client_name)
    attendance = SessionAttendanceFactory()
    other = UserFactory(username="credited-by-mistake")
    change = reverse(f"{ATTENDANCE}_change", args=[attendance.pk])
    delete = reverse(f"{ATTENDANCE}_delete", args=[attendance.pk])

    answers = (
        client.get(reverse(f"{ATTENDANCE}_add")).status_code,
        client.post(
            change,
            {
                "delegate": attendance.delegate.pk,
                "session": attendance.session.pk,
                "checked_in_at_0": "2024-07-19",
                "checked_in_at_1": "11:00:00",
                "checked_in_by": other.pk,
            },
        ).status_code,
        client.post(delete, {"post": "yes"}).status_code,
    )

    # The change page is there read-only (200 for a GET); a POST to it changes nothing.
    assert answers == (403, 403, 403)
    assert client.get(change).status_code == 200
    kept = SessionAttendance.objects.get()
    assert (kept.checked_in_at, kept.checked_in_by) == (tacoma_time(9, 5), None)
    tally("admin attendance writes", {"refused": 3})


def test_undo_check_in_from_the_admin_goes_through_the_desk_service(staff_client, check_in_staff):
    attendance = SessionAttendanceFactory()
    kept = SessionAttendanceFactory(delegate=attendance.delegate)

    response = staff_client.post(
        reverse(f"{ATTENDANCE}_changelist"),
        {"action": "check_in_undo", "_selected_action": [attendance.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == ["1 check-in undone."]
    assert list(SessionAttendance.objects.all()) == [kept]
    event = AttendanceEvent.objects.get()
    assert (event.action, event.delegate, event.session, event.actor) == (
        AttendanceEvent.Action.CHECK_IN_UNDONE,
        attendance.delegate,
        attendance.session,
        check_in_staff,
    )
