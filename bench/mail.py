"""Mail throughput: invitations queued per second, and sent per second by Celery workers
on Redis to a local SMTP server, for the Tacoma summit's size (246) and for 10,000.

For each database (a temporary SQLite file; PostgreSQL `bench_mail` too when pg_isready
answers), size and worker count: a summit with that many delegates (China and the US,
names in three scripts), an SMTP server in this process (aiosmtpd, tests/mail_server.py),
one `celery -A config worker --concurrency N` on Redis (db 7, a queue of its own), then
`invitations_queue` (what `send_invitations` runs) timed in a child process, and the wait
until the server has received every message.

    python bench/mail.py [--sizes 246,10000] [--workers 1,2] [--no-postgres]

Results also go to bench/out/mail.json (git-ignored).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if not __package__:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.support import BASE_DIR, PYTHON, child_env, postgres_admin, postgres_available, run
from tests.mail_server import smtp_server

BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/7")

PEOPLE = """
from delegations.models import Delegate, Delegation, Locality
from summits.models import Summit
import datetime as dt
summit = Summit.objects.create(ordinal=6, title_en="Bench summit", city_en="Tacoma",
    country="US", timezone="America/Los_Angeles", starts_on=dt.date(2027, 7, 19),
    ends_on=dt.date(2027, 7, 20), slug="bench")
places = [Locality.objects.create(country=c, region_en=r) for c, r in (("CN", "Fujian"), ("US", "Washington"))]
groups = [Delegation.objects.create(summit=summit, name_en=f"{{p.region_en}} Delegation", country=p.country, locality=p) for p in places]
Delegate.objects.bulk_create([Delegate(summit=summit, delegation=groups[i % 2], locality=places[i % 2],
    full_name=f"Delegate {{i}}", full_name_en=f"Delegate {{i}}", full_name_zh_hans=f"代表{{i}}",
    full_name_ar=f"مندوب {{i}}", email=f"d{{i}}@bench.example.org", agenda_token=f"t{{i:020d}}")
    for i in range({count})], batch_size=2000)
"""

QUEUE = """
import time
from delegations.mail.notices import invitations_queue
from summits.models import Summit
start = time.perf_counter()
report = invitations_queue(summit=Summit.objects.get(slug="bench"))
print(report.queued, time.perf_counter() - start)
"""


def measure(env: dict[str, str], size: int, workers: int) -> dict:
    with smtp_server() as (mailbox, port):
        env = {
            **env,
            "EMAIL_URL": f"smtp://127.0.0.1:{port}",
            "CELERY_BROKER_URL": BROKER,
            "CELERY_QUEUE": f"bench-mail-{os.getpid()}-{size}-{workers}",
        }
        worker = subprocess.Popen(
            [PYTHON, "-m", "celery", "-A", "config", "worker", "--concurrency", str(workers),
             "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel", "WARNING"],
            cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            time.sleep(3)  # the worker connects to Redis and forks its children
            queued, queue_seconds = run([PYTHON, "-c", _django(QUEUE)], env).split()
            started = time.perf_counter()
            while len(mailbox.received) < int(queued):
                if time.perf_counter() - started > 600:
                    raise RuntimeError(f"only {len(mailbox.received)} of {queued} arrived")
                time.sleep(0.05)
            send_seconds = time.perf_counter() - started
        finally:
            worker.terminate()
            worker.wait(timeout=60)
    return {
        "delegates": size,
        "workers": workers,
        "queued": int(queued),
        "queued_per_s": round(int(queued) / float(queue_seconds)),
        "sent_per_s": round(int(queued) / send_seconds),
        "received": len(mailbox.received),
    }


def _django(script: str) -> str:
    return "import django; django.setup()\n" + script


def databases(postgres: bool, workdir: Path):
    yield "sqlite", lambda size: f"sqlite:///{workdir / f'mail-{size}.sqlite3'}"
    if postgres and postgres_available():
        yield "postgres", lambda size: f"postgres://postgres@127.0.0.1:5432/bench_mail_{size}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="246,10000")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        for name, url_for in databases(not args.no_postgres, workdir):
            for size in map(int, args.sizes.split(",")):
                for workers in map(int, args.workers.split(",")):
                    url = url_for(size)
                    if name == "postgres":
                        postgres_admin(f"DROP DATABASE IF EXISTS bench_mail_{size} WITH (FORCE)")
                        postgres_admin(f"CREATE DATABASE bench_mail_{size}")
                    elif Path(url.removeprefix("sqlite:///")).exists():
                        Path(url.removeprefix("sqlite:///")).unlink()
                    env = child_env(workdir, url)
                    run([PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], env)
                    run([PYTHON, "-c", _django(PEOPLE.format(count=size))], env)
                    row = {"database": name, **measure(env, size, workers)}
                    results.append(row)
                    print(
                        f"{name:8} {size:>6} delegates, {workers} worker(s): "
                        f"{row['queued_per_s']:>6} queued/s, {row['sent_per_s']:>5} sent/s "
                        f"({row['received']} received)",
                        flush=True,
                    )
                    if name == "postgres":
                        postgres_admin(f"DROP DATABASE IF EXISTS bench_mail_{size} WITH (FORCE)")
    out = BASE_DIR / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "mail.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    sys.exit(main())
