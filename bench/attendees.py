"""Benchmark of the attendee spreadsheet import and export, beside a hand-written baseline.

Generates realistic files (names in Latin, Chinese and Arabic script, about 300 delegations
from Chinese provinces and US states) of 1,000, 10,000 and 100,000 rows, and measures on
SQLite and, when `pg_isready -h 127.0.0.1` answers, PostgreSQL (private database
`bench_attendees`, created and dropped here):

- first import, re-import of the unchanged file, re-import with 10% of rows changed,
  through the real path (`read_sheet` + `DelegateResource.import_data`, as the admin and
  `import_attendees` run it);
- the same three with a hand-written baseline (csv module, delegations and localities
  cached in dicts, `bulk_create` in batches; re-import compares tuples and updates
  through `executemany`): the practical limit;
- export to CSV and to XLSX;
- peak memory (the resident set of the child process that ran the step, Django included)
  and statements per 1,000 rows.

Every step runs in its own child process on a temporary database, never db.sqlite3.

    python bench/attendees.py [--sizes 1000,10000,100000] [--no-postgres]

Targets at 100,000 rows: import and re-imports within 3x of the baseline's time, export
at least 50,000 rows/s, peak memory under 250 MB, statements per 1,000 rows flat.
"""

import argparse
import csv
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if not __package__:
    # Run as `python bench/<name>.py`: make the project importable (and `bench` with it).
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.support import POSTGRES_SERVER, postgres_admin, postgres_available

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
POSTGRES_DB = "bench_attendees"
SUMMIT, BASELINE_SUMMIT = "bench-summit", "bench-baseline"
HEADER = [
    "email", "full_name_en", "full_name_zh_hans", "full_name_ar", "country", "region", "city",
    "delegation", "organisation", "position", "role", "status",
]  # fmt: skip

# --- Realistic rows -----------------------------------------------------------------------

PROVINCES = {
    "Fujian": ["Fuzhou", "Xiamen", "Quanzhou"], "Hubei": ["Wuhan", "Yichang"],
    "Jiangsu": ["Nanjing", "Suzhou", "Wuxi"], "Zhejiang": ["Hangzhou", "Ningbo"],
    "Guangdong": ["Guangzhou", "Shenzhen"], "Sichuan": ["Chengdu"], "Shandong": ["Jinan"],
    "Jiangxi": ["Nanchang"], "Hunan": ["Changsha"], "Henan": ["Zhengzhou"],
    "Hebei": ["Shijiazhuang"], "Anhui": ["Hefei"], "Shaanxi": ["Xi'an"], "Yunnan": ["Kunming"],
}  # fmt: skip
STATES = {
    "Washington": ["Tacoma", "Seattle"], "Ohio": ["Columbus", "Cleveland"],
    "Missouri": ["St. Louis"], "Texas": ["Houston", "Austin"], "Illinois": ["Chicago"],
    "California": ["Los Angeles", "San Francisco"], "Oregon": ["Portland"],
    "Iowa": ["Muscatine"], "Georgia": ["Atlanta"], "Maryland": ["Baltimore"],
    "New York": ["New York"], "Colorado": ["Denver"], "Michigan": ["Detroit"],
    "Arizona": ["Phoenix"], "Minnesota": ["Minneapolis"], "Kentucky": ["Louisville"],
    "Virginia": ["Richmond"], "Utah": ["Salt Lake City"], "Hawaii": ["Honolulu"],
    "Alaska": ["Anchorage"], "Tennessee": ["Nashville"],
}  # fmt: skip
SURNAMES = [("Zhang", "张", "تشانغ"), ("Li", "李", "لي"), ("Wang", "王", "وانغ"),
            ("Chen", "陈", "تشن"), ("Liu", "刘", "ليو"), ("Yang", "杨", "يانغ"),
            ("Huang", "黄", "هوانغ"), ("Zhao", "赵", "تشاو"), ("Wu", "吴", "وو"), ("Zhou", "周", "تشو")]  # fmt: skip
GIVEN = [("Wei", "伟", "وي"), ("Na", "娜", "نا"), ("Jing", "静", "جينغ"), ("Min", "敏", "مين"),
         ("Lei", "磊", "لي"), ("Yang", "洋", "يانغ"), ("Fang", "芳", "فانغ"), ("Jun", "军", "جون")]  # fmt: skip
