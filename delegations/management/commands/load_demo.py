"""Load the demo data: six summits, Tacoma's programme, sister ties, delegations."""

from django.core.management.base import BaseCommand

from delegations.demo import demo_load
from delegations.demo_data import DEMO_EMAIL_DOMAIN
from summits.attendance import summit_attendance
from summits.demo_data import TACOMA_SLUG
from summits.models import Summit

REGION_WORDS = {"CN": "provinces", "US": "states"}


class Command(BaseCommand):
    help = (
        "Load the China–US Sister Cities Summits demo data (idempotent: a second run "
        "changes nothing). Delegates' names are invented."
    )

    def handle(self, *args, **options) -> None:
        result = demo_load()
        for label, tally in result.tallies.items():
            self.stdout.write(
                f"  {label}: {tally.created} created, {tally.updated} updated, "
                f"{tally.unchanged} unchanged"
            )
        tacoma = Summit.objects.get(slug=TACOMA_SLUG)
        figures = "; ".join(
            f"{row.country} {row.delegates} delegates from {row.regions} "
            f"{REGION_WORDS.get(row.country, 'regions')}"
            for row in summit_attendance(summit=tacoma)
        )
        self.stdout.write(f"Tacoma 2024 attendance (not cancelled): {figures}.")
        self.stdout.write(
            f"Demo data: invented names for delegates (emails @{DEMO_EMAIL_DOMAIN}) and for "
            "the moderators and panellists; see docs/demo-data.md."
        )
        message = "Demo data loaded." if result.changed else "Demo data already up to date."
        self.stdout.write(self.style.SUCCESS(message))
