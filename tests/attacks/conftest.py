"""Fixtures shared by the attack tests: the demo data loaded once per module, calling the
WSGI application directly (the project conftest empties the cache around each test), and a
real gunicorn serving the test database."""

import io
import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, transaction

from tests.attacks import tallies


def pytest_terminal_summary(terminalreporter):
    if tallies.TALLIES:
        terminalreporter.section("attack tallies")
        for line in tallies.lines():
            terminalreporter.write_line(line)


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    """`load_demo` once for a module of tests that only read, rolled back after them; each
    test still runs in its own savepoint inside this transaction."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        call_command("load_demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_module, db):
    """The demo data (six summits, Tacoma's programme, 291 delegates), for one test."""


@pytest.fixture
def wsgi_keeps_test_connection():
    """Calling the WSGI app directly fires request_started/finished, which close the
    database connection (and with it the test's transaction); Django's test client
    disconnects the same handler."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


ROOT = Path(__file__).resolve().parents[2]
GUNICORN_WORKERS = 4


@dataclass
class Server:
    base: str
    log: Path


@pytest.fixture(scope="module")
def gunicorn_server(django_db_setup, django_db_blocker, tmp_path_factory):
    """gunicorn (4 sync workers, DEBUG off) serving the test database on a loopback port.
    Tests that write through it need `transaction=True`, so that it sees their rows. The
    socket listens before gunicorn starts (`--bind fd://`): the first request waits in its
    backlog until a worker is up, with no polling."""
    with django_db_blocker.unblock():
        database = connection.settings_dict
    folder = tmp_path_factory.mktemp("gunicorn")
    # The admin's two-step import keeps the file between its two requests in the pending
    # imports folder, which the workers share with the test (ATTENDEE_PENDING_IMPORTS_DIR
    # is inherited). No static files are asked for: whitenoise need not look for them.
    (folder / "race_settings.py").write_text(
        "from config.settings.test import *  # noqa: F403\n"
        "WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS = False\n"
        # Mail the workers send (without a broker, at once) is kept in memory, not on disk.
        'EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"\n'
    )
    login = quote(database["USER"] or "postgres")
    if database["PASSWORD"]:
        login += ":" + quote(database["PASSWORD"])
    host = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    url = f"postgres://{login}@{host}/{database['NAME']}"
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")},
        "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "race_settings",
        "ENV_FILE": str(folder / "no.env"),
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": url,
        "LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"fd://{listener.fileno()}",
        "GUNICORN_WORKERS": str(GUNICORN_WORKERS),
        "GUNICORN_ACCESSLOG": "/dev/null",
    }
    log = folder / "gunicorn.log"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with log.open("w") as errors:
        process = subprocess.Popen(
            # Workers forked from one loaded app (less start-up work on a shared machine); no
            # control socket: its default path is shared by every gunicorn of the user.
            [
                str(gunicorn),
                "--config",
                "config/gunicorn.py",
                "--preload",
                "--no-control-socket",
                "config.wsgi",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            pass_fds=[listener.fileno()],
        )
    listener.close()
    try:
        yield Server(base=f"http://127.0.0.1:{port}", log=log)
    finally:
        process.terminate()
        process.wait(timeout=30)
