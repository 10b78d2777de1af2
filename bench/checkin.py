"""Load test of the check-in desk: check-ins per second, and search latency.

Builds a private database (a temporary SQLite file, and PostgreSQL `bench_checkin` when
pg_isready answers) holding one summit with 10,000 delegates from 14 provinces and 21
states (names in Latin, Chinese and Arabic script), logs a check-in staff member in,
serves the app with gunicorn (2 workers, DEBUG off, production static files) on a
loopback port, then:

1. drives the desk's check-in endpoint with wrk (POST with the session cookie and the
   CSRF header, as htmx sends it: each request marks another delegate arrived and
   returns the row and the updated counters) and prints check-ins per second;
2. runs searches one after another through the desk's live search (names in each script,
   emails, delegations, organisations) and prints p50 and p99 latency;
3. drives the same gunicorn, as long, with the cheapest logged-in write it can answer
   (bench/ceiling.py: session, CSRF, one UPDATE in a transaction) as a ceiling, and prints
   check-ins per second as a share of it: what the desk's own work (permission check,
   lock order, audit event, the row and counters) costs.

Targets: 200 check-ins/s on SQLite, search p99 under 50 ms.

    python bench/checkin.py [--delegates 10000] [--duration 20] [--searches 400]
                            [--no-postgres] [--strict]

Results also go to bench/out/checkin-<database>.json (git-ignored). gunicorn and the
temporary databases are removed at the end whatever happens.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import statistics
import string
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

if not __package__:
    # Run as `python bench/<name>.py`: make the project importable (and `bench` with it).
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.checkin_data import SLUG, build_data
from bench.support import (
    BASE_DIR,
    GUNICORN,
    POSTGRES_SERVER,
    PYTHON,
    WRK,
    NoRedirect,
    child_env,
    free_port,
    postgres_admin,
    postgres_available,
    run,
    stop,
    wait_until_up,
    wrk_posts,
)

POSTGRES_DB = "bench_checkin"
CHECK_INS_TARGET, SEARCH_P99_TARGET_MS = 200.0, 50.0
CHECK_IN = "action=arrive&session=&q="  # the form htmx posts: mark arrived, no session

SEARCHES = [
    "王伟", "晓", "陈", "李明", "حداد", "ناصر", "Zhang Min", "chen", "smith", "garcia 12",
    "d1234@", "delegate9", "fujian", "washington state", "port of", "foreign affairs",
    "nobody-at-all", "江苏", "min 7", "jones",
]  # fmt: skip


@dataclass
class Result:
    database: str
    delegates: int
    check_ins_per_s: float
    check_in_p50_ms: float
    check_in_p99_ms: float
    check_in_errors: int
    fresh_check_ins: int
    search_p50_ms: float
    search_p99_ms: float
    searches: int
    # The same gunicorn answering the cheapest logged-in write (bench/ceiling.py).
    ceiling_per_s: float = 0.0
    ceiling_p50_ms: float = 0.0
    ceiling_errors: int = 0

    @property
    def share_of_ceiling(self) -> float:
        return self.check_ins_per_s / self.ceiling_per_s if self.ceiling_per_s else 0.0


# --- Inside a child process that has the bench settings -----------------------------------


def count_arrived() -> None:
    import django

    django.setup()
    from delegations.models import Delegate

    print(Delegate.objects.filter(summit__slug=SLUG, arrived_at__isnull=False).count())


# --- Running ----------------------------------------------------------------------------------


def request(url: str, headers: dict[str, str], data: bytes | None = None) -> tuple[int, str]:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, data=data, headers=headers), timeout=30) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def time_searches(base: str, headers: dict[str, str], count: int) -> list[float]:
    """Live searches one after another, as htmx sends them while staff type."""
    search_headers = {**headers, "HX-Request": "true", "HX-Target": "desk-results"}
    timings = []
    for n in range(count):
        query = urllib.parse.urlencode({"q": SEARCHES[n % len(SEARCHES)], "session": ""})
        started = time.perf_counter()
        status, body = request(f"{base}/en/summits/{SLUG}/check-in/?{query}", search_headers)
        timings.append((time.perf_counter() - started) * 1000)
        if status != 200 or 'id="desk-results"' not in body:
            raise RuntimeError(f"search {query} answered {status}")
    return timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def bench_database(label: str, database_url: str, args) -> Result:
    workdir = Path(tempfile.mkdtemp(prefix="bench-checkin-"))
    gunicorn = None
    try:
        env = child_env(workdir, database_url, urlconf="bench.ceiling")
        print(f"[{label}] migrate, {args.delegates} delegates, collectstatic …", flush=True)
        run([PYTHON, "manage.py", "migrate", "--no-input"], env)
        built = json.loads(
            run([PYTHON, __file__, "--build-data", "--delegates", str(args.delegates)], env)
            .strip()
            .splitlines()[-1]
        )
        run([PYTHON, "manage.py", "collectstatic", "--no-input"], env)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        gunicorn = subprocess.Popen(
            # No control socket: its default path is shared by every gunicorn of the user.
            [GUNICORN, "--workers", "2", "--bind", f"127.0.0.1:{port}", "--no-control-socket"]
            + ["config.wsgi"],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(workdir / "gunicorn.log", "w"),  # noqa: SIM115
            start_new_session=True,  # its own process group, stopped as one
        )
        wait_until_up(base, gunicorn)
        csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        headers = {
            "Cookie": f"sessionid={built['session']}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        # wrk counts a redirect to the login page as a success: check the answer first.
        status, page = request(f"{base}/en/summits/{SLUG}/check-in/?q=wang", headers)
        if status != 200 or "Check-in desk" not in page:
            raise RuntimeError(f"the desk answered {status}: is the staff session valid?")
        status, row = request(
            f"{base}/en/summits/{SLUG}/check-in/{built['last']}/",
            headers,
            CHECK_IN.encode(),
        )
        if status != 200 or "desk-row--arrived" not in row:
            raise RuntimeError(f"a check-in answered {status} without the arrived row")
        status, answer = request(f"{base}/bench/write/{built['last']}/", headers, b"")
        if (status, answer) != (200, "ok"):
            raise RuntimeError(f"the trivial write answered {status}")
        print(f"[{label}] searching …", flush=True)
        time_searches(base, headers, len(SEARCHES))  # warm-up: both workers, templates
        timings = time_searches(base, headers, args.searches)
        print(f"[{label}] checking in for {args.duration} s …", flush=True)
        ids = (built["first"], built["last"])
        desk = f"/en/summits/{SLUG}/check-in/"
        rate, p50, p99, errors = wrk_posts(
            base, headers, ids, workdir / "checkin.lua", prefix=desk, body=CHECK_IN, args=args
        )
        print(f"[{label}] the ceiling: trivial logged-in writes for {args.duration} s …")
        ceiling, ceiling_p50, _p99, ceiling_errors = wrk_posts(
            base, headers, ids, workdir / "ceiling.lua", prefix="/bench/write/", body="", args=args
        )
        fresh = int(run([PYTHON, __file__, "--count-arrived"], env).strip()) - 1
        return Result(
            database=label,
            delegates=args.delegates,
            check_ins_per_s=rate,
            check_in_p50_ms=p50,
            check_in_p99_ms=p99,
            check_in_errors=errors,
            fresh_check_ins=fresh,
            search_p50_ms=statistics.median(timings),
            search_p99_ms=percentile(timings, 0.99),
            searches=len(timings),
            ceiling_per_s=ceiling,
            ceiling_p50_ms=ceiling_p50,
            ceiling_errors=ceiling_errors,
        )
    finally:
        stop(gunicorn)
        log = workdir / "gunicorn.log"
        if log.exists() and "Traceback" in log.read_text():
            print(f"[{label}] gunicorn log had errors:\n{log.read_text()[-3000:]}")
        shutil.rmtree(workdir, ignore_errors=True)


def report(results: list[Result], args) -> list[str]:
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(
        f"\nLoad average at the end: {load} on {os.cpu_count()} CPUs "
        "(other work on the machine shares the CPUs with gunicorn and wrk)."
    )
    print(
        f"Check-in desk, {args.delegates} delegates; gunicorn 2 workers on loopback; "
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s; "
        f"{args.searches} searches one at a time"
    )
    header = (
        f"{'database':<11} {'check-ins/s':>11} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} "
        f"{'fresh':>6} {'search p50':>10} {'search p99':>10} {'ceiling/s':>9} {'share':>6}"
    )
    print(header)
    print("-" * len(header))
    missed = []
    for r in results:
        print(
            f"{r.database:<11} {r.check_ins_per_s:>11.0f} {r.check_in_p50_ms:>7.1f} "
            f"{r.check_in_p99_ms:>7.1f} {r.check_in_errors:>6} {r.fresh_check_ins:>6} "
            f"{r.search_p50_ms:>8.1f}ms {r.search_p99_ms:>8.1f}ms "
            f"{r.ceiling_per_s:>9.0f} {r.share_of_ceiling:>6.0%}"
        )
        if r.check_in_errors or r.ceiling_errors:
            missed.append(
                f"{r.database}: {r.check_in_errors} check-in errors, "
                f"{r.ceiling_errors} trivial write errors"
            )
        if r.database == "SQLite" and r.check_ins_per_s < CHECK_INS_TARGET:
            missed.append(f"SQLite: {r.check_ins_per_s:.0f} check-ins/s < {CHECK_INS_TARGET:.0f}")
        if r.search_p99_ms >= SEARCH_P99_TARGET_MS:
            missed.append(
                f"{r.database}: search p99 {r.search_p99_ms:.0f} ms >= {SEARCH_P99_TARGET_MS:.0f}"
            )
    out = BASE_DIR / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    for r in results:
        figures = {**asdict(r), "share_of_ceiling": round(r.share_of_ceiling, 3)}
        (out / f"checkin-{r.database.lower()}.json").write_text(json.dumps(figures, indent=2))
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delegates", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=20, help="seconds of check-ins (20)")
    parser.add_argument("--searches", type=int, default=400)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--build-data", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--count-arrived", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_data:
        build_data(args.delegates)
        return 0
    if args.count_arrived:
        count_arrived()
        return 0
    # A polite kill runs the `finally` blocks too, so gunicorn never outlives the bench.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not Path(WRK).exists():
        print("wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 1

    results: list[Result] = []
    sqlite_dir = Path(tempfile.mkdtemp(prefix="bench-checkin-db-"))
    try:
        results.append(bench_database("SQLite", f"sqlite:///{sqlite_dir / 'bench.sqlite3'}", args))
    finally:
        shutil.rmtree(sqlite_dir, ignore_errors=True)
    if args.no_postgres:
        print("\nPostgreSQL: skipped (--no-postgres)")
    elif not postgres_available():
        print("\nPostgreSQL: skipped (pg_isready does not answer on 127.0.0.1:5432)")
    else:
        postgres_admin(f"DROP DATABASE IF EXISTS {POSTGRES_DB}")
        postgres_admin(f"CREATE DATABASE {POSTGRES_DB}")
        try:
            results.append(bench_database("PostgreSQL", f"{POSTGRES_SERVER}/{POSTGRES_DB}", args))
        finally:
            postgres_admin(f"DROP DATABASE IF EXISTS {POSTGRES_DB} WITH (FORCE)")
    missed = report(results, args)
    if missed:
        print("\nTargets missed:\n  " + "\n  ".join(missed))
        return 1 if args.strict else 0
    print("\nTargets met: 200 check-ins/s on SQLite, search p99 under 50 ms.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
