"""Fixtures shared by the attack tests: the demo data loaded once per module and calling
the WSGI application directly (the project conftest empties the cache around each test)."""

import io

import pytest
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction

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
