"""The programme's filters read the same everywhere: the page, the calendar feed, frab XML
and the API. Found from outside: `?day=` of a day outside the summit showed the whole
programme on the page, 0 events in the feed, and an extra empty `<day>` in frab XML while
`<days>` said 1."""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest

from summits.models import Room
from tests.factories import RoomFactory, SessionLanguageFactory, SummitFactory, publish

pytestmark = pytest.mark.django_db


def everywhere(client, summit, query: str) -> dict[str, object]:
    """How many sessions each reader gets for one query string, and what else it says."""
    base = f"/en/summits/{summit.slug}"
    page = client.get(f"{base}/schedule/{query}").content.decode()
    feed = client.get(f"{base}/schedule.ics{query}").content.decode()
    frab = ET.fromstring(client.get(f"{base}/schedule.xml{query}").content)
    api = json.loads(client.get(f"/api/v1/summits/{summit.slug}/schedule{query}").content)
    return {
        "page": len(re.findall(r'<li class="session">', page)),
        "feed": feed.count("BEGIN:VEVENT"),
        "frab": len(frab.findall(".//event")),
        "api": len(api["sessions"]),
        "frab days": (frab.findtext("conference/days"), len(frab.findall("day"))),
        "api filters": api["filters"],
    }


@pytest.fixture
def one_day(summit_with):
    return summit_with(sessions=4, slug="tacoma-2024")


@pytest.fixture
def two_days_one_empty(summit_with):
    # Sessions on the first day only; the second is a day of the summit all the same.
    return summit_with(sessions=4, slug="tacoma-2024", ends_on=dt.date(2024, 7, 20))


def test_a_day_outside_the_summit_is_dropped_everywhere(client, one_day):
    seen = everywhere(client, one_day, "?day=2024-07-20")

    assert [seen[reader] for reader in ("page", "feed", "frab", "api")] == [4, 4, 4, 4]
    assert seen["frab days"] == ("1", 1)
    assert seen["api filters"] == {"day": None, "room": None, "kind": None, "language": None}


def test_a_day_of_the_summit_without_sessions_is_empty_everywhere(client, two_days_one_empty):
    seen = everywhere(client, two_days_one_empty, "?day=2024-07-20")

    assert [seen[reader] for reader in ("page", "feed", "frab", "api")] == [0, 0, 0, 0]
    assert seen["frab days"] == ("2", 1)
    assert seen["api filters"]["day"] == "2024-07-20"


def test_a_day_with_sessions_reads_the_same_everywhere(client, two_days_one_empty):
    seen = everywhere(client, two_days_one_empty, "?day=2024-07-19")

    assert [seen[reader] for reader in ("page", "feed", "frab", "api")] == [4, 4, 4, 4]


def test_a_room_of_another_summit_is_dropped_everywhere(client, one_day):
    elsewhere = RoomFactory(venue__summit=SummitFactory(slug="elsewhere"))

    seen = everywhere(client, one_day, f"?room={elsewhere.pk}")

    assert [seen[reader] for reader in ("page", "feed", "frab", "api")] == [4, 4, 4, 4]
    assert seen["api filters"]["room"] is None


def test_a_room_of_the_summit_narrows_everywhere(client, one_day):
    room = Room.objects.filter(venue__summit=one_day).order_by("position").first()

    seen = everywhere(client, one_day, f"?room={room.pk}")

    # Four sessions over three rooms, filled room by room: two in the first.
    assert [seen[reader] for reader in ("page", "feed", "frab", "api")] == [2, 2, 2, 2]
    assert seen["api filters"]["room"] == room.pk


def test_a_language_narrows_everywhere_to_sessions_on_the_floor_or_interpreted(client, one_day):
    first, second, third, _fourth = one_day.sessions.order_by("starts_at", "pk")
    SessionLanguageFactory(session=first, language="ar")
    SessionLanguageFactory(session=second, language="en")
    SessionLanguageFactory(session=second, language="ar", channel=2)
    SessionLanguageFactory(session=third, language="en")
    publish(one_day)

    arabic = everywhere(client, one_day, "?language=ar")
    english = everywhere(client, one_day, "?language=en")

    assert [arabic[reader] for reader in ("page", "feed", "frab", "api")] == [2, 2, 2, 2]
    assert arabic["api filters"]["language"] == "ar"
    assert [english[reader] for reader in ("page", "feed", "frab", "api")] == [2, 2, 2, 2]


def test_a_language_filter_reaches_delegates_only_when_published(client, one_day):
    SessionLanguageFactory(session=one_day.sessions.first(), language="ar")

    seen = everywhere(client, one_day, "?language=ar")

    assert [seen[reader] for reader in ("page", "feed", "frab", "api")] == [0, 0, 0, 0]
