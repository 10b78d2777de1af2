"""The two staff groups and what each may do with attendance."""

import pytest
from django.contrib.auth.models import Group

from delegations.attendance.permissions import CHECK_IN_STAFF, ORGANISERS, groups_sync
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_groups_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {ORGANISERS, CHECK_IN_STAFF}


def test_groups_sync_is_repeatable():
    first = groups_sync()
    second = groups_sync()

    assert first == second
    assert Group.objects.filter(name__in=[ORGANISERS, CHECK_IN_STAFF]).count() == 2


def test_check_in_staff_check_in_but_see_no_dashboard_or_audit_trail():
    door = UserFactory(groups=[CHECK_IN_STAFF])

    assert door.has_perm("delegations.check_in_delegate")
    assert door.has_perm("delegations.add_sessionattendance")
    assert not door.has_perm("delegations.view_attendance_dashboard")
    assert not door.has_perm("delegations.view_attendanceevent")
    assert not door.has_perm("delegations.change_delegate")
    assert not door.has_perm("delegations.export_delegate")


def test_organisers_may_do_everything_with_attendance():
    organiser = UserFactory(groups=[ORGANISERS])

    for permission in (
        "delegations.check_in_delegate",
        "delegations.view_attendance_dashboard",
        "delegations.view_attendanceevent",
        "delegations.view_sessionsignup",
        "delegations.change_delegate",
    ):
        assert organiser.has_perm(permission), permission


def test_check_in_staff_permissions_are_exactly_the_listed_ones():
    staff = Group.objects.get(name=CHECK_IN_STAFF)

    codes = sorted(
        f"{p.content_type.app_label}.{p.codename}"
        for p in staff.permissions.select_related("content_type")
    )

    assert codes == [
        "delegations.add_sessionattendance",
        "delegations.change_sessionattendance",
        "delegations.check_in_delegate",
        "delegations.delete_sessionattendance",
        "delegations.view_delegate",
        "delegations.view_delegation",
        "delegations.view_locality",
        "delegations.view_sessionattendance",
        "delegations.view_sessionsignup",
        "summits.view_organisation",
        "summits.view_room",
        "summits.view_session",
        "summits.view_speaker",
        "summits.view_summit",
        "summits.view_venue",
    ]
