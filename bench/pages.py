"""Load test of the public programme: page, calendar feed, frab XML and API vs /healthz.

Builds a private database (SQLite, and PostgreSQL `bench_pages` when pg_isready answers)
holding one summit of 300 sessions and 60 speakers, collects static files into a temporary
folder, serves the app with gunicorn (2 workers, DEBUG off) on a loopback port, and drives
each URL with wrk (`-t2 -c16`, 20 s by default). Prints requests/s, p50, p99, errors
(non-2xx responses plus socket errors) and the ratio to /healthz, then checks the targets:
programme page and API at least 40% of /healthz requests/s, p99 under 100 ms, no errors.

    python bench/pages.py [--duration 20] [--no-postgres] [--strict]

Results also go to bench/out/pages-<database>.json (git-ignored). gunicorn and the
temporary database are removed at the end whatever happens.
"""

import argparse
import datetime as dt
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

if not __package__:
    # Run as `python bench/<name>.py`: make the project importable (and `bench` with it).
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.support import (
    BASE_DIR,
    GUNICORN,
    POSTGRES_SERVER,
    PYTHON,
    WRK,
    NoRedirect,
    child_env,
    free_port,
    parse_wrk,
    postgres_admin,
    postgres_available,
    run,
    stop,
    wait_until_up,
)

POSTGRES_DB = "bench_pages"
SLUG = "bench-summit"
SESSIONS, SPEAKERS, ROOMS, DAYS = 300, 60, 10, 3
RATIO_TARGET, P99_TARGET_MS = 0.40, 100.0


@dataclass
class Result:
    name: str
    path: str
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int
    ratio: float = 0.0


# --- The data, built inside a child process that has the bench settings -----------------


