"""Remove attendee files whose import was previewed but never confirmed."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand

from delegations.spreadsheets.pending import pending_imports_clear


class Command(BaseCommand):
    help = "Remove pending attendee imports older than --hours (previewed, never confirmed)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=settings.ATTENDEE_PENDING_IMPORTS_MAX_AGE_HOURS,
            help="Age in hours beyond which a pending import is removed (default: %(default)s).",
        )

    def handle(self, *args, hours: int, **options) -> None:
        removed = pending_imports_clear(older_than=dt.timedelta(hours=hours))
        self.stdout.write(f"Removed {removed} pending import(s) older than {hours} hours.")
