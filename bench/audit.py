"""Accessibility and quality audit of the pages each role uses, in en, zh-hans and ar.

Builds a private SQLite database with the demo data (`load_demo`), an organiser and a
check-in staff member logged in, collects static files into a temporary folder and serves
the app with gunicorn (2 workers, DEBUG off) on a loopback port; or audits a running site
(`--base-url`, with `--cookie` for the staff pages and the ids of the pages to open). For
each page and language, axe-core (through Playwright and Debian's Chromium, at the size its
user has: phone, tablet or desk) counts serious+critical and all violations, as rules and
failing elements, and the sideways scroll in CSS px (the page's or a box's inside it); then
Lighthouse (bench/lighthouse/, `npm ci --prefix bench/lighthouse`), when installed, scores
performance, accessibility, best practices and SEO (mobile emulation for the delegate's
pages, the desktop preset for staff pages, the login cookie passed with --extra-headers).

    python bench/audit.py [--pages desk,admin-index] [--languages ar] [--no-lighthouse]
    python bench/audit.py --base-url http://127.0.0.1:8000 --cookie sessionid=... \\
        --session 12 --delegate 34 --agenda-token abc... [--staff-cookie sessionid=...]

Every violation (rule, impact, element, HTML, colours and ratio) goes to
bench/out/audit.json (git-ignored). gunicorn and the temporary database are removed at
the end whatever happens. Lighthouse's performance score on a shared 2-core machine moves
by several points between runs: compare it across branches on the same machine only.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

if not __package__:
    # Run as `python bench/<name>.py`: make the project importable (and `bench` with it).
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.support import (
    BASE_DIR,
    GUNICORN,
    PYTHON,
    child_env,
    free_port,
    run,
    stop,
    wait_until_up,
)

LANGUAGES = ["en", "zh-hans", "ar"]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
LIGHTHOUSE = BASE_DIR / "bench" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
OUT = BASE_DIR / "bench" / "out"
SLUG = "tacoma-2024"

SIZES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "tablet": {"viewport": {"width": 1024, "height": 768}, "has_touch": True},
    "desk": {"viewport": {"width": 1366, "height": 768}},
}

# name: (path with {lang}, {slug}, {session}, {delegate}, {token}; who opens it; size)
PAGES = {
    "programme": ("/{lang}/summits/{slug}/schedule/", None, "phone"),
    "session": ("/{lang}/summits/{slug}/sessions/{session}/", None, "phone"),
    "speakers": ("/{lang}/summits/{slug}/speakers/", None, "phone"),
    "agenda": ("/{lang}/agenda/{token}/", None, "phone"),
    "desk": ("/{lang}/summits/{slug}/check-in/", "staff", "tablet"),
    "dashboard": ("/{lang}/summits/{slug}/dashboard/", "organiser", "desk"),
    "admin-index": ("/admin/", "organiser", "desk"),
    "session-list": ("/admin/summits/session/", "organiser", "desk"),
    "session-change": ("/admin/summits/session/{session}/change/", "organiser", "desk"),
    "delegate-change": ("/admin/delegations/delegate/{delegate}/change/", "organiser", "desk"),
    "attendee-import": ("/admin/delegations/delegate/import/", "organiser", "desk"),
}

SIDEWAYS = """() => {
    const page = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)
        - window.innerWidth;
    const boxes = [...document.body.querySelectorAll("*")]
        .filter((box) => ["auto", "scroll"].includes(getComputedStyle(box).overflowX))
        .map((box) => box.scrollWidth - box.clientWidth);
    return Math.max(page, 0, ...boxes.filter((px) => px > 1));
}"""


@dataclass
class Audit:
    page: str
    language: str
    url: str
    serious_rules: int = 0
    serious_nodes: int = 0
    all_rules: int = 0
    all_nodes: int = 0
    sideways_px: int = 0
    status: int = 0
    scores: dict = field(default_factory=dict)
    violations: list = field(default_factory=list)


# --- The data, built inside a child process that has the bench settings -----------------


def build_data() -> None:
    """The demo data, an organiser and a check-in staff member with their session keys,
    and the ids of one session (with speakers) and one delegate of Tacoma."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.test import Client

    from delegations.attendance.permissions import CHECK_IN_STAFF, ORGANISERS
    from delegations.models import Delegate
    from summits.models import Session

    call_command("load_demo", verbosity=0)
    keys = {}
    for role, group in (("organiser", ORGANISERS), ("staff", CHECK_IN_STAFF)):
        user, _ = get_user_model().objects.get_or_create(
            username=f"audit-{role}", defaults={"is_staff": True}
        )
        user.groups.set([Group.objects.get(name=group)])
        client = Client()
        client.force_login(user)
        keys[role] = client.cookies["sessionid"].value
    session = (
        Session.objects.filter(summit__slug=SLUG, speaker_roles__isnull=False)
        .order_by("starts_at", "pk")
        .first()
    )
    delegate = Delegate.objects.filter(summit__slug=SLUG).order_by("pk").first()
    print(
        json.dumps(
            {
                "cookies": {role: f"sessionid={key}" for role, key in keys.items()},
                "session": session.pk,
                "delegate": delegate.pk,
                "token": delegate.agenda_token,
            }
        )
    )


