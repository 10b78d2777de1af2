"""Reads that span models: attendance figures and the lists pages need in one go."""

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Min,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django_countries import countries

from summits.languages import all_language_fields, any_language_contains, language_codes
from summits.models import Session, Summit

from .models import Delegate, Delegation, Locality, SessionAttendance, SessionSignup


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


# --- Attendance: the desk, badges, dashboard and personal agendas -----------------------

# A tablet shows a handful of rows; more would only cost rendering time per keystroke.
DESK_RESULTS_LIMIT = 20

# What a row of the desk shows, and nothing more: translated fields multiply columns.
_DESK_COLUMNS = (
    "pk",
    "summit_id",
    "status",
    "arrived_at",
    "email",
    "organisation",
    "role",
    "full_name",
    *all_language_fields("full_name"),
    *[f"delegation__{f}" for f in ("name", *all_language_fields("name"))],
    "locality__country",
)


def _count_of(model: type[Model], *, where: Q | None = None, **outer: str) -> Subquery:
    """`COUNT(*)` of `model` rows tied to the outer row, as a subquery: counting several
    relations with joins would multiply the rows."""
    rows = model.objects.filter(**{key: OuterRef(value) for key, value in outer.items()})
    if where is not None:
        rows = rows.filter(where)
    return Subquery(
        rows.order_by().values(next(iter(outer))).annotate(n=Count("pk")).values("n")[:1],
        output_field=IntegerField(),
    )


def desk_delegates_all() -> QuerySet[Delegate]:
    return Delegate.objects.select_related("delegation", "locality").only(*_DESK_COLUMNS)


def desk_delegates(*, summit: Summit) -> QuerySet[Delegate]:
    return desk_delegates_all().filter(summit=summit)


def desk_search(
    *, summit: Summit, text: str, session: Session | None = None, limit: int = DESK_RESULTS_LIMIT
) -> list[Delegate]:
    """Up to `limit` + 1 delegates matching any spelling of their name, their email,
    delegation or organisation; with `session`, each carries `checked_in_here`."""
    text = text.strip()
    if not text:
        return []
    delegates = desk_delegates(summit=summit).filter(_desk_match(summit=summit, text=text))
    delegates = delegates.order_by("full_name_en", "pk")
    # One more than shown, so that the page can say there are more.
    return with_role_labels(list(_with_session_flag(delegates, session)[: limit + 1]))


def _desk_match(*, summit: Summit, text: str) -> Q:
    """Any spelling of the name, the email or the organisation contains `text`, or the
    delegation's name does in any language.

    The delegations (a few dozen) are matched apart, in a subquery: the database then
    filters delegates on their own columns before joining them to their delegation,
    instead of joining all of them first (a third less time over 10,000 delegates).
    """
    delegations = Delegation.objects.filter(summit=summit).filter(
        any_language_contains(text, "name")
    )
    return (
        any_language_contains(text, "full_name")
        | Q(email__icontains=text)
        | Q(organisation__icontains=text)
        | _in_delegations(delegations.values("pk"))
    )


def _in_delegations(ids: QuerySet) -> Q:
    """`delegation_id IN (subquery)`; on PostgreSQL `= ANY(ARRAY(subquery))`, which runs
    the subquery once up front, so the whole search becomes a bitmap OR of the trigram
    indexes (migration 0002) instead of a scan of every delegate (21 ms -> 1 ms)."""
    if connection.vendor != "postgresql":
        return Q(delegation_id__in=ids)
    return Q(
        Func(
            F("delegation_id"),
            Func(Subquery(ids), function="ARRAY", output_field=IntegerField()),
            arg_joiner=" = ANY(",
            template="(%(expressions)s))",
            output_field=BooleanField(),
        )
    )


def desk_delegate(*, summit: Summit, pk: int, session: Session | None = None) -> Delegate | None:
    found = _with_session_flag(desk_delegates(summit=summit).filter(pk=pk), session).first()
    return with_role_labels([found])[0] if found else None


def desk_delegate_at(*, slug: str, pk: int) -> Delegate | None:
    """A delegate of the summit `slug` for a desk row, with the summit's slug and time
    zone (all a row and the counters need): one query for both."""
    found = (
        desk_delegates_all()
        .select_related("summit")
        .only(*_DESK_COLUMNS, "summit__slug", "summit__timezone")
        .filter(pk=pk, summit__slug=slug)
        .annotate(checked_in_here=Value(False))
        .first()
    )
    return with_role_labels([found])[0] if found else None


