"""A short load run on the public programme: the production gunicorn configuration
(config/gunicorn.py, 2 workers) on a loopback port, over a temporary SQLite file with the
demo loaded, and wrk (-t2 -c8, 5 s) on the programme page, the API programme and the
calendar feed at the same time. Zero errors: no non-2xx answer, no socket error.

The longer benchmark with targets and PostgreSQL is `make bench` (bench/pages.py), whose
helpers this test reuses.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from bench.pages import BASE_DIR, GUNICORN, WRK, check_ok, free_port, parse_wrk, stop, wait_until_up
from tests.attacks.tallies import tally

pytestmark = pytest.mark.skipif(
    not Path(WRK).exists(), reason="needs wrk (Debian: apt-get install wrk)"
)

DURATION = 5
URLS = {
    "programme page": "/en/summits/tacoma-2024/schedule/",
    "API programme": "/api/v1/summits/tacoma-2024/schedule",
    "schedule.ics": "/en/summits/tacoma-2024/schedule.ics",
}
SETTINGS = """\
from config.settings.production import *  # noqa: F403

# Static files from the apps directly: no collectstatic (and its compression) for a
# five-second run; pages and feeds are what is measured.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
"""


@pytest.fixture
def server(tmp_path):
    """gunicorn with the production settings over a fresh SQLite file holding the demo."""
    (tmp_path / "load_settings.py").write_text(SETTINGS)
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        PYTHONPATH=os.pathsep.join([str(tmp_path), str(BASE_DIR)]),
        DJANGO_SETTINGS_MODULE="load_settings",
        ENV_FILE=str(tmp_path / "no.env"),
        SECRET_KEY=secrets.token_urlsafe(50),
        SECURE_SSL="false",  # plain HTTP on loopback; the proxy does TLS in production
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'load.sqlite3'}",
        LOG_LEVEL="WARNING",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
        GUNICORN_ACCESSLOG="/dev/null",
    )
    setup = "import django; django.setup(); from django.core.management import call_command; "
    setup += "call_command('migrate', verbosity=0); call_command('load_demo', verbosity=0)"
    subprocess.run([sys.executable, "-c", setup], cwd=BASE_DIR, env=env, check=True,
                   capture_output=True)  # fmt: skip
    log = tmp_path / "gunicorn.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [GUNICORN, "--config", "config/gunicorn.py", "config.wsgi"],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,  # its own process group, stopped as one
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base, process)
            yield base
        finally:
            stop(process)
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]


def wrk(url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [WRK, "-t2", "-c8", f"-d{DURATION}s", "--timeout", "10s", "--latency",
         "--header", "Accept-Encoding: gzip", url],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def test_programme_under_load_answers_every_request(server):
    for path in URLS.values():
        check_ok(server + path)  # wrk counts a redirect as a success: make sure of 200 first

    runs = {name: wrk(server + path) for name, path in URLS.items()}
    results = {}
    for name, run in runs.items():
        output, _ = run.communicate(timeout=DURATION + 30)
        assert run.returncode == 0, output
        rate, p50, p99, errors = parse_wrk(output)
        results[name] = {"requests": round(rate * DURATION), "errors": errors, "p99": p99}

    assert {name: result["errors"] for name, result in results.items()} == dict.fromkeys(URLS, 0)
    for name, result in results.items():
        assert result["requests"] > 50, (name, result)
    tally(
        "load run (3 URLs at once, wrk -t2 -c8 -d5s each)",
        {f"{name}: requests": result["requests"] for name, result in results.items()}
        | {f"{name}: p99 ms": round(result["p99"]) for name, result in results.items()},
        inputs=sum(result["requests"] for result in results.values()),
    )
