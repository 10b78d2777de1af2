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


@dataclass
class RosterRow:
    """A delegate a session counts: with a seat, on its waiting list, checked in, or both."""

    session: Session
    delegate: Delegate
    signup: str = ""  # SessionSignup.Status, or "" for a check-in without a sign-up
    waiting_position: int | None = None
    attendance: SessionAttendance | None = None


_SIGNUP_ORDER = {SessionSignup.Status.CONFIRMED: 0, SessionSignup.Status.WAITLISTED: 1, "": 2}


def summit_session_roster(*, summit: Summit, session: Session | None = None) -> list[RosterRow]:
    """Each session's seats, its waiting list in the order it moves up, and who was checked
    in (with or without a seat), sessions in time order: two queries."""
    related = ("session__summit", "delegate__delegation", "delegate__locality")
    signups = SessionSignup.objects.filter(session__summit=summit).select_related(*related)
    attendances = SessionAttendance.objects.filter(session__summit=summit).select_related(
        *related, "checked_in_by"
    )
    if session is not None:
        signups, attendances = signups.filter(session=session), attendances.filter(session=session)
    rows: dict[tuple[int, int], RosterRow] = {}
    waiting: dict[int, int] = {}
    for signup in signups.order_by("session_id", "created_at", "pk"):
        row = RosterRow(session=signup.session, delegate=signup.delegate, signup=signup.status)
        if signup.status == SessionSignup.Status.WAITLISTED:
            row.waiting_position = waiting[signup.session_id] = (
                waiting.get(signup.session_id, 0) + 1
            )
        rows[signup.session_id, signup.delegate_id] = row
    for attendance in attendances:
        key = attendance.session_id, attendance.delegate_id
        row = rows.setdefault(
            key, RosterRow(session=attendance.session, delegate=attendance.delegate)
        )
        row.attendance = attendance
    return sorted(
        rows.values(),
        key=lambda row: (
            row.session.starts_at,
            row.session.pk,
            _SIGNUP_ORDER[row.signup],
            row.waiting_position or 0,
            row.delegate.full_name_en,
            row.delegate.pk,
        ),
    )
