"""Writes never fail because of the cache (issue 10, item 6): with Redis unreachable the
cache's version bumps inside a write's transaction are no-ops, and the write is kept. What
the cache could not do is logged once a minute, not once per call."""

import io
import logging

import pytest
from django.core.management import call_command
from django.urls import reverse

from config.log_filters import INTERVAL, OnceAMinute
from config.settings.base import redis_caches
from delegations.models import Delegate
from summits.models import Session
from tests import sites
from tests.factories import DelegateFactory, SessionFactory, SummitFactory, empty_inlines

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings):
    """The project's own Redis settings, pointed at a port where nothing listens."""
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{sites.CLOSED_PORT}/6")


def test_a_check_in_at_the_desk_is_kept_without_redis(staff_client, redis_down):
    delegate = DelegateFactory(delegation__summit=SummitFactory(slug="tacoma-2024"))
    url = reverse("delegations:desk_action", kwargs={"slug": "tacoma-2024", "pk": delegate.pk})

    response = staff_client.post(url, {"action": "arrive"})

    delegate.refresh_from_db()
    assert response.status_code == 302
    assert delegate.arrived_at is not None


def test_an_import_is_kept_without_redis(redis_down):
    summit = SummitFactory(slug="tacoma-2024")

    call_command(
        "import_attendees",
        "tests/data/excel_utf8_bom.csv",
        summit="tacoma-2024",
        stdout=io.StringIO(),
    )

    assert Delegate.objects.filter(summit=summit).count() == 4


def test_a_session_edited_in_the_admin_is_kept_without_redis(admin_client, redis_down):
    session = SessionFactory(title_en="Opening")
    url = reverse("admin:summits_session_change", args=[session.pk])
    form = {
        "summit": session.summit_id,
        "kind": session.kind,
        "title_en": "Opening Ceremony",
        "description_en": "",
        "starts_at_0": "2024-07-19",
        "starts_at_1": "16:00:00",
        "ends_at_0": "2024-07-19",
        "ends_at_1": "17:00:00",
        **empty_inlines(),
    }

    response = admin_client.post(url, form)

    assert response.status_code == 302, response.content.decode()
    assert Session.objects.get(pk=session.pk).title_en == "Opening Ceremony"


@pytest.fixture
def fresh_log_filter():
    """The filter LOGGING put on django-redis' logger (once per logging set-up), without
    what earlier tests logged."""
    filters = [f for f in logging.getLogger("django_redis.cache").filters]
    once = [f for f in filters if isinstance(f, OnceAMinute)]
    assert once, filters
    for each in once:
        each._last.clear()


def test_a_cache_outage_is_logged_once_not_per_call(client, caplog, redis_down, fresh_log_filter):
    SummitFactory(slug="tacoma-2024")

    with caplog.at_level(logging.ERROR, logger="django_redis.cache"):
        for _ in range(3):
            assert client.get("/api/v1/summits/tacoma-2024").status_code == 200

    records = [r for r in caplog.records if r.name == "django_redis.cache"]
    assert [(r.levelname, r.getMessage(), r.exc_info[0].__name__) for r in records] == [
        ("ERROR", "Exception ignored", "ConnectionInterrupted")
    ]


def _record(error: type[Exception]) -> logging.LogRecord:
    return logging.LogRecord(
        "django_redis.cache",
        logging.ERROR,
        __file__,
        1,
        "Exception ignored",
        (),
        (error, error(), None),
    )


def test_once_a_minute_lets_each_kind_of_error_through_again_after_a_minute(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr("config.log_filters.time.monotonic", lambda: now[0])
    once = OnceAMinute()

    passed = [once.filter(_record(ConnectionError)) for _ in range(3)]
    other = once.filter(_record(TimeoutError))
    now[0] += INTERVAL
    later = once.filter(_record(ConnectionError))

    assert (passed, other, later) == ([True, False, False], True, True)
