import pytest
from django.db import connection
from django.db.utils import OperationalError

from config.settings.base import redis_caches
from tests import sites


@pytest.fixture
def redis_down(settings):
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{sites.CLOSED_PORT}/6")


@pytest.fixture
def database_down(monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_and_cache_answer(client):
    response = client.get("/healthz")

    assert (response.status_code, response.content) == (200, b"ok\ndatabase: ok\ncache: ok")
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_ok_naming_the_cache_unavailable(client, redis_down):
    response = client.get("/healthz")

    assert (response.status_code, response.content) == (
        200,
        b"ok\ndatabase: ok\ncache: unavailable",
    )


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails(client, database_down):
    response = client.get("/healthz")

    assert (response.status_code, response.content) == (
        503,
        b"unavailable\ndatabase: unavailable\ncache: ok",
    )


@pytest.mark.django_db
def test_healthz_answers_503_when_both_fail(client, database_down, redis_down):
    response = client.get("/healthz")

    assert response.content == b"unavailable\ndatabase: unavailable\ncache: unavailable"