# --- Auditing ----------------------------------------------------------------------------


def cookie_header(role: str | None, language: str, cookies: dict[str, str]) -> str:
    # The admin has no language prefix: it follows the language cookie.
    parts = [f"django_language={language}"]
    if role and cookies.get(role):
        parts.append(cookies[role])
    return "; ".join(parts)


def axe_audit(browser, base: str, audit: Audit, role: str | None, size: str, cookies) -> None:
    from axe_playwright_python.sync_playwright import Axe

    host = base.split("://", 1)[1].split(":")[0].split("/")[0]
    context = browser.new_context(**SIZES[size], locale=audit.language)
    jar = [pair.split("=", 1) for pair in cookie_header(role, audit.language, cookies).split("; ")]
    context.add_cookies([{"name": n, "value": v, "domain": host, "path": "/"} for n, v in jar])
    try:
        page = context.new_page()
        response = page.goto(base + audit.url)
        audit.status = response.status if response else 0
        audit.sideways_px = page.evaluate(SIDEWAYS)
        for violation in Axe().run(page).response["violations"]:
            nodes = violation["nodes"]
            audit.all_rules += 1
            audit.all_nodes += len(nodes)
            if violation["impact"] in ("serious", "critical"):
                audit.serious_rules += 1
                audit.serious_nodes += len(nodes)
            audit.violations.append(
                {
                    "rule": violation["id"],
                    "impact": violation["impact"],
                    "nodes": [
                        {
                            "target": node["target"],
                            "html": node["html"][:200],
                            "data": [
                                check.get("data") for check in node["any"] if check.get("data")
                            ],
                        }
                        for node in nodes
                    ],
                }
            )
    finally:
        context.close()


def lighthouse_audit(base: str, audit: Audit, role: str | None, size: str, cookies, workdir):
    report = workdir / "lighthouse.json"
    command = ["node", str(LIGHTHOUSE), base + audit.url, "--quiet", "--output=json"]
    command += [f"--output-path={report}", f"--only-categories={','.join(CATEGORIES)}"]
    command += [f"--chrome-flags={' '.join(CHROMIUM_ARGS)}", "--max-wait-for-load=30000"]
    if size != "phone":
        command.append("--preset=desktop")
    headers = {"Cookie": cookie_header(role, audit.language, cookies)}
    command.append(f"--extra-headers={json.dumps(headers)}")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    for _attempt in range(3):
        # Lighthouse now and then loses the trace of a page load (NO_NAVSTART): run it again.
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
        if result.returncode == 0 and report.exists():
            break
    else:
        audit.scores = dict.fromkeys(CATEGORIES)
        print(f"  lighthouse failed on {audit.url}: {result.stderr.strip()[-300:]}", flush=True)
        return
    categories = json.loads(report.read_text())["categories"]
    audit.scores = {
        name: None if categories[name]["score"] is None else round(categories[name]["score"] * 100)
        for name in CATEGORIES
    }
    report.unlink()