US_FIRST = ["Victoria", "Sam", "Maria", "James", "Aisha", "Robert", "Linda", "José", "Renée"]
US_LAST = ["Woodards", "Ortiz", "Nguyen", "Smith", "Johnson", "Garcia", "O'Brien", "Miller"]
POSITIONS = ["Director", "Deputy Director", "Mayor", "Council Member", "Secretary-General",
             "Interpreter", "Programme Officer", "Chair", "Vice Chair", "Journalist"]  # fmt: skip
ROLES = ["member"] * 6 + ["head", "staff", "interpreter", "press", "observer"]
STATUSES = ["registered"] * 3 + ["confirmed"] * 3 + ["attended", "cancelled"]


def delegations() -> list[tuple[str, str, str, str]]:
    """About 300 (name, country, region, city) delegations."""
    found = []
    for country, places in (("CN", PROVINCES), ("US", STATES)):
        for region, cities in places.items():
            found.append((f"{region} Delegation", country, region, ""))
            for city in cities:
                for kind in ("City", "Friendship Association", "Chamber of Commerce", "Youth"):
                    found.append((f"{city} {kind} Delegation", country, region, city))
    return found[:300]


def generate(path: Path, rows: int, *, changed: bool = False) -> None:
    rng = random.Random(2024)
    groups = delegations()
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for i in range(rows):
            name, country, region, city = groups[i % len(groups)]
            if country == "CN":
                (family, fzh, far), (given, gzh, gar) = rng.choice(SURNAMES), rng.choice(GIVEN)
                en, zh, ar = f"{family} {given}", fzh + gzh, f"{far} {gar}"
                email = f"{family}.{given}.{i}@fao-{region.lower()}.example.cn".lower()
                organisation = f"{region} Foreign Affairs Office"
            else:
                en = f"{rng.choice(US_FIRST)} {rng.choice(US_LAST)}"
                zh, ar = "", ""
                email = f"delegate{i}@{region.replace(' ', '').lower()}.example.org"
                organisation = f"{city or region} Sister Cities Association"
            position = rng.choice(POSITIONS)
            if changed and i % 10 == 0:
                position = f"Acting {position}"
            writer.writerow([email, en, zh, ar, country, region, city, name, organisation,
                             position, rng.choice(ROLES), rng.choice(STATUSES)])  # fmt: skip


# --- Steps, each run in a child process ---------------------------------------------------


def count_statements():
    from django.db import connection

    counter = {"statements": 0}

    def wrapper(execute, sql, params, many, context):
        counter["statements"] += 1
        return execute(sql, params, many, context)

    return counter, connection.execute_wrapper(wrapper)


def step_setup(_path, _summit):
    from django.core.management import call_command

    from summits.models import Summit

    call_command("migrate", verbosity=0)
    for ordinal, slug in ((900, SUMMIT), (901, BASELINE_SUMMIT)):
        Summit.objects.update_or_create(
            slug=slug,
            defaults=dict(
                ordinal=ordinal, title_en=slug, city_en="Tacoma", country="US",
                timezone="America/Los_Angeles", starts_on="2024-07-19", ends_on="2024-07-19",
            ),
        )  # fmt: skip
    return 0


def step_clear(_path, _summit):
    from delegations.models import Delegate, Delegation, Locality, SisterRelationship

    # Raw deletes: the ORM's delete() would load 100,000 delegates to check protections.
    for model in (Delegate, Delegation, SisterRelationship, Locality):
        model.objects.all()._raw_delete(model.objects.db)
    return 0


def step_import(path, summit):
    from delegations.spreadsheets.resources import AttendeeSheet, DelegateResource
    from summits.models import Summit

    dataset = AttendeeSheet().create_dataset(Path(path).read_bytes())
    result = DelegateResource(summit=Summit.objects.get(slug=summit)).import_data(dataset)
    report = result.report
    assert not report.errors, report.errors[:3]
    return report.rows


def step_export_csv(path, summit):
    return _export(path, summit, "csv")


def step_export_xlsx(path, summit):
    return _export(path, summit, "xlsx")


def _export(path, summit, file_format):
    from delegations.models import Delegate
    from delegations.spreadsheets.exports import delegates_export

    with open(path, "wb") as stream:
        return delegates_export(
            queryset=Delegate.objects.filter(summit__slug=summit), file_format=file_format,
            stream=stream,
        )  # fmt: skip


