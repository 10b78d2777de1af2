"""The site outlives its cache (issue 10, item 6), over HTTP as deployed: gunicorn with
production settings and three workers, Redis unreachable (a closed port) or hung (a socket
that takes connections and never answers). Pages come from the database, logins work,
/healthz names the cache's state."""

import json
import socket

import pytest

from tests import sites

TACOMA = "/en/summits/tacoma-2024"
TITLE = "6th China–US Sister Cities Summit"

# Every kind of public answer that goes through the cache, and what shows it is whole.
CACHED_ANSWERS = [
    (f"{TACOMA}/schedule/", "text/html; charset=utf-8", TITLE),
    (f"{TACOMA}/schedule/?kind=keynote", "text/html; charset=utf-8", "Yang Wanming"),
    (f"{TACOMA}/schedule.ics", "text/calendar; charset=utf-8", "END:VCALENDAR"),
    (f"{TACOMA}/schedule.xml", "application/xml; charset=utf-8", "</schedule>"),
    ("/api/v1/summits", "application/json; charset=utf-8", '"slug":"tacoma-2024"'),
    ("/api/v1/summits/tacoma-2024", "application/json; charset=utf-8", '"CN":{"delegates":142'),
    ("/api/v1/summits/tacoma-2024/schedule", "application/json; charset=utf-8", "Yang Wanming"),
]


@pytest.fixture(scope="module")
def without_redis(deployed_files):
    url = f"redis://127.0.0.1:{sites.CLOSED_PORT}/6"
    with sites.gunicorn_site(deployed_files, REDIS_URL=url) as site:
        yield site


@pytest.fixture(scope="module")
def hung_redis(deployed_files):
    """A Redis that accepts connections (the kernel does, into the queue) and never
    answers; gunicorn kills a worker that takes longer than 20 s over a request."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(128)
    url = f"redis://127.0.0.1:{silent.getsockname()[1]}/6"
    with sites.gunicorn_site(deployed_files, REDIS_URL=url, GUNICORN_TIMEOUT="20") as site:
        yield site
    silent.close()


@pytest.mark.parametrize(("path", "content_type", "shows"), CACHED_ANSWERS)
def test_cached_answers_come_from_the_database_without_redis(
    without_redis, path, content_type, shows
):
    reply = without_redis.get(path)

    assert (reply.status, reply.headers["Content-Type"]) == (200, content_type)
    assert shows in reply.text


def test_the_same_answer_twice_without_redis(without_redis):
    first = without_redis.get("/api/v1/summits/tacoma-2024/schedule")
    second = without_redis.get("/api/v1/summits/tacoma-2024/schedule")

    assert json.loads(first.body) == json.loads(second.body)
    assert first.headers["ETag"] == second.headers["ETag"]


def test_admin_login_and_its_session_work_without_redis(without_redis):
    browser = without_redis.browser()

    login = browser.log_in(*sites.ADMIN)
    admin = browser.get("/admin/")

    assert (login.status, login.headers["Location"]) == (302, "/admin/")
    assert admin.status == 200
    assert '<form id="logout-form" method="post" action="/admin/logout/">' in admin.text


def test_healthz_stays_200_and_names_the_cache_unavailable(without_redis):
    reply = without_redis.get("/healthz")

    assert (reply.status, reply.text) == (200, "ok\ndatabase: ok\ncache: unavailable")


@pytest.mark.parametrize(
    "path", [f"{TACOMA}/schedule/", "/api/v1/summits/tacoma-2024", "/healthz", "/admin/login/"]
)
def test_a_redis_that_never_answers_does_not_hold_the_site(hung_redis, path):
    reply = hung_redis.get(path)

    assert reply.status == 200


@pytest.mark.skipif(not sites.redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_healthz_names_the_cache_ok_with_redis(deployed_files):
    with sites.gunicorn_site(deployed_files, REDIS_URL=sites.REDIS_FOR_TESTS) as site:
        reply = site.get("/healthz")

    assert (reply.status, reply.text) == (200, "ok\ndatabase: ok\ncache: ok")
