"""The programme in the frab/pentabarf `schedule.xml` format read by conference apps.

The element set follows the published schema (`tests/summits/schemas/frab-schedule.xml.xsd`),
which has no room for frab's `url`, `time_zone_name` or `base_url`: the session's page is
given as a `links/link` instead. See docs/programme-feeds.md.
"""

import datetime as dt
import math
import uuid
from collections.abc import Callable, Iterable
from xml.etree import ElementTree as ET

from django.utils.text import slugify
from django.utils.translation import gettext

from .models import ReleasedSession, Room, Summit
from .text import xml_text

# uuid5 namespace for event guids: the same session keeps its guid in every language.
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "sistersummits")


def session_guid(session: ReleasedSession) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"session-{session.session_id}"))


def _hours_minutes(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _timeslot(sessions: list[ReleasedSession], tz: dt.tzinfo) -> str:
    """The largest slot (5 to 60 minutes) that every start and duration is a multiple of."""
    step = 0
    for session in sessions:
        start = session.starts_at.astimezone(tz)
        duration = int((session.ends_at - session.starts_at).total_seconds() // 60)
        step = math.gcd(step, start.hour * 60 + start.minute, duration)
    step = min(max(step or 15, 5), 60)
    return f"{step // 60:02d}:{step % 60:02d}"


def _sub(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
    # ElementTree would write what XML 1.0 forbids and break the file.
    clean = {name: xml_text(value) for name, value in attrs.items()}
    element = ET.SubElement(parent, tag, clean)
    element.text = xml_text(text)
    return element


def _spoken_language(session: ReleasedSession) -> str | None:
    """The language spoken on the floor (the first, when several), as pretalx exports a
    talk's content locale; none when the organisers have not said."""
    return next((row.language for row in session.languages.all() if row.is_floor), None)


def _abstract(description: str) -> str:
    return description.strip().split("\n\n", 1)[0].strip()


def _event(
    parent: ET.Element, session: ReleasedSession, *, summit: Summit, room_name: str, url: str
):
    tz = summit.tzinfo
    starts_at = session.starts_at.astimezone(tz)
    event = ET.SubElement(
        parent, "event", {"id": str(session.session_id), "guid": session_guid(session)}
    )
    _sub(event, "date", starts_at.isoformat())
    _sub(event, "start", starts_at.strftime("%H:%M"))
    _sub(event, "duration", _hours_minutes(session.ends_at - session.starts_at))
    _sub(event, "room", room_name)
    # English titles keep slugs the same in every language; the id keeps them unique.
    title_slug = slugify(session.title_en or "")[:60].strip("-")
    _sub(
        event,
        "slug",
        "-".join(part for part in (summit.slug, str(session.session_id), title_slug) if part),
    )
    _sub(event, "title", session.title)
    _sub(event, "subtitle", "")
    kind_label = str(session.get_kind_display())
    _sub(event, "track", kind_label)
    _sub(event, "type", session.kind)
    if spoken := _spoken_language(session):
        _sub(event, "language", spoken)
    _sub(event, "abstract", _abstract(session.description))
    _sub(event, "description", session.description.strip())
    persons = _sub(event, "persons")
    for speaker_role in session.speaker_roles.all():
        _sub(persons, "person", speaker_role.speaker.name, id=str(speaker_role.speaker_id))
    links = _sub(event, "links")
    # Translators: the link text to a session's page in conference apps.
    _sub(links, "link", gettext("Session page"), href=url)


def _room_key(room: Room | None) -> tuple:
    # Sessions without a room come last, under one "to be announced" room.
    return (1, 0, "", 0) if room is None else (0, room.position, room.name, room.pk)


def _sessions_by_day(
    summit: Summit, sessions: list[ReleasedSession], days: list[dt.date] | None
) -> dict[dt.date, list[ReleasedSession]]:
    if days is None:
        count = (summit.ends_on - summit.starts_on).days + 1
        days = [summit.starts_on + dt.timedelta(days=n) for n in range(count)]
    by_day: dict[dt.date, list[ReleasedSession]] = {day: [] for day in days}
    for session in sessions:
        by_day.setdefault(session.starts_at.astimezone(summit.tzinfo).date(), []).append(session)
    return by_day


def _conference(schedule: ET.Element, summit: Summit, sessions: list[ReleasedSession]) -> None:
    conference = _sub(schedule, "conference")
    _sub(conference, "acronym", summit.slug)
    _sub(conference, "title", summit.title)
    _sub(conference, "start", summit.starts_on.isoformat())
    _sub(conference, "end", summit.ends_on.isoformat())
    _sub(conference, "days", str((summit.ends_on - summit.starts_on).days + 1))
    _sub(conference, "timeslot_duration", _timeslot(sessions, summit.tzinfo))


def _day_indexes(summit: Summit, ordered: list[dt.date]) -> list[int]:
    # Day 2 stays "day 2" in a feed filtered to that day; sessions dated before the
    # summit (bad data) make the days simply numbered in order.
    if ordered and ordered[0] >= summit.starts_on:
        return [(day - summit.starts_on).days + 1 for day in ordered]
    return list(range(1, len(ordered) + 1))


def _day(
    schedule: ET.Element,
    *,
    summit: Summit,
    day: dt.date,
    index: int,
    day_sessions: list[ReleasedSession],
    session_url: Callable[[ReleasedSession], str],
) -> None:
    tz = summit.tzinfo
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=tz)
    day_start = min((s.starts_at for s in day_sessions), default=midnight).astimezone(tz)
    day_end = max(
        (s.ends_at for s in day_sessions), default=midnight + dt.timedelta(days=1)
    ).astimezone(tz)
    day_element = _sub(
        schedule,
        "day",
        index=str(index),
        date=day.isoformat(),
        start=day_start.isoformat(),
        end=day_end.isoformat(),
    )
    rooms: dict[int | None, list[ReleasedSession]] = {}
    room_objects: dict[int | None, Room | None] = {}
    for session in day_sessions:
        rooms.setdefault(session.room_id, []).append(session)
        room_objects[session.room_id] = session.room
    no_room = gettext("Room to be announced")
    for room_id in sorted(rooms, key=lambda pk: _room_key(room_objects[pk])):
        room = room_objects[room_id]
        room_name = room.name if room is not None else no_room
        room_element = _sub(day_element, "room", name=room_name)
        for session in rooms[room_id]:
            _event(
                room_element, session, summit=summit, room_name=room_name, url=session_url(session)
            )


def programme_xml(
    *,
    summit: Summit,
    sessions: Iterable[ReleasedSession],
    session_url: Callable[[ReleasedSession], str],
    days: list[dt.date] | None = None,
    version: int | None = None,
) -> bytes:
    """schedule > version, conference, day (by summit-local date) > room > event.
    `version` is the published release's number (no element before the first release)."""
    sessions = list(sessions)
    by_day = _sessions_by_day(summit, sessions, days)
    schedule = ET.Element("schedule")
    _conference(schedule, summit, sessions)
    ordered = sorted(by_day)
    for index, day in zip(_day_indexes(summit, ordered), ordered, strict=True):
        _day(
            schedule,
            summit=summit,
            day=day,
            index=index,
            day_sessions=by_day[day],
            session_url=session_url,
        )
    # The release number changes exactly when what delegates see does: apps show "updated".
    if version is not None:
        element = ET.Element("version")
        element.text = str(version)
        schedule.insert(0, element)
    ET.indent(schedule, space="  ")
    return ET.tostring(schedule, encoding="utf-8", xml_declaration=True)
