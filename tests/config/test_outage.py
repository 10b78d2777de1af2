"""The app survives a database restart: /healthz says 503 while it is down, 200 after.

Runs a private PostgreSQL server (never the shared one) and a real gunicorn worker with
persistent connections, the configuration that gives a stale connection after a restart.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
# No REDIS_URL: each worker's own memory cache, which always answers.
HEALTHY = "ok\ndatabase: ok\ncache: ok"
DATABASE_DOWN = "unavailable\ndatabase: unavailable\ncache: ok"

pytestmark = pytest.mark.skipif(
    not PG_BIN or os.geteuid() != 0 or shutil.which("runuser") is None,
    reason="needs PostgreSQL server binaries and root (to run them as user postgres)",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(*command: str) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True)


def _health(port: int) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _wait_for(port: int, expected: int, seconds: float = 20) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    while True:
        try:
            result = _health(port)
        except (urllib.error.URLError, ConnectionError):
            result = (0, "not listening")
        if result[0] == expected or time.monotonic() > deadline:
            return result
        time.sleep(0.2)


@pytest.fixture
def private_postgres():
    # Not pytest's tmp_path: user postgres cannot enter root's private pytest folder.
    tempfile_dir = tempfile.mkdtemp(prefix="summits-outage-")
    os.chmod(tempfile_dir, 0o777)
    data = Path(tempfile_dir) / "data"
    bin_dir = PG_BIN[-1]
    port = _free_port()
    _as_postgres(f"{bin_dir}/initdb", "-D", str(data), "-A", "trust", "-U", "postgres")
    pg_ctl = [f"{bin_dir}/pg_ctl", "-D", str(data), "-w"]
    options = ["-o", f"-p {port} -k {tempfile_dir} -c listen_addresses=127.0.0.1"]
    log = ["-l", str(Path(tempfile_dir) / "pg.log")]
    _as_postgres(*pg_ctl, *options, *log, "start")

    class Server:
        url = f"postgres://postgres@127.0.0.1:{port}/postgres"

        def stop(self) -> None:
            _as_postgres(*pg_ctl, "-m", "fast", "stop")

        def start(self) -> None:
            _as_postgres(*pg_ctl, *options, *log, "start")

    yield Server()
    subprocess.run(
        ["runuser", "-u", "postgres", "--", *pg_ctl, "-m", "immediate", "stop"],
        capture_output=True,
    )
    shutil.rmtree(tempfile_dir, ignore_errors=True)


def test_healthz_reports_a_database_outage_and_recovers_by_itself(private_postgres):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECURE_SSL": "false",
        "SECRET_KEY": "outage-test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "ENV_FILE": "/nonexistent/.env",
        "DATABASE_URL": private_postgres.url,
        "CONN_MAX_AGE": "600",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_ACCESSLOG": "/dev/null",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "--config", "config/gunicorn.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_for(port, 200) == (200, HEALTHY)
        private_postgres.stop()
        assert _wait_for(port, 503) == (503, DATABASE_DOWN)
        private_postgres.start()
        # The persistent connection from before the restart is dead; the very next
        # request must not fail because of it.
        assert _health(port) == (200, HEALTHY)
        assert _health(port) == (200, HEALTHY)
    finally:
        server.terminate()
        server.wait(timeout=20)
