import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


@pytest.mark.django_db
def test_ensure_admin_prints_a_generated_password_once(capsys):
    call_command("ensure_admin")
    first = capsys.readouterr().out
    password = first.split("password: ")[1].split()[0]
    admin = get_user_model().objects.get(username="admin")
    assert admin.check_password(password)
    assert (admin.is_superuser, list(admin.groups.values_list("name", flat=True))) == (
        True,
        ["Organisers"],
    )

    call_command("ensure_admin")
    second = capsys.readouterr().out
    assert password not in second
    assert "password as set before" in second


@pytest.mark.django_db
def test_ensure_admin_uses_the_password_from_the_environment(capsys, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long local password")
    call_command("ensure_admin")
    assert "a long local password" not in capsys.readouterr().out
    assert get_user_model().objects.get(username="admin").check_password("a long local password")
