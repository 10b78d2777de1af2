"""The two staff groups: what each may do, and which admin pages open for check-in staff
(attendance/permissions.py)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from delegations.attendance.permissions import CHECK_IN_STAFF, ORGANISERS, groups_sync
from tests.factories import DelegateFactory, SessionAttendanceFactory

pytestmark = pytest.mark.django_db

CHECK_IN_STAFF_PERMISSIONS = [
    "delegations.check_in_delegate",
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


def permission_codes(group_name: str) -> list[str]:
    group = Group.objects.get(name=group_name)
    return sorted(
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    )


def app_permission_codes(*apps: str) -> list[str]:
    return sorted(
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.filter(content_type__app_label__in=apps).select_related(
            "content_type"
        )
    )


# Rows only the attendance and mail services write: nobody gets a direct write on them.
DIRECT_WRITES = [
    f"delegations.{action}_{model}"
    for model in ("attendanceevent", "sessionattendance", "sessionsignup", "outboxmessage")
    for action in ("add", "change", "delete")
]


def organiser_permission_codes() -> list[str]:
    return [c for c in app_permission_codes("summits", "delegations") if c not in DIRECT_WRITES]


def test_migrate_creates_the_two_staff_groups():
    assert sorted(Group.objects.values_list("name", flat=True)) == [CHECK_IN_STAFF, ORGANISERS]


def test_check_in_staff_have_exactly_the_listed_permissions():
    assert permission_codes(CHECK_IN_STAFF) == CHECK_IN_STAFF_PERMISSIONS


def test_organisers_have_every_permission_of_both_apps_but_direct_attendance_writes():
    codes = permission_codes(ORGANISERS)

    assert codes == organiser_permission_codes()
    assert not set(DIRECT_WRITES) & set(codes)
    assert "delegations.view_attendanceevent" in codes
    assert "delegations.view_attendance_dashboard" in codes
    assert "delegations.export_delegate" in codes
    assert {"delegations.view_outboxmessage", "delegations.resend_outboxmessage"} <= set(codes)
    assert not any(code.startswith("auth.") for code in codes)


def test_groups_sync_puts_back_what_was_changed_by_hand():
    staff = Group.objects.get(name=CHECK_IN_STAFF)
    staff.permissions.remove(Permission.objects.get(codename="check_in_delegate"))
    staff.permissions.add(Permission.objects.get(codename="change_delegate"))
    Group.objects.get(name=ORGANISERS).permissions.clear()

    counts = groups_sync()

    assert counts == {
        ORGANISERS: len(organiser_permission_codes()),
        CHECK_IN_STAFF: len(CHECK_IN_STAFF_PERMISSIONS),
    }
    assert permission_codes(CHECK_IN_STAFF) == CHECK_IN_STAFF_PERMISSIONS
    assert permission_codes(ORGANISERS) == organiser_permission_codes()
    assert groups_sync() == counts


def test_check_in_staff_may_open_what_the_door_needs_in_the_admin(staff_client):
    attendance = SessionAttendanceFactory()
    pages = [
        reverse("admin:index"),
        reverse("admin:delegations_delegate_changelist"),
        reverse("admin:delegations_delegate_change", args=[attendance.delegate.pk]),
        reverse("admin:delegations_sessionattendance_changelist"),
        reverse("admin:delegations_sessionattendance_change", args=[attendance.pk]),
        reverse("admin:delegations_sessionsignup_changelist"),
        reverse("admin:summits_session_changelist"),
    ]

    assert [staff_client.get(page).status_code for page in pages] == [200] * len(pages)


def test_check_in_staff_may_not_open_the_rest_of_the_admin(staff_client):
    delegate = DelegateFactory()
    pages = [
        reverse("admin:delegations_delegate_add"),
        reverse("admin:delegations_delegate_delete", args=[delegate.pk]),
        reverse("admin:delegations_attendanceevent_changelist"),
        reverse("admin:delegations_sessionattendance_add"),
        reverse("admin:summits_session_add"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_group_changelist"),
    ]

    assert [staff_client.get(page).status_code for page in pages] == [403] * len(pages)


def test_check_in_staff_see_a_delegate_read_only(staff_client):
    delegate = DelegateFactory(full_name_en="Wang Xiaoming")

    page = staff_client.get(reverse("admin:delegations_delegate_change", args=[delegate.pk]))

    html = page.content.decode()
    assert "Wang Xiaoming" in html
    assert 'name="full_name_en"' not in html
    assert 'name="_save"' not in html
