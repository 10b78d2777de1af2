"""Export a summit's delegates as a CSV or XLSX attendee spreadsheet (see docs/attendees.md)."""

import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from delegations.models import Delegate
from delegations.spreadsheets.exports import FORMATS, delegates_export
from summits.models import Summit


class Command(BaseCommand):
    help = "Export the delegates of one summit as CSV (UTF-8 with BOM) or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--summit", required=True, help="the summit's slug")
        parser.add_argument(
            "--format", choices=FORMATS, help="csv (default) or xlsx; else from -o's extension"
        )
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="the site's address, which the agenda_url column starts with "
            "(default: http://127.0.0.1:8000)",
        )

    def handle(
        self,
        *args,
        summit: str,
        format: str | None,
        output: str | None,
        base_url: str,
        **options,
    ):
        try:
            URLValidator(schemes=["http", "https"])(base_url)
        except ValidationError:
            raise CommandError(
                _("--base-url “%(url)s” is not an http:// or https:// address.") % {"url": base_url}
            ) from None
        base = base_url.rstrip("/")

        def absolute_url(path: str) -> str:
            return base + path

        target = Summit.objects.filter(slug=summit).first()
        if target is None:
            raise CommandError(f"No summit has the slug “{summit}”.")
        file_format = format or (
            "xlsx" if output and Path(output).suffix.lower() == ".xlsx" else "csv"
        )
        queryset = Delegate.objects.filter(summit=target).order_by(
            "delegation__name_en", "full_name_en", "pk"
        )
        if output:
            with open(output, "wb") as stream:
                count = delegates_export(
                    queryset=queryset,
                    file_format=file_format,
                    stream=stream,
                    absolute_url=absolute_url,
                )
        else:
            binary = getattr(self.stdout._out, "buffer", None)
            if file_format == "xlsx" and (binary is None or self.stdout.isatty()):
                raise CommandError("XLSX is a binary format: write it to a file with -o FILE.")
            buffer = io.BytesIO()
            count = delegates_export(
                queryset=queryset, file_format=file_format, stream=buffer, absolute_url=absolute_url
            )
            if binary is not None:
                self.stdout.flush()
                binary.write(buffer.getvalue())
                binary.flush()
            else:
                self.stdout.write(buffer.getvalue().decode("utf-8"), ending="")
        self.stderr.write(f"Exported {count} delegates of {target.slug} ({file_format}).")
