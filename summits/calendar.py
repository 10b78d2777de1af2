"""The programme as iCalendar (RFC 5545), in the active language and the summit's zone."""

import datetime as dt
import functools
import zoneinfo
from collections.abc import Callable, Iterable

import icalendar
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from .interpretation import languages_text
from .models import ReleasedSession, Summit
from .text import without_control

PRODID = "-//Sister Summits//Programme//EN"
UID_DOMAIN = "sistersummits"


def session_uid(session: ReleasedSession) -> str:
    """Stable across requests, languages and filters, so calendars update instead of duplicating."""
    return f"session-{session.session_id}@{UID_DOMAIN}"


def session_location(session: ReleasedSession) -> str:
    room = session.room
    if room is None:
        return ""
    venue = room.venue
    return ", ".join(part for part in (room.name, venue.name, venue.address) if part)


def session_speaker_lines(session: ReleasedSession) -> list[str]:
    """One line per speaker: role, name, position and organisation (speaker_roles prefetched)."""
    lines = []
    for speaker_role in session.speaker_roles.all():
        speaker = speaker_role.speaker
        details = [speaker.name, speaker.position]
        if speaker.organisation is not None:
            details.append(speaker.organisation.short_name or speaker.organisation.name)
        # Translators: a speaker line in calendar descriptions, e.g. "Moderator: Ann Lee, Mayor".
        lines.append(
            gettext("%(role)s: %(speaker)s")
            % {
                "role": speaker_role.get_role_display(),
                "speaker": ", ".join(part for part in details if part),
            }
        )
    return lines


def session_description(session: ReleasedSession) -> str:
    """The session's description, then one line per speaker, then its languages and
    channels (speaker_roles and languages prefetched)."""
    languages = languages_text(session.languages.all())
    parts = (
        session.description.strip(),
        "\n".join(session_speaker_lines(session)),
        gettext("Languages: %(languages)s") % {"languages": languages} if languages else "",
    )
    return "\n\n".join(part for part in parts if part)


def session_event(
    session: ReleasedSession,
    *,
    summit: Summit,
    url: str,
    stamp: dt.datetime,
    uid: str | None = None,
    summary: str | None = None,
    status: str | None = None,
    description: str | None = None,
) -> icalendar.Event:
    """One VEVENT in the summit's zone; by default the public feed's UID, the session's title
    and `session_description`. Control characters (not allowed in iCalendar TEXT) are
    dropped from every text; line breaks and tabs are allowed, and icalendar escapes them."""
    tz = summit.tzinfo
    event = icalendar.Event()
    event.add("uid", uid or session_uid(session))
    event.add("dtstamp", stamp)
    event.add("sequence", session.sequence)
    event.add("last-modified", session.updated_at.replace(microsecond=0).astimezone(dt.UTC))
    event.add("dtstart", session.starts_at.astimezone(tz))
    event.add("dtend", session.ends_at.astimezone(tz))
    if status:
        event.add("status", status)
    event.add("summary", without_control(session.title if summary is None else summary))
    location = session_location(session)
    if location:
        event.add("location", without_control(location))
    if description is None:
        description = session_description(session)
    if description:
        event.add("description", without_control(description))
    event.add("url", url)
    event.add("categories", [str(session.get_kind_display())])
    return event


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# One VTIMEZONE per zone whatever the summit: calendar programs (Thunderbird, vobject) keep
# the first definition they meet for a TZID, so two feeds must never define it differently.
ZONE_YEARS = (dt.date(2000, 1, 1), dt.date(2040, 1, 1))
_OBSERVANCE_FIELDS = ("TZNAME", "TZOFFSETFROM", "TZOFFSETTO")


def _shape(day: dt.datetime) -> tuple[int, int, int, dt.time]:
    """(month, weekday, week of the month or -1 for the last, time) of a transition."""
    last = (day + dt.timedelta(days=7)).month != day.month
    week = -1 if last and day.day > 28 else (day.day - 1) // 7 + 1
    return day.month, day.weekday(), week, day.time()


