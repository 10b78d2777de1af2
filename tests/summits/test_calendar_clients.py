"""Our calendar feeds as real calendar programs read them: ical.js (Thunderbird's parser,
from npm, tests/calendars/) and vobject, beside icalendar, for the public programme and a
delegate's private agenda, in summits of several years, zones and across a change of
daylight-saving time. Every program must place every event at the same instant."""

import datetime as dt
import json
import shutil
import subprocess
import zoneinfo
from pathlib import Path

import icalendar
import pytest
import vobject
from django.urls import reverse

from tests.factories import (
    DelegateFactory,
    DelegationFactory,
    SessionFactory,
    SummitFactory,
    publish,
)

CLIENTS = Path(__file__).resolve().parent.parent / "calendars"
NODE = shutil.which("node")

pytestmark = pytest.mark.django_db

# (zone, first day, last day, sessions as (day offset, hour)) — Tacoma in 2024 and in 2026,
# a Los Angeles summit across the end of daylight-saving time (2 November 2025), Suzhou.
SUMMITS = {
    "tacoma-2024": ("America/Los_Angeles", dt.date(2024, 7, 19), 0, [(0, 9), (0, 14)]),
    "tacoma-2026": ("America/Los_Angeles", dt.date(2026, 7, 17), 0, [(0, 10)]),
    "la-dst-2025": ("America/Los_Angeles", dt.date(2025, 11, 1), 2, [(0, 10), (2, 10)]),
    "suzhou-2023": ("Asia/Shanghai", dt.date(2023, 9, 12), 1, [(0, 9), (1, 15)]),
}


def _summit(slug: str):
    zone_name, first, extra_days, slots = SUMMITS[slug]
    zone = zoneinfo.ZoneInfo(zone_name)
    summit = SummitFactory(
        slug=slug,
        timezone=zone_name,
        starts_on=first,
        ends_on=first + dt.timedelta(days=extra_days),
    )
    sessions = []
    for offset, hour in slots:
        day = first + dt.timedelta(days=offset)
        starts = dt.datetime.combine(day, dt.time(hour), tzinfo=zone)
        sessions.append(
            SessionFactory(
                summit=summit,
                title_en=f"Session at {hour}:00 on {day}",
                starts_at=starts,
                ends_at=starts + dt.timedelta(minutes=90),
                room=None,
            )
        )
    publish(summit)
    return summit, sessions


def _expected(sessions) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    return {
        session.title_en: (session.starts_at.astimezone(dt.UTC), session.ends_at.astimezone(dt.UTC))
        for session in sessions
    }


def _with_icalendar(body: bytes) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    calendar = icalendar.Calendar.from_ical(body)
    return {
        str(event["SUMMARY"]): (
            event.decoded("DTSTART").astimezone(dt.UTC),
            event.decoded("DTEND").astimezone(dt.UTC),
        )
        for event in calendar.walk("VEVENT")
    }


def _with_vobject(body: bytes) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    calendar = vobject.readOne(body.decode())
    return {
        event.summary.value: (
            event.dtstart.value.astimezone(dt.UTC),
            event.dtend.value.astimezone(dt.UTC),
        )
        for event in calendar.vevent_list
    }


def _with_ical_js(body: bytes) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    if NODE is None:
        pytest.skip("needs Node.js for ical.js (Debian: apt-get install nodejs)")
    assert (CLIENTS / "node_modules" / "ical.js").is_dir(), (
        "ical.js is missing: run `npm ci --prefix tests/calendars` (make install-dev does)"
    )
    run = subprocess.run(
        [NODE, "read_ics.mjs"], cwd=CLIENTS, input=body, capture_output=True, check=True
    )

    def instant(text: str) -> dt.datetime:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))

    return {
        event["summary"]: (instant(event["start"]), instant(event["end"]))
        for event in json.loads(run.stdout)
    }


READERS = {"icalendar": _with_icalendar, "vobject": _with_vobject, "ical.js": _with_ical_js}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("slug", SUMMITS)
def test_public_feed_places_every_event_at_the_same_instant(client, slug, reader):
    summit, sessions = _summit(slug)

    body = client.get(reverse("summits:schedule_ics", kwargs={"slug": summit.slug})).content

    assert READERS[reader](body) == _expected(sessions)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("slug", SUMMITS)
def test_agenda_feed_places_every_event_at_the_same_instant(client, slug, reader):
    summit, sessions = _summit(slug)
    delegate = DelegateFactory(delegation=DelegationFactory(summit=summit))

    url = reverse("delegations:agenda_ics", kwargs={"token": delegate.agenda_token})
    body = client.get(url).content

    assert READERS[reader](body) == _expected(sessions)


def test_a_moved_session_gets_a_higher_sequence_in_every_reader(client):
    summit, [first, _second] = _summit("tacoma-2024")
    url = reverse("summits:schedule_ics", kwargs={"slug": summit.slug})
    before = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")[0]

    first.starts_at += dt.timedelta(hours=1)
    first.ends_at += dt.timedelta(hours=1)
    first.save()
    publish(summit)
    body = client.get(url).content

    after = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after.decoded("LAST-MODIFIED") >= before.decoded("LAST-MODIFIED")
    if NODE is not None:
        run = subprocess.run(
            [NODE, "read_ics.mjs"], cwd=CLIENTS, input=body, capture_output=True, check=True
        )
        assert json.loads(run.stdout)[0]["sequence"] == 1


def test_every_feed_defines_a_zone_the_same_way(client):
    """Calendar programs keep the first VTIMEZONE they meet for a TZID (vobject process-wide,
    Thunderbird per profile): a 2026 feed read first must not shift a 2024 feed."""
    later, _later_sessions = _summit("tacoma-2026")
    earlier, earlier_sessions = _summit("tacoma-2024")
    bodies = [
        client.get(reverse("summits:schedule_ics", kwargs={"slug": summit.slug})).content
        for summit in (later, earlier)
    ]

    zones = [icalendar.Calendar.from_ical(body).walk("VTIMEZONE")[0].to_ical() for body in bodies]
    assert zones[0] == zones[1]
    _with_vobject(bodies[0])
    assert _with_vobject(bodies[1]) == _expected(earlier_sessions)
