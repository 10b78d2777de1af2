"""Queue each delegate's invitation to a summit that was not queued yet (docs/mail.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from delegations.mail.notices import invitations_queue
from summits.models import Summit


class Command(BaseCommand):
    help = (
        "Queue the invitation (private agenda link, in the delegate's language) of each "
        "delegate of a summit who has not had it; nobody receives it twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--summit", required=True, help="the summit's slug")
        parser.add_argument(
            "--dry-run", action="store_true", help="say how many would be queued, queue none"
        )

    def handle(self, *args, summit: str, dry_run: bool, **options) -> None:
        target = Summit.objects.filter(slug=summit).first()
        if target is None:
            raise CommandError(f"No summit has the slug “{summit}”.")
        report = invitations_queue(summit=target, dry_run=dry_run)
        verb = "would be queued" if dry_run else "queued"
        self.stdout.write(f"Invitations for {target.slug}: {report.queued} {verb}.")
        reasons = [
            (report.already, "already queued or sent before (nobody gets it twice)"),
            (report.cancelled, "cancelled registrations (nothing is sent to them)"),
            (report.unreachable, "no email address (not reachable)"),
        ]
        for count, reason in reasons:
            if count:
                self.stdout.write(f"Not queued: {count} {reason}.")
        if dry_run:
            self.stdout.write("Dry run: nothing was queued.")
        elif report.queued and settings.CELERY_TASK_ALWAYS_EAGER:
            self.stdout.write(f"Sent through {settings.EMAIL_BACKEND}.")
        elif report.queued:
            self.stdout.write("Handed to the Celery workers to send.")
