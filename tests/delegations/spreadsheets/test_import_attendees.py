"""The import_attendees command: summary, exit status, dry run, progress bar."""

import io
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from delegations.models import Delegate
from tests.factories import DelegationFactory

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_attendees", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_command_imports_and_prints_a_summary(summit):
    out, err = run("tests/data/excel_utf8_bom.csv", summit=summit.slug)

    assert out.splitlines() == [
        "Read tests/data/excel_utf8_bom.csv as CSV, UTF-8, comma-separated.",
        "New delegations (4): Fujian Provincial Delegation, Hubei Provincial Delegation, "
        "Missouri Delegation, Washington State Delegation",
        "New localities (8): Fujian (CN), Fuzhou, Fujian (CN), Hubei (CN), Missouri (US), "
        "St. Louis, Missouri (US), Tacoma, Washington (US), Washington (US), Wuhan, Hubei (CN)",
        "Summary for tacoma-2024: 4 new, 0 updated, 0 unchanged, 0 errors.",
        "Saved.",
    ]
    assert err == ""
    assert Delegate.objects.filter(summit=summit).count() == 4


def test_command_warns_of_a_new_delegation_named_like_an_existing_one(summit):
    DelegationFactory(summit=summit, name_en="Fujian Province delegation")

    out, _err = run("tests/data/excel_utf8_bom.csv", summit=summit.slug, dry_run=True)

    assert (
        "“Fujian Provincial Delegation” will be created as a new delegation although there is "
        "“Fujian Province delegation”: if they are the same, give the existing name in the file."
    ) in out.splitlines()


def test_command_reimport_reports_unchanged_rows(summit):
    run("tests/data/excel.xlsx", summit=summit.slug)

    out, _err = run("tests/data/libreoffice.xlsx", summit=summit.slug)

    assert "Summary for tacoma-2024: 0 new, 0 updated, 4 unchanged, 0 errors." in out


def test_command_dry_run_says_what_would_happen_and_saves_nothing(summit):
    out, _err = run("tests/data/excel_gbk.csv", summit=summit.slug, dry_run=True)

    assert out.splitlines()[-2:] == [
        "Summary for tacoma-2024: 3 new, 0 updated, 0 unchanged, 0 errors.",
        "Dry run: nothing was saved.",
    ]
    assert not Delegate.objects.exists()


def test_command_refuses_a_missing_file(summit):
    with pytest.raises(CommandError, match="tests/data/missing.csv: no such file."):
        run("tests/data/missing.csv", summit=summit.slug)


def test_command_exits_non_zero_on_an_error(tmp_path):
    """A real process: the file is refused before the database is touched."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'none.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "import_attendees", "tests/data/empty.csv", "--summit", "x"],
        capture_output=True,
        text=True,
        env=env,
    )

    assert done.returncode == 1
    assert done.stderr.strip() == "CommandError: tests/data/empty.csv: The file is empty."


def test_command_refuses_a_summit_that_does_not_exist(summit):
    with pytest.raises(CommandError, match="No summit has the slug “nowhere”."):
        run("tests/data/sample_attendees.csv", summit="nowhere")


def test_command_shows_a_progress_bar_on_a_terminal(summit):
    out, err = io.StringIO(), Terminal()

    call_command(
        "import_attendees",
        "tests/data/sample_attendees.csv",
        summit=summit.slug,
        stdout=out,
        stderr=err,
    )

    assert "Checking rows: 100%" in err.getvalue()
    assert "Writing: 100%" in err.getvalue()


def test_command_is_quiet_when_not_on_a_terminal(summit):
    _out, err = run("tests/data/sample_attendees.csv", summit=summit.slug)

    assert err == ""
