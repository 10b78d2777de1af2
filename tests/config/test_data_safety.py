import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from delegations.models import Delegate
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
    # Refused before the database's PROTECT is reached: nobody deletes attendance in the
    # admin (it is written only by the attendance services), a superuser included.
    assert "Cannot delete summit" in page
    assert "permission to delete the following types of objects" in page
    assert "session attendance" in page
    response = admin_client.post(f"/admin/summits/summit/{summit.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200
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
