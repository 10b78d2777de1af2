"""Reads for the public pages and feeds, each loading its related rows in a fixed number
of queries, and the programme's filters (day, room, kind, language) shared by pages and
feeds."""

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import groupby
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery

from .languages import language_codes
from .models import (
    ProgrammeRelease,
    ReleasedSession,
    ReleasedSessionLanguage,
    ReleasedSpeaker,
    Room,
    Session,
    Speaker,
    Summit,
)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class ProgrammeFilter:
    """What a reader asked to see: one day (in the summit's own time zone), one room (pk),
    one kind (a `Session.Kind` value), one language (a code of `LANGUAGES`: sessions in it,
    on the floor or interpreted). `None` means no restriction."""

    day: dt.date | None = None
    room: int | None = None
    kind: str | None = None
    language: str | None = None

    @property
    def is_active(self) -> bool:
        return any(value is not None for value in (self.day, self.room, self.kind, self.language))

    def as_params(self) -> dict[str, str]:
        """The query parameters that reproduce this filter, in a fixed order."""
        params = {}
        if self.day is not None:
            params["day"] = self.day.isoformat()
        if self.room is not None:
            params["room"] = str(self.room)
        if self.kind is not None:
            params["kind"] = self.kind
        if self.language is not None:
            params["language"] = self.language
        return params

    def querystring(self) -> str:
        """`?day=2024-07-19&room=3`, or an empty string when nothing is filtered."""
        params = self.as_params()
        return f"?{urlencode(params)}" if params else ""


def programme_filters(params: Mapping[str, str]) -> ProgrammeFilter:
    """Read `day` (YYYY-MM-DD), `room` (a room's pk), `kind` and `language` from query
    parameters.

    A value that cannot be read is ignored rather than refused, so that an old or
    hand-edited link still shows a programme instead of an error page."""
    day = _parse_day(params.get("day") or "")
    room = _parse_pk(params.get("room") or "")
    kind = params.get("kind") or None
    if kind not in Session.Kind.values:
        kind = None
    language = params.get("language") or None
    if language not in language_codes():
        language = None
    return ProgrammeFilter(day=day, room=room, kind=kind, language=language)


def programme_filter_for_summit(
    filters: ProgrammeFilter, *, summit: Summit, room_ids: Iterable[int] | None = None
) -> ProgrammeFilter:
    """The one rule of the page, the feeds, frab XML and the API: a day outside the summit's
    dates, or a room that is not one of its rooms, is dropped like a value that cannot be
    read (the whole programme, not an empty one, answers an old link of another summit).
    A day of the summit without sessions stays: it shows that day, empty. `room_ids`, when
    the caller has the summit's rooms already, saves the query."""
    if filters.day is not None and not summit.starts_on <= filters.day <= summit.ends_on:
        filters = replace(filters, day=None)
    if filters.room is not None:
        if room_ids is None:
            known = Room.objects.filter(pk=filters.room, venue__summit=summit).exists()
        else:
            known = filters.room in set(room_ids)
        if not known:
            filters = replace(filters, room=None)
    return filters


def _parse_day(value: str) -> dt.date | None:
    if not _ISO_DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _parse_pk(value: str) -> int | None:
    # isdecimal, not isdigit: "²" is a digit that int() refuses (a 500 before).
    if not value.isdecimal() or len(value) > 18:
        return None
    return int(value) or None


def _latest_release(summit: OuterRef | Summit, field: str = "pk") -> Subquery:
    releases = ProgrammeRelease.objects.filter(summit=summit).order_by("-number")
    return Subquery(releases.values(field)[:1])


def summits_with_release() -> QuerySet[Summit]:
    """Summits with their published release's id, number and time (`current_release_*`,
    None before the first), read in the summit's own query."""
    return Summit.objects.annotate(
        current_release_id=_latest_release(OuterRef("pk")),
        current_release_number=_latest_release(OuterRef("pk"), "number"),
        current_release_published_at=_latest_release(OuterRef("pk"), "published_at"),
    )


