"""The app as it is deployed, for tests over HTTP: gunicorn with production settings and
several workers, over a database of its own (a SQLite file, or a PostgreSQL database beside
the suite's when DATABASE_URL names one) holding the demo data and an admin account.

The listening socket is made here and handed to gunicorn (`fd://`), so a request sent
before the workers are up waits in the socket's queue: no polling for readiness."""

import http.client
import os
import socket
import subprocess
import sys
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ADMIN = ("site-admin", "a long and careful password 42")
CLOSED_PORT = 6390  # nothing listens there: Redis "down"
REDIS_FOR_TESTS = "redis://127.0.0.1:6379/6"


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def site_database(directory: Path) -> tuple[str, Callable[[], None]]:
    """The site's DATABASE_URL and how to remove that database afterwards."""
    suite = os.environ.get("DATABASE_URL", "")
    if not suite.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{directory / 'db.sqlite3'}", lambda: None
    import psycopg

    parsed = urllib.parse.urlsplit(suite)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"{parsed.path.lstrip('/')}_site_{worker}"
    server = parsed._replace(path="/postgres").geturl()

    def run(statement: str) -> None:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(statement)

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    return parsed._replace(path=f"/{name}").geturl(), lambda: run(
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    )


def _environment(directory: Path, database_url: str) -> dict[str, str]:
    kept = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECRET_KEY", "DEBUG", "SECURE_", "REDIS_", "GUNICORN"))
        and key not in ("DATABASE_URL", "TRUSTED_PROXY_COUNT")
    }
    return {
        **kept,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECURE_SSL": "false",
        "SECRET_KEY": "site-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "ENV_FILE": "/nonexistent/.env",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(directory / "static"),
        "GUNICORN_ACCESSLOG": "/dev/null",
    }


def manage(environment: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def site_files_prepare(directory: Path, database_url: str) -> dict[str, str]:
    """Migrate `database_url`, load the demo, collect the static files under `directory` and
    add an admin account; the environment that runs the app on them."""
    environment = _environment(directory, database_url)
    manage(environment, "migrate", "--no-input", "--verbosity", "0")
    manage(environment, "load_demo")
    manage(environment, "collectstatic", "--no-input", "--verbosity", "0")
    script = (
        "from django.contrib.auth import get_user_model;"
        f"get_user_model().objects.create_superuser({ADMIN[0]!r}, 'admin@example.org', "
        f"{ADMIN[1]!r})"
    )
    manage(environment, "shell", "--no-imports", "-c", script)
    return environment


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


@dataclass
class Browser:
    """One client of the site: its own cookies, no redirects followed."""

    port: int
    forwarded_for: str | None = None
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        *,
        raw: tuple[bytes, str] | None = None,
    ) -> Reply:
        """`form` is sent url-encoded; `raw` is a body and its content type (a multipart
        upload)."""
        # As a browser sends it: the cached answers of two sites on one Redis stay apart.
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.forwarded_for:
            headers["X-Forwarded-For"] = self.forwarded_for
        body = None
        if form is not None:
            raw = urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded"
        if raw is not None:
            body, headers["Content-Type"] = raw
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            reply = Reply(response.status, response.headers, response.read())
        finally:
            connection.close()
        for header in reply.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return reply

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def log_in(self, username: str, password: str) -> Reply:
        """The admin's login form, as a browser fills it in."""
        self.get("/admin/login/")
        form = {
            "csrfmiddlewaretoken": self.cookies["csrftoken"],
            "username": username,
            "password": password,
            "next": "/admin/",
        }
        return self.request("POST", "/admin/login/?next=/admin/", form)


@dataclass
class Site:
    port: int

    def browser(self, *, forwarded_for: str | None = None) -> Browser:
        return Browser(self.port, forwarded_for)

    def get(self, path: str) -> Reply:
        return self.browser().get(path)


@contextmanager
def gunicorn_site(environment: dict[str, str], *, workers: int = 3, **env: str) -> Iterator[Site]:
    """gunicorn serving the prepared files with `env` on top, for the `with` block."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    gunicorn = Path(sys.executable).with_name("gunicorn")
    # The workers' own log beside the files, for whoever reads a failure.
    log = (Path(environment["STATIC_ROOT"]).parent / "gunicorn.log").open("ab")
    server = subprocess.Popen(
        [str(gunicorn), "--config", "config/gunicorn.py", "config.wsgi"],
        cwd=ROOT,
        env={
            **environment,
            "GUNICORN_BIND": f"fd://{listener.fileno()}",
            "GUNICORN_WORKERS": str(workers),
            **env,
        },
        pass_fds=(listener.fileno(),),
        stdout=log,
        stderr=log,
    )
    listener.close()
    try:
        yield Site(port)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
