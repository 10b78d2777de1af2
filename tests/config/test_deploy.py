import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECRET_KEY", "DEBUG", "SECURE_"))
    }
    environment["ENV_FILE"] = "/nonexistent/.env"
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="k" * 20 + "a-long-and-random-production-secret-value-0123456789",
        ALLOWED_HOSTS="summits.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_settings_refuse_to_start_without_a_secret_key():
    result = _manage(
        "check", DJANGO_SETTINGS_MODULE="config.settings.production", ALLOWED_HOSTS="x"
    )
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_debug_is_off_unless_set():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        DJANGO_SETTINGS_MODULE="config.settings.base",
        SECRET_KEY="x",
        DEBUG="",
    )
    assert result.stdout.strip().splitlines()[-1] == "False"


def _redis_answers() -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_redis_url_moves_the_cache_to_redis_and_keeps_sessions_in_the_database():
    script = (
        "from django.conf import settings; from django.core.cache import cache;"
        "cache.set('summits-deploy-test', 'shared', 30);"
        "print(settings.SESSION_ENGINE, cache.get('summits-deploy-test'));"
        "cache.delete('summits-deploy-test')"
    )
    result = _manage(
        "shell",
        "-c",
        script,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="x",
        REDIS_URL="redis://127.0.0.1:6379/9",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["django.contrib.sessions.backends.db", "shared"]


PROXIED_REQUESTS = (
    "from django.test import RequestFactory; from axes.helpers import get_client_ip_address;"
    "chains = ['203.0.113.7', '203.0.113.7, 10.0.0.4', '198.51.100.9, 203.0.113.7, 10.0.0.4'];"
    "print([get_client_ip_address(RequestFactory().get('/', REMOTE_ADDR='10.0.0.5',"
    " HTTP_X_FORWARDED_FOR=chain)) for chain in chains])"
)


@pytest.mark.parametrize(
    ("proxies", "clients"),
    [
        # Production's default: one proxy (nginx) at 10.0.0.5. A longer header is the client's
        # own X-Forwarded-For in front of what the proxy wrote: the proxy's entry counts.
        (None, ["203.0.113.7", "10.0.0.4", "10.0.0.4"]),
        # A load balancer (10.0.0.4) then nginx: the address the load balancer wrote.
        ("2", [None, "203.0.113.7", "203.0.113.7"]),
        # No proxy: the socket's address, whatever the header says.
        ("0", ["10.0.0.5", "10.0.0.5", "10.0.0.5"]),
    ],
)
def test_login_throttling_sees_the_client_the_trusted_proxies_name(proxies, clients):
    environment = {"TRUSTED_PROXY_COUNT": proxies} if proxies is not None else {}
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        PROXIED_REQUESTS,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="x",
        **environment,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == repr(clients)
