"""The two staff groups and their permissions, kept in sync after every migrate."""

from typing import Any

from django.apps import AppConfig
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

ORGANISERS = "Organisers"


CHECK_IN_STAFF = "Check-in staff"


# Organisers edit everything in both apps, including import and export...
_ORGANISER_APPS = ("summits", "delegations")
# ...except the rows only the attendance services write (each change checked, locked and
# recorded), and the outbox the mail services write: nobody adds, changes or deletes them
# directly; viewing them is allowed (the outbox to organisers only: it holds addresses).
SERVICE_WRITTEN = ("sessionattendance", "sessionsignup", "attendanceevent", "outboxmessage")
_DIRECT_WRITES = [
    f"{action}_{model}" for model in SERVICE_WRITTEN for action in ("add", "change", "delete")
]


# Check-in staff read the programme and the delegates and record attendance; nothing else.
_CHECK_IN_PERMISSIONS = (
    "summits.view_summit",
    "summits.view_session",
    "summits.view_room",
    "summits.view_venue",
    "summits.view_speaker",
    "summits.view_organisation",
    "delegations.view_locality",
    "delegations.view_delegation",
    "delegations.view_delegate",
    "delegations.view_sessionattendance",
    "delegations.view_sessionsignup",
    # The desk, the badges and undoing a check-in from the admin; the dashboard and the
    # audit trail are the organisers'.
    "delegations.check_in_delegate",
)


def _permissions(codes: tuple[str, ...]) -> list[Permission]:
    wanted = {tuple(code.split(".", 1)) for code in codes}
    found = [
        perm
        for perm in Permission.objects.filter(
            content_type__app_label__in={app for app, _ in wanted}
        ).select_related("content_type")
        if (perm.content_type.app_label, perm.codename) in wanted
    ]
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        raise LookupError(f"Permissions not found: {sorted(missing)}")
    return found


@transaction.atomic
def groups_sync() -> dict[str, int]:
    """Create or update the two staff groups; returns the permission count of each."""
    organisers, _ = Group.objects.get_or_create(name=ORGANISERS)
    organisers.permissions.set(
        Permission.objects.filter(content_type__app_label__in=_ORGANISER_APPS).exclude(
            content_type__app_label="delegations", codename__in=_DIRECT_WRITES
        )
    )
    staff, _ = Group.objects.get_or_create(name=CHECK_IN_STAFF)
    staff.permissions.set(_permissions(_CHECK_IN_PERMISSIONS))
    return {ORGANISERS: organisers.permissions.count(), CHECK_IN_STAFF: staff.permissions.count()}


def groups_sync_after_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    from django.apps import apps

    # Make sure both apps' permissions exist whatever order post_migrate runs in.
    for label in ("summits", "delegations"):
        create_permissions(apps.get_app_config(label), verbosity=0, using=using)
    groups_sync()