def _current_release(summit: Summit) -> int | None | Subquery:
    if hasattr(summit, "current_release_id"):
        return summit.current_release_id
    return _latest_release(summit)


def summit_programme(
    *, summit: Summit, filters: ProgrammeFilter | None = None
) -> QuerySet[ReleasedSession]:
    """The summit's published sessions (its latest release) in time order with rooms,
    venues and speakers loaded (two queries however many sessions; none before the
    first release), optionally narrowed by `filters`. `session_id` is a session's id."""
    sessions = (
        ReleasedSession.objects.filter(release_id=_current_release(summit))
        .select_related("room__venue", "release__summit")
        .prefetch_related(
            Prefetch(
                "speaker_roles",
                queryset=ReleasedSpeaker.objects.select_related("speaker__organisation"),
            ),
            "languages",
        )
        .order_by("starts_at", "room__position", "session_id")
    )
    if filters is None:
        return sessions
    if filters.day is not None:
        # A day is the summit's local day: midnight to midnight in its own time zone.
        start = dt.datetime.combine(filters.day, dt.time.min, tzinfo=summit.tzinfo)
        end = dt.datetime.combine(filters.day + dt.timedelta(days=1), dt.time.min, summit.tzinfo)
        sessions = sessions.filter(starts_at__gte=start, starts_at__lt=end)
    if filters.room is not None:
        sessions = sessions.filter(room_id=filters.room)
    if filters.kind is not None:
        sessions = sessions.filter(kind=filters.kind)
    if filters.language is not None:
        spoken = ReleasedSessionLanguage.objects.filter(
            session=OuterRef("pk"), language=filters.language
        )
        sessions = sessions.filter(Exists(spoken))
    return sessions


def summit_releases(*, summit: Summit) -> QuerySet[ProgrammeRelease]:
    """The summit's releases, latest first, each with its recorded changes."""
    return ProgrammeRelease.objects.filter(summit=summit).order_by("-number")


@dataclass
class ProgrammeDay:
    day: dt.date
    sessions: list[Session] = field(default_factory=list)


def programme_by_day(sessions: Iterable[Session], *, summit: Summit) -> list[ProgrammeDay]:
    """Sessions (already in time order) grouped by the summit's local day."""
    return [
        ProgrammeDay(day=day, sessions=list(group))
        for day, group in groupby(
            sessions, key=lambda session: summit.local_date(session.starts_at)
        )
    ]


def summit_days(*, summit: Summit) -> list[dt.date]:
    """Every day of the summit, first to last (no query)."""
    count = (summit.ends_on - summit.starts_on).days + 1
    return [summit.starts_on + dt.timedelta(days=offset) for offset in range(count)]


def summit_rooms(*, summit: Summit) -> QuerySet[Room]:
    return (
        Room.objects.filter(venue__summit=summit)
        .select_related("venue")
        .order_by("position", "name_en", "pk")
    )


def summits_with_hosts() -> QuerySet[Summit]:
    """Summits with their hosts and venues loaded, for a summit's own page."""
    return Summit.objects.prefetch_related("hosts", "venues")


def summit_speakers(*, summit: Summit) -> QuerySet[Speaker]:
    """People who speak in the summit's published programme, each with their roles in its
    sessions (`summit_roles`, `role.session` a released session), in the order of their
    Latin-script names."""
    release = _current_release(summit)
    roles = (
        ReleasedSpeaker.objects.filter(session__release_id=release)
        .select_related("session__room__venue")
        .order_by("session__starts_at", "session__session_id")
    )
    return (
        Speaker.objects.filter(released_roles__session__release_id=release)
        .distinct()
        .select_related("organisation")
        .prefetch_related(Prefetch("released_roles", queryset=roles, to_attr="summit_roles"))
        .order_by("name_en", "pk")
    )