def _yearly_runs(
    starts: list[dt.datetime], offset_from: dt.timedelta
) -> list[tuple[list[dt.datetime], dict | None]]:
    """Consecutive yearly transitions on the same weekday of the same week of one month,
    each run with its RRULE (`FREQ=YEARLY;BYMONTH=3;BYDAY=2SU`), the last one open-ended."""
    runs: list[list[dt.datetime]] = []
    for start in starts:
        if runs and _shape(runs[-1][-1]) == _shape(start) and start.year == runs[-1][-1].year + 1:
            runs[-1].append(start)
        else:
            runs.append([start])
    result = []
    for index, run in enumerate(runs):
        if len(run) < 2:
            result.append((run, None))
            continue
        month, weekday, week, _time = _shape(run[0])
        rule: dict[str, object] = {
            "freq": "yearly",
            "bymonth": month,
            "byday": f"{week}{_WEEKDAYS[weekday]}",
        }
        if index < len(runs) - 1:
            # RFC 5545 3.3.10: an observance's UNTIL is in UTC.
            rule["until"] = (run[-1] - offset_from).replace(tzinfo=dt.UTC)
        result.append((run[:1], rule))
    return result


def summit_timezone(summit: Summit) -> icalendar.Timezone:
    """The summit's VTIMEZONE (see `_zone_ical`), a fresh component for each calendar."""
    return icalendar.Timezone.from_ical(_zone_ical(summit.timezone))


@functools.lru_cache(maxsize=32)
def _zone_ical(tzid: str) -> bytes:
    """The VTIMEZONE of `tzid`, with yearly RRULEs for its daylight-saving changes.

    icalendar writes later transitions as RDATEs of one observance; ical.js (Thunderbird) and
    vobject read only the first and shift events by an hour after it. Yearly rules are read
    alike by every program; a change that follows no rule gets an observance of its own."""
    zone = icalendar.Timezone.from_tzinfo(
        zoneinfo.ZoneInfo(tzid), tzid=tzid, first_date=ZONE_YEARS[0], last_date=ZONE_YEARS[1]
    )
    groups: dict[tuple, list[dt.datetime]] = {}
    for observance in zone.subcomponents:
        key = (type(observance), *(observance.decoded(name) for name in _OBSERVANCE_FIELDS))
        groups.setdefault(key, []).append(observance.decoded("DTSTART"))
        rdates = observance.get("RDATE", [])
        for rdate in rdates if isinstance(rdates, list) else [rdates]:
            groups[key].extend(value.dt for value in rdate.dts)
    observances = []
    for (kind, *values), starts in groups.items():
        offset_from = values[_OBSERVANCE_FIELDS.index("TZOFFSETFROM")]
        for run, rule in _yearly_runs(sorted(starts), offset_from):
            for start in run:
                single = kind()
                single.add("dtstart", start)
                if rule:
                    single.add("rrule", rule)
                for name, value in zip(_OBSERVANCE_FIELDS, values, strict=True):
                    single.add(name, value)
                observances.append(single)
    zone.subcomponents = sorted(observances, key=lambda o: o.decoded("DTSTART"))
    zone.pop("COMMENT", None)
    return zone.to_ical()


def calendar_shell(
    *, summit: Summit, name: str, prodid: str = PRODID, method: str | None = None
) -> icalendar.Calendar:
    """A VCALENDAR named `name` with the summit's VTIMEZONE, ready for its events."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-calname", without_control(name))
    calendar.add("x-wr-timezone", summit.timezone)
    # Subscribed calendars re-fetch hourly; the programme rarely changes faster.
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    calendar.add_component(summit_timezone(summit))
    return calendar


def webcal(absolute: str) -> str:
    """`https://host/path` as `webcal://host/path`: calendar apps subscribe to it rather
    than import it once."""
    return "webcal://" + absolute.split("://", 1)[1]


def webcal_url(request: HttpRequest, path: str) -> str:
    """`path` on the requested host, as a `webcal://` subscription (`webcal`)."""
    return webcal(request.build_absolute_uri(path))


def calendar_stamp() -> dt.datetime:
    """DTSTAMP for every event of one feed: now, in UTC, to the second."""
    return timezone.now().replace(microsecond=0).astimezone(dt.UTC)


def programme_calendar(
    *,
    summit: Summit,
    sessions: Iterable[ReleasedSession],
    session_url: Callable[[ReleasedSession], str],
    name: str | None = None,
) -> bytes:
    """A VCALENDAR with the summit's VTIMEZONE and one VEVENT per session."""
    calendar = calendar_shell(summit=summit, name=name or summit.title)
    stamp = calendar_stamp()
    for session in sessions:
        calendar.add_component(
            session_event(session, summit=summit, url=session_url(session), stamp=stamp)
        )
    return calendar.to_ical()
