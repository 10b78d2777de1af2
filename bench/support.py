"""What the load benchmarks share: a private gunicorn on loopback, wrk's units, and the
PostgreSQL server the benchmarks make their own databases on."""

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
WRK = shutil.which("wrk") or "/usr/bin/wrk"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def child_env(workdir: Path, database_url: str, *, urlconf: str = "") -> dict[str, str]:
    """Production-like settings for the child processes: DEBUG off, static files collected
    into `workdir`, a throwaway key, and never the developer's .env or database; `urlconf`
    in place of the app's own (bench/ceiling.py adds a trivial write to it)."""
    (workdir / "bench_settings.py").write_text(
        "from config.settings.base import *  # noqa: F403\n"
        f"STATIC_ROOT = {str(workdir / 'static')!r}\n"
        + (f"ROOT_URLCONF = {urlconf!r}\n" if urlconf else "")
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        PYTHONPATH=os.pathsep.join([str(workdir), str(BASE_DIR)]),
        DJANGO_SETTINGS_MODULE="bench_settings",
        ENV_FILE=str(workdir / "no.env"),  # never the developer's .env (DEBUG=true there)
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        LOG_LEVEL="WARNING",
    )
    return env


def run(command: list[str], env: dict[str, str]) -> str:
    return subprocess.run(
        command, cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True
    ).stdout


def wait_until_up(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer /healthz in time")


def stop(process: subprocess.Popen | None) -> None:
    """Stop gunicorn (master and workers: its own process group) and wait for it."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """wrk counts a 3xx as success; the benchmarks look at the real status instead."""

    def redirect_request(self, *args, **kwargs):
        return None


WRK_POSTS = """
-- One POST per request, each for another id (threads interleave their ids).
local first, count, threads = {first}, {count}, {threads}
local counter, next_thread = 0, 0
function setup(thread)
  thread:set("offset", next_thread)
  next_thread = next_thread + 1
end
function request()
  local id = first + (counter * threads + offset) % count
  counter = counter + 1
  return wrk.format("POST", "{prefix}" .. id .. "/", nil, "{body}")
end
"""


def wrk_posts(
    base: str,
    headers: dict[str, str],
    ids: tuple[int, int],
    script: Path,
    *,
    prefix: str,
    body: str,
    args,
) -> tuple[float, float, float, int]:
    """Drive `POST {prefix}<id>/` with wrk, every request for the next id of `ids` (first,
    last); requests per second, p50 and p99 in ms, and errors (non-2xx/3xx and sockets)."""
    first, last = ids
    script.write_text(
        WRK_POSTS.format(
            first=first, count=last - first + 1, threads=args.threads, prefix=prefix, body=body
        )
    )
    command = [WRK, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s"]
    command += ["--timeout", "10s", "--latency", "-s", str(script)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command + [base], capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> tuple[float, float, float, int]:
    """wrk's requests/s, p50 and p99 in ms, and its errors (non-2xx/3xx and socket)."""
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        errors += sum(int(n) for n in match.groups())
    return rate, wrk_percentile_ms(output, 50), wrk_percentile_ms(output, 99), errors


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def wrk_percentile_ms(output: str, percent: int) -> float:
    """The latency wrk --latency prints for `percent` (50, 99), in milliseconds."""
    text = re.search(rf"^\s+{percent}%\s+(\S+)", output, re.MULTILINE).group(1)
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS_MS[unit]


def postgres_available() -> bool:
    if not shutil.which("pg_isready"):
        return False
    answer = subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"], check=False)
    return answer.returncode == 0


def postgres_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(sql)
