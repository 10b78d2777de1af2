"""The import_attendees command: summary, exit status, dry run, progress bar."""

import io

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from delegations.models import Delegate

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


def test_command_refuses_an_unknown_summit_or_file(summit):
    with pytest.raises(CommandError, match="No summit has the slug “nowhere”."):
        run("tests/data/excel.xlsx", summit="nowhere")
    with pytest.raises(CommandError, match="tests/data/missing.csv: no such file."):
        run("tests/data/missing.csv", summit=summit.slug)


def test_command_exit_status_is_non_zero_on_errors_and_zero_otherwise(summit, capsys):
    argv = ["manage.py", "import_attendees", "--summit", summit.slug]

    with pytest.raises(SystemExit) as exit:
        execute_from_command_line([*argv, "tests/data/bad_rows.csv"])
    assert exit.value.code == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        "CommandError: 8 errors in tests/data/bad_rows.csv: nothing was imported."
    )

    execute_from_command_line([*argv, "tests/data/sample_attendees.csv"])  # no SystemExit: 0
    assert capsys.readouterr().out.splitlines()[-1] == "Saved."


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
