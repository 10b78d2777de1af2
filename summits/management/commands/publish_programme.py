"""Publish a summit's programme as its next release (see docs/releases.md)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from summits.models import Summit
from summits.publishing import NothingToPublish, programme_publish, release_summary


class Command(BaseCommand):
    help = (
        "Publish the summit's programme as its next release: delegates see it on every "
        "public page, feed and the API, with what changed since the previous release."
    )

    def add_arguments(self, parser):
        parser.add_argument("--summit", required=True, help="the summit's slug")
        parser.add_argument("--note", default="", help="a note shown with the changes")

    def handle(self, *args, summit: str, note: str, **options):
        found = Summit.objects.filter(slug=summit).first()
        if found is None:
            raise CommandError(_("No summit with the slug “%(slug)s”.") % {"slug": summit})
        try:
            release = programme_publish(summit=found, note=note)
        except NothingToPublish as nothing:
            # Like `makemigrations` with no changes: not an error, nothing done.
            self.stdout.write(
                _("Nothing changed since release %(number)s: nothing published.")
                % {"number": nothing.release.number}
            )
            return
        self.stdout.write(self.style.SUCCESS(release_summary(release)))
