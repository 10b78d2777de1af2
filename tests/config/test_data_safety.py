import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from delegations.models import Delegate
from summits.models import Summit
from tests.factories import DelegateFactory, SessionAttendanceFactory


@pytest.mark.django_db
def test_deleting_a_summit_asks_first_and_lists_its_delegates(admin_client):
    delegate = DelegateFactory(full_name_en="Ann Lee")
    summit = delegate.summit
    page = admin_client.get(f"/admin/summits/summit/{summit.pk}/delete/").content.decode()
    assert "Are you sure you want to delete the summit" in page
    assert "Ann Lee" in page
    assert Delegate.objects.filter(pk=delegate.pk).exists()


@pytest.mark.django_db
def test_a_summit_with_attendance_history_cannot_be_deleted_by_cascade(admin_client):
    attendance = SessionAttendanceFactory()
    summit = attendance.session.summit
    page = admin_client.get(f"/admin/summits/summit/{summit.pk}/delete/").content.decode()
    # Refused twice over: attendance is protected, and nobody may delete its records in
    # the admin (they are written by the attendance services only).
    assert "<title>Cannot delete summit | Sister Summits admin</title>" in page
    response = admin_client.post(f"/admin/summits/summit/{summit.pk}/delete/", {"post": "yes"})
    assert response.status_code in (200, 403)
    assert Summit.objects.filter(pk=summit.pk).exists()
    assert Delegate.objects.filter(pk=attendance.delegate_id).exists()


@pytest.mark.django_db(transaction=True)
def test_every_migration_can_be_reversed_and_reapplied():
    executor = MigrationExecutor(connection)
    leaves = [
        key for key in executor.loader.graph.leaf_nodes() if key[0] in {"summits", "delegations"}
    ]
    assert leaves
    call_command("migrate", "delegations", "zero", verbosity=0)
    call_command("migrate", "summits", "zero", verbosity=0)
    call_command("migrate", verbosity=0)
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []


@pytest.mark.django_db
def test_a_delegation_with_delegates_cannot_be_deleted_on_its_own(admin_client):
    delegate = DelegateFactory(full_name_en="Ann Lee")
    url = f"/admin/delegations/delegation/{delegate.delegation_id}/delete/"
    page = admin_client.get(url).content.decode()
    assert "would require deleting the following protected related objects" in page
    admin_client.post(url, {"post": "yes"})
    assert Delegate.objects.filter(pk=delegate.pk).exists()