def with_role_labels(delegates: list[Delegate]) -> list[Delegate]:
    """Give each delegate `role_label`, translated once per list: `get_role_display()`
    hashes every lazy choice label, about a dozen translations per row."""
    labels = {value: str(label) for value, label in Delegate.Role.choices}
    for delegate in delegates:
        delegate.role_label = labels.get(delegate.role, delegate.role)
    return delegates


def _with_session_flag(delegates: QuerySet[Delegate], session: Session | None):
    if session is None:
        return delegates.annotate(checked_in_here=Value(False))
    return delegates.annotate(
        checked_in_here=Exists(
            SessionAttendance.objects.filter(delegate=OuterRef("pk"), session=session)
        )
    )


@dataclass(frozen=True)
class CountryArrivals:
    country: str
    arrived: int
    expected: int

    @property
    def name(self) -> str:
        return str(countries.name(self.country)) or self.country


@dataclass(frozen=True)
class DeskCounters:
    arrived: int
    expected: int
    countries: list[CountryArrivals]
    session: Session | None = None
    session_checked_in: int = 0


class _PerGroup(Subquery):
    """A subquery on the grouped columns, kept out of GROUP BY: grouping by it too would
    run it once per delegate instead of once per group."""

    def get_group_by_cols(self):
        return []


def desk_counters(*, summit: Summit, session: Session | None = None) -> DeskCounters:
    """Arrived / expected (not cancelled), in total and per country; at `session`, how many
    are checked in. One query (two with a session) whatever the number of delegates."""
    # Grouping by the locality's id reads only the covering index `delegate_desk_counts`;
    # joining every delegate to its locality to group by country took twice as long. The
    # country comes from a subquery on the grouped locality: run once per locality.
    country = Locality.objects.filter(pk=OuterRef("locality_id")).order_by().values("country")
    rows = (
        Delegate.objects.filter(summit=summit)
        .expected()
        .values("locality_id")
        .annotate(
            expected=Count("pk"),
            arrived=Count("pk", filter=Q(arrived_at__isnull=False)),
            country=_PerGroup(country),
        )
        .order_by()
    )
    expected: dict[str, int] = {}
    arrived: dict[str, int] = {}
    for row in rows:
        code = str(row["country"])
        expected[code] = expected.get(code, 0) + row["expected"]
        arrived[code] = arrived.get(code, 0) + row["arrived"]
    countries = [
        CountryArrivals(country=code, arrived=arrived[code], expected=expected[code])
        for code in sorted(expected)
    ]
    checked_in = session.attendances.count() if session is not None else 0
    return DeskCounters(
        arrived=sum(c.arrived for c in countries),
        expected=sum(c.expected for c in countries),
        countries=countries,
        session=session,
        session_checked_in=checked_in,
    )


def summit_sessions(*, summit: Summit) -> QuerySet[Session]:
    return Session.objects.filter(summit=summit).select_related("room").order_by("starts_at", "pk")


def session_running(*, summit: Summit, at: datetime) -> Session | None:
    """The session under way at `at` (the earliest-starting one when several overlap)."""
    return (
        Session.objects.filter(summit=summit, starts_at__lte=at, ends_at__gt=at)
        .order_by("starts_at", "pk")
        .first()
    )


def badge_delegates(*, summit: Summit, delegation: Delegation | None = None) -> QuerySet[Delegate]:
    """Everyone expected at the summit (or in one delegation), in badge printing order."""
    delegates = summit_delegates(summit=summit).expected()
    if delegation is not None:
        delegates = delegates.filter(delegation=delegation)
    return delegates.order_by("delegation__name_en", "full_name_en", "pk")


def summit_delegations(*, summit: Summit) -> QuerySet[Delegation]:
    return Delegation.objects.filter(summit=summit).order_by("country", "name_en")