def build_data() -> None:
    """One summit (Tacoma, 3 days, 10 rooms) with 300 sessions, 60 speakers, 240 delegates."""
    import django

    django.setup()
    from django.db import transaction

    from delegations.models import Delegate, Delegation, Locality
    from summits.models import (
        Organisation,
        Room,
        Session,
        SessionSpeaker,
        Speaker,
        Summit,
        Venue,
    )

    tz = dt.timezone(dt.timedelta(hours=-7))  # PDT throughout the summit's dates
    kinds = list(Session.Kind.values)
    roles = [SessionSpeaker.Role.MODERATOR, SessionSpeaker.Role.PANELLIST]
    with transaction.atomic():
        cpaffc = Organisation(
            name_en="Chinese People's Association for Friendship with Foreign Countries",
            name_zh_hans="中国人民对外友好协会",
            name_ar="جمعية الشعب الصيني للصداقة مع البلدان الأجنبية",
            short_name_en="CPAFFC",
            slug="bench-cpaffc",
        )
        sci = Organisation(
            name_en="Sister Cities International", short_name_en="SCI", slug="bench-sci"
        )
        for organisation in (cpaffc, sci):
            organisation.full_clean()
            organisation.save()
        summit = Summit(
            ordinal=900,
            title_en="Benchmark Sister Cities Summit",
            title_zh_hans="基准姐妹城市峰会",
            title_ar="قمة المدن الشقيقة التجريبية",
            theme_en="Shared Visions for a Brighter Future",
            city_en="Tacoma",
            country="US",
            timezone="America/Los_Angeles",
            starts_on=dt.date(2024, 7, 19),
            ends_on=dt.date(2024, 7, 19) + dt.timedelta(days=DAYS - 1),
            slug=SLUG,
        )
        summit.full_clean()
        summit.save()
        summit.hosts.set([cpaffc, sci])
        venue = Venue.objects.create(
            summit=summit,
            name_en="Greater Tacoma Convention Center",
            address_en="1500 Commerce St, Tacoma, WA",
        )
        rooms = Room.objects.bulk_create(
            Room(venue=venue, name_en=f"Room {n + 1}", name_ar=f"القاعة {n + 1}", position=n)
            for n in range(ROOMS)
        )
        speakers = Speaker.objects.bulk_create(
            Speaker(
                name_en=f"Speaker {n + 1}",
                name_zh_hans=f"发言人 {n + 1}",
                position_en="Mayor" if n % 2 else "Director",
                organisation=(cpaffc, sci)[n % 2],
                bio_en="Works on sister-city exchanges.",
                slug=f"bench-speaker-{n + 1}",
            )
            for n in range(SPEAKERS)
        )
        sessions = []
        for n in range(SESSIONS):
            day, rest = divmod(n, SESSIONS // DAYS)
            slot, room = divmod(rest, ROOMS)
            starts = dt.datetime.combine(
                summit.starts_on + dt.timedelta(days=day), dt.time(8 + slot), tzinfo=tz
            )
            sessions.append(
                Session(
                    summit=summit,
                    kind=kinds[n % len(kinds)],
                    title_en=f"Session {n + 1}: trade, ports and youth exchanges",
                    title_zh_hans=f"第{n + 1}场：贸易、港口与青年交流",
                    title_ar=f"الجلسة {n + 1}: التجارة والموانئ وتبادل الشباب",
                    description_en="Mayors and provincial leaders compare notes.\n\n" * 3,
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(minutes=50),
                    room=rooms[room],
                )
            )
        sessions = Session.objects.bulk_create(sessions)
        SessionSpeaker.objects.bulk_create(
            SessionSpeaker(
                session=session,
                speaker=speakers[(n + k) % SPEAKERS],
                role=roles[min(k, 1)],
                position=k,
            )
            for n, session in enumerate(sessions)
            for k in range(2 + n % 2)
        )
        for country, regions, count in (("CN", 14, 142), ("US", 21, 104)):
            localities = Locality.objects.bulk_create(
                Locality(country=country, region_en=f"{country} region {r + 1}")
                for r in range(regions)
            )
            delegations = Delegation.objects.bulk_create(
                Delegation(
                    summit=summit,
                    name_en=f"{locality.region_en} delegation",
                    country=country,
                    locality=locality,
                )
                for locality in localities
            )
            Delegate.objects.bulk_create(
                Delegate(
                    summit=summit,
                    delegation=delegations[d % regions],
                    locality=localities[d % regions],
                    full_name_en=f"Delegate {country} {d + 1}",
                    email=f"delegate-{country.lower()}-{d + 1}@bench.invalid",
                )
                for d in range(count)
            )
    print(f"built {SESSIONS} sessions, {SPEAKERS} speakers, 246 delegates")


# --- Running -----------------------------------------------------------------------------


def check_ok(url: str) -> None:
    """wrk counts 3xx as success: make sure each URL really answers 200 first."""
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise RuntimeError(f"{url} answered {status}, not 200")


def drive(url: str, duration: int, threads: int, connections: int) -> tuple[float, ...]:
    # A generous timeout so that a slow page shows as slow latency rather than vanishing
    # into wrk's timeout count (its default is 2 s); timeouts still count as errors.
    command = [
        WRK,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "--latency",
        # Every phone browser and calendar app asks for gzip; so does the benchmark.
        "--header",
        "Accept-Encoding: gzip",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def bench_database(label: str, database_url: str, args: argparse.Namespace) -> list[Result]:
    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    gunicorn = None
    try:
        env = child_env(workdir, database_url)
        print(f"[{label}] migrate, build data, collectstatic …", flush=True)
        run([PYTHON, "manage.py", "migrate", "--no-input"], env)
        run([PYTHON, __file__, "--build-data"], env)
        run([PYTHON, "manage.py", "collectstatic", "--no-input"], env)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        gunicorn = subprocess.Popen(
            [GUNICORN, "--workers", "2", "--bind", f"127.0.0.1:{port}", "config.wsgi"],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(workdir / "gunicorn.log", "w"),  # noqa: SIM115
            start_new_session=True,  # its own process group, stopped as one
        )
        wait_until_up(base, gunicorn)
        urls = [
            ("programme page", f"/en/summits/{SLUG}/schedule/"),
            ("schedule.ics", f"/en/summits/{SLUG}/schedule.ics"),
            ("schedule.xml", f"/en/summits/{SLUG}/schedule.xml"),
            ("API programme", f"/api/v1/summits/{SLUG}/schedule"),
            ("/healthz", "/healthz"),
        ]
        results = []
        for name, path in urls:
            check_ok(base + path)
            # A short warm-up so both workers have loaded templates and filled caches.
            drive(base + path, 2, args.threads, args.connections)
            rate, p50, p99, errors = drive(
                base + path, args.duration, args.threads, args.connections
            )
            results.append(Result(name, path, rate, p50, p99, errors))
            print(f"[{label}] {name}: {rate:.0f} req/s", flush=True)
        ceiling = results[-1].requests_per_s
        for result in results:
            result.ratio = result.requests_per_s / ceiling if ceiling else 0.0
        return results
    finally:
        stop(gunicorn)
        log = workdir / "gunicorn.log"
        if log.exists() and "Traceback" in log.read_text():
            print(f"[{label}] gunicorn log had errors:\n{log.read_text()[-3000:]}")
        shutil.rmtree(workdir, ignore_errors=True)


def report(label: str, results: list[Result], args: argparse.Namespace) -> list[str]:
    print(
        f"\n{label}: {SESSIONS} sessions, {SPEAKERS} speakers; gunicorn 2 workers; "
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s"
    )
    header = f"{'URL':<16} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'/healthz':>9}"
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r.name:<16} {r.requests_per_s:>8.0f} {r.p50_ms:>8.1f} {r.p99_ms:>8.1f} "
            f"{r.errors:>7} {r.ratio:>8.0%}"
        )
    missed = []
    for r in results:
        if r.errors:
            missed.append(f"{label} {r.name}: {r.errors} errors")
        if r.p99_ms >= P99_TARGET_MS:
            missed.append(f"{label} {r.name}: p99 {r.p99_ms:.0f} ms >= {P99_TARGET_MS:.0f} ms")
        if r.name in ("programme page", "API programme") and r.ratio < RATIO_TARGET:
            missed.append(f"{label} {r.name}: {r.ratio:.0%} of /healthz < {RATIO_TARGET:.0%}")
    out = BASE_DIR / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"pages-{label.lower()}.json").write_text(
        json.dumps([asdict(r) for r in results], indent=2)
    )
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds per URL (20)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--build-data", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_data:
        build_data()
        return 0
    # A polite kill runs the `finally` blocks too, so gunicorn never outlives the bench.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not Path(WRK).exists():
        print("wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 1

    missed: list[str] = []
    sqlite_dir = Path(tempfile.mkdtemp(prefix="bench-pages-db-"))
    try:
        results = bench_database("SQLite", f"sqlite:///{sqlite_dir / 'bench.sqlite3'}", args)
        missed += report("SQLite", results, args)
    finally:
        shutil.rmtree(sqlite_dir, ignore_errors=True)

    if args.no_postgres:
        print("\nPostgreSQL: skipped (--no-postgres).")
    elif not postgres_available():
        print("\nPostgreSQL: not answering on 127.0.0.1:5432, skipped.")
    else:
        postgres_admin(f"DROP DATABASE IF EXISTS {POSTGRES_DB} WITH (FORCE)")
        postgres_admin(f"CREATE DATABASE {POSTGRES_DB}")
        try:
            results = bench_database("PostgreSQL", f"{POSTGRES_SERVER}/{POSTGRES_DB}", args)
            missed += report("PostgreSQL", results, args)
        finally:
            postgres_admin(f"DROP DATABASE IF EXISTS {POSTGRES_DB} WITH (FORCE)")

    print("\nTargets: programme page and API >= 40% of /healthz req/s, p99 < 100 ms, 0 errors.")
    if missed:
        print("MISSED:\n  " + "\n  ".join(missed))
    else:
        print("All targets met.")
    return 1 if (missed and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
