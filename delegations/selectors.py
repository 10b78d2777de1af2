"""Reads of the people at a summit that several parts need in one go."""

from collections.abc import Sequence

from django.db.models import (
    Count,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Lower

from summits.attendance import CountryAttendance
from summits.models import Summit

from .models import Delegate, Delegation


def summits_attendance(summit_ids: Sequence[int]) -> dict[int, list[CountryAttendance]]:
    """Per summit and country: delegates not cancelled, and the distinct provinces or states
    they come from. One query for any number of summits; registered as the source of
    `summits.attendance`, which every page, the admin and the API read."""
    rows = (
        Delegate.objects.filter(summit_id__in=summit_ids)
        .expected()
        .values("summit_id", "locality__country")
        .annotate(
            delegates=Count("pk"),
            regions=Count(Lower("locality__region_en"), distinct=True),
        )
        .order_by("summit_id", "locality__country")
    )
    result: dict[int, list[CountryAttendance]] = {pk: [] for pk in summit_ids}
    for row in rows:
        result[row["summit_id"]].append(
            CountryAttendance(
                country=str(row["locality__country"]),
                delegates=row["delegates"],
                regions=row["regions"],
            )
        )
    return result


def summit_delegates(*, summit: Summit) -> QuerySet[Delegate]:
    return Delegate.objects.filter(summit=summit).select_related("delegation", "locality", "summit")


def summit_delegations(*, summit: Summit) -> QuerySet[Delegation]:
    return Delegation.objects.filter(summit=summit).order_by("country", "name_en")


def count_of(model: type[Model], *, where: Q | None = None, **outer: str) -> Subquery:
    """`COUNT(*)` of `model` rows tied to the outer row, as a subquery: counting several
    relations with joins would multiply the rows."""
    rows = model.objects.filter(**{key: OuterRef(value) for key, value in outer.items()})
    if where is not None:
        rows = rows.filter(where)
    return Subquery(
        rows.order_by().values(next(iter(outer))).annotate(n=Count("pk")).values("n")[:1],
        output_field=IntegerField(),
    )
