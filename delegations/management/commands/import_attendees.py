"""Import a summit's delegates from a CSV or XLSX attendee spreadsheet (see docs/attendees.md)."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from delegations.spreadsheets.reading import SheetError, check_size
from delegations.spreadsheets.resources import AttendeeSheet, DelegateResource
from summits.models import Summit


class Command(BaseCommand):
    help = (
        "Import delegates of one summit from a CSV or XLSX file. A file with any error "
        "changes nothing; exits non-zero on any error."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV or XLSX file")
        parser.add_argument("--summit", required=True, help="the summit's slug")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change, change nothing"
        )

    def handle(self, *args, file: str, summit: str, dry_run: bool, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        try:
            check_size(path.stat().st_size, settings.ATTENDEE_UPLOAD_MAX_BYTES)
            dataset = AttendeeSheet().create_dataset(path.read_bytes())
        except SheetError as error:
            raise CommandError(f"{file}: {error}") from None
        target = Summit.objects.filter(slug=summit).first()
        if target is None:
            raise CommandError(f"No summit has the slug “{summit}”.")

        bars: dict[str, tqdm] = {}
        show_bar = self.stderr.isatty()

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in bars:
                label = "Checking rows" if stage == "check" else "Writing"
                stream = getattr(self.stderr, "_out", sys.stderr)
                bars[stage] = tqdm(total=total, desc=label, unit=" rows", file=stream)
            bars[stage].update(done)

        try:
            result = DelegateResource(summit=target).import_data(
                dataset, dry_run=dry_run, progress=progress if show_bar else None
            )
        finally:
            for bar in bars.values():
                bar.close()
        report = result.report

        self.stdout.write(f"Read {file} as {report.source}.")
        if report.ignored_columns:
            self.stdout.write("Ignored columns: " + ", ".join(report.ignored_columns))
        for error in report.errors:
            self.stderr.write(str(error))
        if not report.errors:
            if report.new_delegations:
                self.stdout.write(
                    f"New delegations ({len(report.new_delegations)}): "
                    + ", ".join(report.new_delegations)
                )
            if report.new_localities:
                self.stdout.write(
                    f"New localities ({len(report.new_localities)}): "
                    + ", ".join(report.new_localities)
                )
            for similar in report.similar_delegations:
                self.stdout.write(self.style.WARNING(str(similar)))
        self.stdout.write(f"Summary for {target.slug}: {report.summary()}.")
        if report.errors:
            raise CommandError(f"{len(report.errors)} errors in {file}: nothing was imported.")
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
        else:
            self.stdout.write(self.style.SUCCESS("Saved."))
