"""The programme as iCalendar (RFC 5545), in the active language and the summit's zone."""

import datetime as dt
import re
from collections.abc import Callable, Iterable

import icalendar
from django.utils import timezone
from django.utils.translation import gettext

from .models import Session, Summit

PRODID = "-//Sister Summits//Programme//EN"
# Control characters (a vertical tab pasted from a word processor, say) are not allowed in
# iCalendar TEXT; line breaks and tabs are, and icalendar escapes them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
UID_DOMAIN = "sistersummits"


def _text(value: str) -> str:
    return _CONTROL.sub("", value)


def session_uid(session: Session) -> str:
    """Stable across requests, languages and filters, so calendars update instead of duplicating."""
    return f"session-{session.pk}@{UID_DOMAIN}"


def session_location(session: Session) -> str:
    room = session.room
    if room is None:
        return ""
    venue = room.venue
    return ", ".join(part for part in (room.name, venue.name, venue.address) if part)


def session_speaker_lines(session: Session) -> list[str]:
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


def session_event(
    session: Session, *, summit: Summit, url: str, stamp: dt.datetime
) -> icalendar.Event:
    tz = summit.tzinfo
    event = icalendar.Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", stamp)
    event.add("dtstart", session.starts_at.astimezone(tz))
    event.add("dtend", session.ends_at.astimezone(tz))
    event.add("summary", _text(session.title))
    location = session_location(session)
    if location:
        event.add("location", _text(location))
    description = "\n\n".join(
        part
        for part in (session.description.strip(), "\n".join(session_speaker_lines(session)))
        if part
    )
    if description:
        event.add("description", _text(description))
    event.add("url", url)
    event.add("categories", [str(session.get_kind_display())])
    return event


def programme_calendar(
    *,
    summit: Summit,
    sessions: Iterable[Session],
    session_url: Callable[[Session], str],
    name: str | None = None,
) -> bytes:
    """A VCALENDAR with the summit's VTIMEZONE and one VEVENT per session."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _text(name or summit.title))
    calendar.add("x-wr-timezone", summit.timezone)
    # Subscribed calendars re-fetch hourly; the programme rarely changes faster.
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    calendar.add_component(
        icalendar.Timezone.from_tzinfo(
            summit.tzinfo,
            tzid=summit.timezone,
            # A year either side covers every session and keeps the VTIMEZONE short.
            first_date=dt.date(summit.starts_on.year - 1, 1, 1),
            last_date=dt.date(summit.ends_on.year + 2, 1, 1),
        )
    )
    stamp = timezone.now().replace(microsecond=0).astimezone(dt.UTC)
    for session in sessions:
        calendar.add_component(
            session_event(session, summit=summit, url=session_url(session), stamp=stamp)
        )
    return calendar.to_ical()