def step_baseline_first(path, summit):
    """The hand-written loader an experienced developer writes in an afternoon."""
    from django.db import transaction

    from delegations.models import Delegate, Delegation, Locality
    from summits.models import Summit

    target = Summit.objects.get(slug=summit)
    localities = {
        (c, r.lower(), (t or "").lower()): pk
        for pk, c, r, t in Locality.objects.values_list("pk", "country", "region_en", "city_en")
    }
    groups = {
        n.lower(): pk
        for pk, n in Delegation.objects.filter(summit=target).values_list("pk", "name_en")
    }

    def locality(country, region, city):
        key = (country, region.lower(), city.lower())
        if key not in localities:
            localities[key] = Locality.objects.create(
                country=country, region_en=region, city_en=city
            ).pk
        return localities[key]

    count, batch = 0, []
    with open(path, encoding="utf-8-sig", newline="") as source, transaction.atomic():
        reader = csv.reader(source)
        next(reader)
        for email, en, zh, ar, country, region, city, group, org, pos, role, status in reader:
            if group.lower() not in groups:
                groups[group.lower()] = Delegation.objects.create(
                    summit=target, name_en=group, country=country,
                    locality_id=locality(country, region, ""),
                ).pk  # fmt: skip
            batch.append(
                Delegate(
                    summit=target, email=email.lower(), full_name_en=en, full_name=en,
                    full_name_zh_hans=zh or None, full_name_ar=ar or None, organisation=org,
                    position=pos, role=role or "member", status=status or "registered",
                    delegation_id=groups[group.lower()],
                    locality_id=locality(country, region, city),
                )
            )  # fmt: skip
            if len(batch) == 1000:
                Delegate.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        Delegate.objects.bulk_create(batch)
    return count + len(batch)


def step_baseline_reimport(path, summit):
    """Hand-written re-import: existing rows in a dict, tuples compared, changed rows
    updated through one prepared statement."""
    from django.db import connection, transaction
    from django.utils import timezone

    from delegations.models import Delegate, Delegation, Locality

    fields = ["full_name_en", "full_name_zh_hans", "full_name_ar", "organisation", "position",
              "role", "status", "delegation_id", "locality_id"]  # fmt: skip
    existing = {
        row[1]: (row[0], tuple(v or "" for v in row[2:]))
        for row in Delegate.objects.filter(summit__slug=summit).values_list("pk", "email", *fields)
    }
    localities = {
        (c, r.lower(), (t or "").lower()): pk
        for pk, c, r, t in Locality.objects.values_list("pk", "country", "region_en", "city_en")
    }
    groups = {
        n.lower(): pk
        for pk, n in Delegation.objects.filter(summit__slug=summit).values_list("pk", "name_en")
    }
    changed, count = [], 0
    with open(path, encoding="utf-8-sig", newline="") as source:
        reader = csv.reader(source)
        next(reader)
        for email, en, zh, ar, country, region, city, group, org, pos, role, status in reader:
            count += 1
            pk, old = existing[email.lower()]
            new = (en, zh, ar, org, pos, role or "member", status or "registered",
                   groups[group.lower()], localities[(country, region.lower(), city.lower())])  # fmt: skip
            if new != old:
                changed.append((en, *new[:3], *new[3:], pk))
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    sql = (
        "UPDATE delegations_delegate SET full_name = %s, full_name_en = %s, "
        "full_name_zh_hans = %s, full_name_ar = %s, organisation = %s, position = %s, "
        "role = %s, status = %s, delegation_id = %s, locality_id = %s, updated_at = %s "
        "WHERE id = %s"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, [(*row[:-1], now, row[-1]) for row in changed])
    return count


STEPS = {
    "setup": step_setup,
    "clear": step_clear,
    "import": step_import,
    "export-csv": step_export_csv,
    "export-xlsx": step_export_xlsx,
    "baseline-first": step_baseline_first,
    "baseline-reimport": step_baseline_reimport,
}


def child(step: str, path: str, summit: str) -> None:
    import django

    django.setup()
    counter, wrapper = count_statements()
    with wrapper:
        started = time.perf_counter()
        rows = STEPS[step](path, summit)
        seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": rows, "seconds": seconds, "statements": counter["statements"],
                      "peak_mb": peak_mb}))  # fmt: skip


# --- The parent: databases, files, table --------------------------------------------------


def run_step(env: dict, step: str, path: Path | str = "", summit: str = SUMMIT) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", step, str(path), summit],
        env=env, capture_output=True, text=True, cwd=BASE_DIR,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"step {step} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(env: dict, size: int, files: dict[str, Path], work: Path) -> dict:
    out = {}
    run_step(env, "clear")
    out["first"] = run_step(env, "import", files["first"])
    out["same"] = run_step(env, "import", files["first"])
    out["changed"] = run_step(env, "import", files["changed"])
    out["csv"] = run_step(env, "export-csv", work / "export.csv")
    out["xlsx"] = run_step(env, "export-xlsx", work / "export.xlsx")
    run_step(env, "clear")
    out["base_first"] = run_step(env, "baseline-first", files["first"], BASELINE_SUMMIT)
    out["base_same"] = run_step(env, "baseline-reimport", files["first"], BASELINE_SUMMIT)
    out["base_changed"] = run_step(env, "baseline-reimport", files["changed"], BASELINE_SUMMIT)
    for result in out.values():
        assert result["rows"] == size, (result, size)
    return out