def audit_all(base: str, ids: dict, cookies: dict, args, workdir: Path) -> list[Audit]:
    from playwright.sync_api import sync_playwright

    lighthouse = not args.no_lighthouse and LIGHTHOUSE.exists() and shutil.which("node")
    if not args.no_lighthouse and not lighthouse:
        print("Lighthouse not installed: npm ci --prefix bench/lighthouse (axe only)")
    audits = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name in args.pages:
                path, role, size = PAGES[name]
                for language in args.languages:
                    try:
                        url = path.format(lang=language, slug=args.slug, **ids)
                    except KeyError as missing:
                        print(f"  {name}: skipped, no {missing} given")
                        break
                    audit = Audit(page=name, language=language, url=url)
                    print(f"  {name} {language} …", flush=True)
                    axe_audit(browser, base, audit, role, size, cookies)
                    if lighthouse:
                        lighthouse_audit(base, audit, role, size, cookies, workdir)
                    audits.append(audit)
        finally:
            browser.close()
    return audits


def report(audits: list[Audit]) -> None:
    columns = ["page", "lang", "HTTP", "axe s+c", "axe all", "sideways", *CATEGORIES]
    rows = [
        [
            a.page,
            a.language,
            str(a.status),
            f"{a.serious_rules} ({a.serious_nodes})",
            f"{a.all_rules} ({a.all_nodes})",
            f"{a.sideways_px} px",
            *("–" if a.scores.get(c) is None else str(a.scores[c]) for c in CATEGORIES),
        ]
        for a in audits
    ]
    widths = [max(len(column), *(len(row[i]) for row in rows)) for i, column in enumerate(columns)]
    print()
    print("  ".join(column.ljust(width) for column, width in zip(columns, widths, strict=True)))
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print("\naxe: violated rules (failing elements); s+c: serious and critical only.")
    OUT.mkdir(exist_ok=True)
    (OUT / "audit.json").write_text(json.dumps([asdict(a) for a in audits], indent=1))
    print(f"Every violation: {OUT / 'audit.json'}")


def serve_and_audit(args) -> list[Audit]:
    workdir = Path(tempfile.mkdtemp(prefix="bench-audit-"))
    gunicorn = None
    try:
        env = child_env(workdir, f"sqlite:///{workdir / 'audit.sqlite3'}")
        print("migrate, demo data, collectstatic …", flush=True)
        run([PYTHON, "manage.py", "migrate", "--no-input"], env)
        built = json.loads(run([PYTHON, __file__, "--build-data"], env).strip().splitlines()[-1])
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
        ids = {key: built[key] for key in ("session", "delegate", "token")}
        return audit_all(base, ids, built["cookies"], args, workdir)
    finally:
        stop(gunicorn)
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=lambda s: s.split(","), default=list(PAGES))
    parser.add_argument("--languages", type=lambda s: s.split(","), default=LANGUAGES)
    parser.add_argument("--no-lighthouse", action="store_true", help="axe only")
    parser.add_argument("--base-url", help="audit this running site instead of a private one")
    parser.add_argument("--cookie", default="", help="organiser's 'sessionid=...' (--base-url)")
    parser.add_argument("--staff-cookie", default="", help="check-in staff's (default: --cookie)")
    parser.add_argument("--slug", default=SLUG)
    parser.add_argument("--session", type=int, help="a session's id (--base-url)")
    parser.add_argument("--delegate", type=int, help="a delegate's id (--base-url)")
    parser.add_argument("--agenda-token", help="a delegate's agenda token (--base-url)")
    parser.add_argument("--build-data", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_data:
        build_data()
        return 0
    unknown = sorted(set(args.pages) - set(PAGES))
    if unknown:
        parser.error(f"unknown pages {unknown}; known: {', '.join(PAGES)}")
    # A polite kill runs the `finally` blocks too, so gunicorn never outlives the audit.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.base_url:
        ids = {
            key: value
            for key, value in (
                ("session", args.session),
                ("delegate", args.delegate),
                ("token", args.agenda_token),
            )
            if value
        }
        cookies = {"organiser": args.cookie, "staff": args.staff_cookie or args.cookie}
        with tempfile.TemporaryDirectory(prefix="bench-audit-") as workdir:
            audits = audit_all(args.base_url.rstrip("/"), ids, cookies, args, Path(workdir))
    else:
        audits = serve_and_audit(args)
    report(audits)
    return 0


if __name__ == "__main__":
    sys.exit(main())