# Dashboard ------------------------------------------------------------------------------


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
    names = {
        code.replace("-", "_"): f"locality__region_{code.replace('-', '_')}"
        for code in language_codes()
    }
    rows = (
        Delegate.objects.filter(summit=summit)
        .annotate(region_key=Lower("locality__region_en"))
        .values("locality__country", "region_key")
        .annotate(**_STATUS_COUNTS, **{f"name_{key}": Min(f) for key, f in names.items()})
        .order_by("locality__country", "region_key")
    )
    language = (get_language() or settings.LANGUAGE_CODE).replace("-", "_")
    return [_figures(row, row.get(f"name_{language}") or row["name_en"]) for row in rows]


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
    return summit_sessions(summit=summit).annotate(
        attended=Coalesce(_count_of(SessionAttendance, session="pk"), 0),
        confirmed=Coalesce(
            _count_of(SessionSignup, session="pk", where=Q(status=SessionSignup.Status.CONFIRMED)),
            0,
        ),
        waitlisted=Coalesce(
            _count_of(SessionSignup, session="pk", where=Q(status=SessionSignup.Status.WAITLISTED)),
            0,
        ),
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


# Personal agenda -------------------------------------------------------------------------


def delegate_by_agenda_token(token: str) -> Delegate | None:
    """The delegate holding this private link, or None (wrong, revoked, or cancelled)."""
    delegate = (
        Delegate.objects.expected()
        .select_related("summit", "delegation", "locality")
        .filter(agenda_token=token)
        .first()
    )
    # Compare in constant time once found, so no partial match is ever accepted.
    if delegate is None or not secrets.compare_digest(delegate.agenda_token, token):
        return None
    return delegate


@dataclass
class AgendaItem:
    session: Session
    signup_status: str | None = None
    waitlist_position: int | None = None
    checked_in: bool = False

    @property
    def seats_left(self) -> int | None:
        if self.session.capacity is None:
            return None
        return max(self.session.capacity - self.session.confirmed, 0)


def delegate_agenda(*, delegate: Delegate) -> list[AgendaItem]:
    """The summit's programme seen by one delegate: their sign-ups, waiting-list
    positions and check-ins. Four queries whatever the programme's size."""
    sessions = list(
        Session.objects.filter(summit_id=delegate.summit_id)
        .select_related("room__venue", "summit")
        .annotate(
            confirmed=Coalesce(
                _count_of(
                    SessionSignup, session="pk", where=Q(status=SessionSignup.Status.CONFIRMED)
                ),
                0,
            )
        )
        .order_by("starts_at", "room__position", "pk")
    )
    mine = {s.session_id: s for s in SessionSignup.objects.filter(delegate=delegate)}
    waiting_sessions = [pk for pk, s in mine.items() if s.status == SessionSignup.Status.WAITLISTED]
    positions: dict[int, int] = {}
    if waiting_sessions:
        queues = SessionSignup.objects.filter(
            session_id__in=waiting_sessions, status=SessionSignup.Status.WAITLISTED
        ).order_by("session_id", "created_at", "pk")
        place: dict[int, int] = {}
        for signup in queues.only("pk", "session_id", "delegate_id"):
            place[signup.session_id] = place.get(signup.session_id, 0) + 1
            if signup.delegate_id == delegate.pk:
                positions[signup.session_id] = place[signup.session_id]
    attended = set(
        SessionAttendance.objects.filter(delegate=delegate).values_list("session_id", flat=True)
    )
    return [
        AgendaItem(
            session=session,
            signup_status=mine[session.pk].status if session.pk in mine else None,
            waitlist_position=positions.get(session.pk),
            checked_in=session.pk in attended,
        )
        for session in sessions
    ]


def delegate_language(delegate: Delegate) -> str:
    """The language a delegate's private link opens in: Chinese for delegates from China,
    Arabic for those whose name is given in Arabic, English otherwise."""
    if str(delegate.locality.country) == "CN":
        return "zh-hans"
    if delegate.full_name_ar:
        return "ar"
    return settings.LANGUAGE_CODE


def delegate_agenda_path(delegate: Delegate, *, language: str | None = None) -> str:
    """`/<lang>/agenda/<token>/` in the delegate's language (needs `locality` loaded)."""
    with translation.override(language or delegate_language(delegate)):
        return reverse("delegations:agenda", kwargs={"token": delegate.agenda_token})


def signup_waitlist_position(*, signup: SessionSignup) -> int | None:
    """1 for the first delegate waiting; None for a confirmed sign-up."""
    if signup.status != SessionSignup.Status.WAITLISTED:
        return None
    return (
        SessionSignup.objects.filter(
            session_id=signup.session_id, status=SessionSignup.Status.WAITLISTED
        )
        .filter(
            Q(created_at__lt=signup.created_at) | Q(created_at=signup.created_at, pk__lte=signup.pk)
        )
        .count()
    )
