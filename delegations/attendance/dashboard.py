"""The organisers' dashboard figures: status per country and region, regions represented, sessions."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, Min, Q, QuerySet, When
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from delegations.models import (
    CONFIRMED_SIGNUP,
    WAITLISTED_SIGNUP,
    Delegate,
    SessionAttendance,
    SessionSignup,
)
from delegations.selectors import count_of
from summits.languages import all_language_fields
from summits.models import Session, Summit


@dataclass(frozen=True)
class StatusFigures:
    """Registered / confirmed / attended / cancelled, plus `arrived` (checked in at the door)."""

    label: str
    country: str
    registered: int
    confirmed: int
    attended: int
    cancelled: int
    arrived: int

    @property
    def total(self) -> int:
        return self.registered + self.confirmed + self.attended + self.cancelled

    @property
    def expected(self) -> int:
        return self.total - self.cancelled


_STATUS_COUNTS = {
    "registered": Count("pk", filter=Q(status=Delegate.Status.REGISTERED)),
    "confirmed": Count("pk", filter=Q(status=Delegate.Status.CONFIRMED)),
    "attended": Count("pk", filter=Q(status=Delegate.Status.ATTENDED)),
    "cancelled": Count("pk", filter=Q(status=Delegate.Status.CANCELLED)),
    "arrived": Count(
        "pk", filter=Q(arrived_at__isnull=False) & ~Q(status=Delegate.Status.CANCELLED)
    ),
}


def _figures(row: dict[str, Any], label: str) -> StatusFigures:
    return StatusFigures(
        label=label,
        country=str(row["locality__country"]),
        **{key: row[key] for key in _STATUS_COUNTS},
    )


def summit_status_by_country(*, summit: Summit) -> list[StatusFigures]:
    rows = (
        Delegate.objects.filter(summit=summit)
        .values("locality__country")
        .annotate(**_STATUS_COUNTS)
        .order_by("locality__country")
    )
    return [_figures(row, str(row["locality__country"])) for row in rows]


def summit_status_by_region(*, summit: Summit) -> list[StatusFigures]:
    """Per province or state: cities of one region count together."""
    # `region_en`, `region_zh_hans`, ...: one name per language for the grouped cities.
    names = {
        alias: Min(column)
        for alias, column in zip(
            all_language_fields("region"), all_language_fields("locality__region"), strict=True
        )
    }
    rows = (
        Delegate.objects.filter(summit=summit)
        .annotate(region_key=Lower("locality__region_en"))
        .values("locality__country", "region_key")
        .annotate(**_STATUS_COUNTS, **names)
        .order_by("locality__country", "region_key")
    )
    shown = build_localized_fieldname("region", get_language() or settings.LANGUAGE_CODE)
    return [_figures(row, row.get(shown) or row["region_en"]) for row in rows]


@dataclass(frozen=True)
class RegionsRepresented:
    country: str
    expected: int
    arrived: int


def summit_regions_represented(*, summit: Summit) -> list[RegionsRepresented]:
    """Distinct provinces or states per country: among those expected, and among arrivals."""
    region = Lower("locality__region_en")
    rows = (
        Delegate.objects.filter(summit=summit)
        .expected()
        .values("locality__country")
        .annotate(
            expected_regions=Count(region, distinct=True),
            arrived_regions=Count(Case(When(arrived_at__isnull=False, then=region)), distinct=True),
        )
        .order_by("locality__country")
    )
    return [
        RegionsRepresented(
            country=str(row["locality__country"]),
            expected=row["expected_regions"],
            arrived=row["arrived_regions"],
        )
        for row in rows
    ]


def summit_session_figures(*, summit: Summit) -> QuerySet[Session]:
    """Sessions with `attended`, `confirmed` and `waitlisted` counts beside `capacity`."""
    return (
        Session.objects.filter(summit=summit)
        .select_related("room")
        .order_by("starts_at", "pk")
        .annotate(
            attended=Coalesce(count_of(SessionAttendance, session="pk"), 0),
            confirmed=Coalesce(count_of(SessionSignup, session="pk", where=CONFIRMED_SIGNUP), 0),
            waitlisted=Coalesce(count_of(SessionSignup, session="pk", where=WAITLISTED_SIGNUP), 0),
        )
    )


def summit_session_attendance(
    *, summit: Summit, session: Session | None = None
) -> QuerySet[SessionAttendance]:
    """Who was checked in where, for the attendance export."""
    rows = SessionAttendance.objects.filter(session__summit=summit).select_related(
        "session__summit", "delegate__delegation", "delegate__locality", "checked_in_by"
    )
    if session is not None:
        rows = rows.filter(session=session)
    return rows.order_by("session__starts_at", "session__pk", "delegate__full_name_en", "pk")
