"""The check-in desk's reads: search in any spelling, one delegate's row, the live counters."""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)

from delegations.models import (
    Delegate,
    Delegation,
    Locality,
    SessionAttendance,
    SessionSignup,
)
from summits.languages import all_language_fields, any_language_contains, country_name
from summits.models import Session, Summit

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
    "delegation__name",
    *all_language_fields("delegation__name"),
    "locality__country",
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
    match = _desk_match(summit=summit, text=text)
    words = text.split()
    if len(words) > 1:
        # "wei wang" finds Wang Wei: every word somewhere, in any order.
        every_word = Q()
        for word in words:
            every_word &= _desk_match(summit=summit, text=word)
        match |= every_word
    delegates = desk_delegates(summit=summit).filter(match)
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
    """Each delegate with `checked_in_here` and `signed_up_here` (a confirmed sign-up,
    always True at a session that takes none) for `session`."""
    if session is None:
        return delegates.annotate(checked_in_here=Value(False), signed_up_here=Value(True))
    return delegates.annotate(
        checked_in_here=Exists(
            SessionAttendance.objects.filter(delegate=OuterRef("pk"), session=session)
        ),
        signed_up_here=(
            Exists(
                SessionSignup.objects.confirmed().filter(delegate=OuterRef("pk"), session=session)
            )
            if session.accepts_signups
            else Value(True)
        ),
    )


def signed_up_at(delegate: Delegate, session: Session) -> bool:
    """Whether `delegate` holds a seat at `session` (True where it takes no sign-ups)."""
    return (
        not session.accepts_signups
        or SessionSignup.objects.confirmed().filter(delegate=delegate, session=session).exists()
    )


@dataclass(frozen=True)
class CountryArrivals:
    country: str
    arrived: int
    expected: int

    @property
    def name(self) -> str:
        return country_name(self.country)


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


def session_running(*, summit: Summit, at: datetime) -> Session | None:
    """The session under way at `at` (the earliest-starting one when several overlap)."""
    return (
        Session.objects.filter(summit=summit, starts_at__lte=at, ends_at__gt=at)
        .order_by("starts_at", "pk")
        .first()
    )
