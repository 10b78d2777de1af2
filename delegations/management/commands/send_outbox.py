"""Send what is still queued in the outbox: after the broker or the mail server was down."""

from django.core.management.base import BaseCommand

from delegations.mail.models import OutboxMessage
from delegations.mail.outbox import outbox_dispatch


class Command(BaseCommand):
    help = (
        "Hand every queued message of the outbox (or of one summit) to the senders again; "
        "with --failed, the failed ones too (after a long outage of the mail server)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--summit", help="only this summit's messages (its slug)")
        parser.add_argument("--failed", action="store_true", help="the failed messages too")

    def handle(self, *args, summit: str | None, failed: bool, **options) -> None:
        states = [OutboxMessage.State.QUEUED, *([OutboxMessage.State.FAILED] if failed else [])]
        queued = OutboxMessage.objects.filter(state__in=states)
        if summit:
            queued = queued.filter(summit__slug=summit)
        pks = list(queued.order_by("pk").values_list("pk", flat=True))
        outbox_dispatch(pks)
        self.stdout.write(f"{len(pks)} messages handed to the senders.")
