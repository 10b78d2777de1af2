"""Reads that span models: attendance figures and the lists pages need in one go."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import Lower

from summits.models import Summit

from .models import Delegate


@dataclass(frozen=True)
class CountryAttendance:
    country: str
    delegates: int
    regions: int


def summit_attendance(*, summit: Summit) -> list[CountryAttendance]:
    """Per country: delegates not cancelled, and distinct provinces or states they come from."""
    rows = (
        Delegate.objects.filter(summit=summit)
        .expected()
        .values("locality__country")
        .annotate(
            delegates=Count("pk"),
            regions=Count(Lower("locality__region_en"), distinct=True),
        )
        .order_by("locality__country")
    )
    return [
        CountryAttendance(
            country=str(row["locality__country"]),
            delegates=row["delegates"],
            regions=row["regions"],
        )
        for row in rows
    ]


def summit_delegates(*, summit: Summit) -> QuerySet[Delegate]:
    return Delegate.objects.filter(summit=summit).select_related("delegation", "locality", "summit")