def rate(result: dict) -> float:
    return result["rows"] / result["seconds"]


def table(database: str, results: dict[int, dict]) -> list[str]:
    lines = [
        f"{database}: rows/s (baseline rows/s, time ratio to baseline); peak MB; statements per 1,000 rows",
        f"{'rows':>8} | {'first import':>25} | {'re-import unchanged':>25} | "
        f"{'re-import 10% changed':>25} | {'export csv':>10} | {'export xlsx':>11} | "
        f"{'peak MB':>7} | {'stmts/1k':>8}",
    ]  # fmt: skip
    for size, out in results.items():
        cells = []
        for ours, base in (
            ("first", "base_first"),
            ("same", "base_same"),
            ("changed", "base_changed"),
        ):
            ratio = out[ours]["seconds"] / out[base]["seconds"]
            cells.append(f"{rate(out[ours]):>8,.0f} ({rate(out[base]):>7,.0f}, {ratio:4.1f}x)")
        peak = max(out[k]["peak_mb"] for k in ("first", "same", "changed", "csv", "xlsx"))
        statements = max(out[k]["statements"] for k in ("first", "same", "changed"))
        lines.append(
            f"{size:>8,} | " + " | ".join(f"{c:>25}" for c in cells)
            + f" | {rate(out['csv']):>10,.0f} | {rate(out['xlsx']):>11,.0f} | {peak:>7.0f} | "
            f"{statements / (size / 1000):>8.1f}"
        )  # fmt: skip
    return lines


def targets(results: dict[int, dict]) -> list[str]:
    size = max(results)
    out = results[size]
    checks = []
    for ours, base, label in (("first", "base_first", "first import"),
                              ("same", "base_same", "re-import unchanged"),
                              ("changed", "base_changed", "re-import 10% changed")):  # fmt: skip
        ratio = out[ours]["seconds"] / out[base]["seconds"]
        checks.append(
            f"{label} within 3x of baseline: {ratio:.1f}x {'ok' if ratio <= 3 else 'MISSED'}"
        )
    csv_rate = rate(out["csv"])
    checks.append(
        f"export csv >= 50,000 rows/s: {csv_rate:,.0f} {'ok' if csv_rate >= 50000 else 'MISSED'}"
    )
    peak = max(out[k]["peak_mb"] for k in ("first", "same", "changed", "csv", "xlsx"))
    checks.append(f"peak memory < 250 MB: {peak:.0f} MB {'ok' if peak < 250 else 'MISSED'}")
    return [f"  at {size:,} rows: " + check for check in checks]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    work = Path(tempfile.mkdtemp(prefix="bench-attendees-"))
    files = {}
    for size in sizes:
        files[size] = {"first": work / f"first-{size}.csv", "changed": work / f"changed-{size}.csv"}
        generate(files[size]["first"], size)
        generate(files[size]["changed"], size, changed=True)
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-secret"),
        "ATTENDEE_UPLOAD_MAX_BYTES": str(1 << 30),
        "LOG_LEVEL": "WARNING",
        "DEBUG": "false",
    }
    databases = [("SQLite", f"sqlite:///{work / 'bench.sqlite3'}")]
    if not args.no_postgres and postgres_available():
        databases.append(("PostgreSQL", f"{POSTGRES_SERVER}/{POSTGRES_DB}"))
    else:
        print("PostgreSQL: skipped (pg_isready -h 127.0.0.1 does not answer, or --no-postgres)")
    try:
        for name, url in databases:
            if name == "PostgreSQL":
                postgres_admin(f"DROP DATABASE IF EXISTS {POSTGRES_DB}")
                postgres_admin(f"CREATE DATABASE {POSTGRES_DB}")
            env = {**base_env, "DATABASE_URL": url}
            run_step(env, "setup")
            results = {size: measure(env, size, files[size], work) for size in sizes}
            print("\n".join(table(name, results)))
            print("\n".join(targets(results)))
            print()
    finally:
        if any(name == "PostgreSQL" for name, _ in databases):
            postgres_admin(f"DROP DATABASE IF EXISTS {POSTGRES_DB}")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
    else:
        main()
