"""schedule.xml in the frab/pentabarf format, valid against the published schema."""

import hashlib
import uuid
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema
from django.conf import settings
from django.core.cache import cache

from summits.frab import GUID_NAMESPACE
from tests.factories import publish

SCHEMA = Path(__file__).parent / "schemas" / "frab-schedule.xml.xsd"
# Where CI keeps the shared folder: beside the clone.
SHARED_SCHEMA = Path(settings.BASE_DIR).parent / "shared" / "schemas" / "frab-schedule.xml.xsd"
# The voc/schedule validator schema as copied on 2026-11-24; a change must be deliberate.
SCHEMA_SHA256 = "a2ec159014819b0957841af204c51f4ff0f64c55d05f54cf6cdeeaa3620fb983"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(SCHEMA)


def _schedule(response) -> ET.Element:
    assert response.status_code == 200, response.content
    return ET.fromstring(response.content)


def _event(root: ET.Element, pk: int) -> ET.Element:
    [event] = root.findall(f"./day/room/event[@id='{pk}']")
    return event


def test_frab_schema_copy_is_the_pinned_one_and_matches_the_shared_folder():
    committed = SCHEMA.read_bytes()
    assert hashlib.sha256(committed).hexdigest() == SCHEMA_SHA256
    if SHARED_SCHEMA.exists():
        assert SHARED_SCHEMA.read_bytes() == committed


@pytest.mark.parametrize("language", ["en", "zh-hans", "ar"])
def test_schedule_xml_validates_against_the_frab_schema(client, schema, tacoma, language):
    response = client.get(f"/{language}/summits/tacoma-2024/schedule.xml")

    assert response.status_code == 200
    schema.validate(response.content.decode())


def test_schedule_xml_validates_when_filtered_and_when_empty(client, schema, tacoma):
    events = {}
    # No case study: empty. A room of no summit is dropped, as on the page: all sessions.
    for query in ("?day=2024-07-20", "?kind=case_study", "?room=999999"):
        response = client.get(f"/en/summits/tacoma-2024/schedule.xml{query}")
        schema.validate(response.content.decode())
        events[query] = [e.findtext("title") for e in _schedule(response).iter("event")]

    assert events == {
        "?day=2024-07-20": ["Closing ceremony"],
        "?kind=case_study": [],
        "?room=999999": ["Opening keynotes", "Sister ports", "Closing ceremony"],
    }


def test_schedule_xml_has_the_conference_and_its_days(client, tacoma):
    root = _schedule(client.get("/en/summits/tacoma-2024/schedule.xml"))

    assert [child.tag for child in root] == ["version", "conference", "day", "day"]
    assert root.findtext("version") == "1"  # the release delegates see
    conference = {child.tag: child.text for child in root.find("conference")}
    assert conference == {
        "acronym": "tacoma-2024",
        "title": "6th China–US Sister Cities Summit",
        "start": "2024-07-19",
        "end": "2024-07-20",
        "days": "2",
        "timeslot_duration": "00:30",
    }
    days = [day.attrib for day in root.findall("day")]
    assert days == [
        {
            "index": "1",
            "date": "2024-07-19",
            "start": "2024-07-19T09:00:00-07:00",
            "end": "2024-07-19T12:00:00-07:00",
        },
        {
            "index": "2",
            "date": "2024-07-20",
            "start": "2024-07-20T16:00:00-07:00",
            "end": "2024-07-20T17:00:00-07:00",
        },
    ]
    rooms = [[room.get("name") for room in day.findall("room")] for day in root.findall("day")]
    assert rooms == [["Ballroom", "Room 310"], ["Room to be announced"]]


def test_schedule_xml_event_has_exact_values(client, tacoma):
    pk = tacoma["opening"].pk
    root = _schedule(client.get("/en/summits/tacoma-2024/schedule.xml"))

    event = _event(root, pk)
    assert event.get("guid") == str(uuid.uuid5(GUID_NAMESPACE, f"session-{pk}"))
    values = {
        child.tag: (child.text or "") for child in event if child.tag not in ("persons", "links")
    }
    assert values == {
        "date": "2024-07-19T09:00:00-07:00",
        "start": "09:00",
        "duration": "01:30",
        "room": "Ballroom",
        "slug": f"tacoma-2024-{pk}-opening-keynotes",
        "title": "Opening keynotes",
        "subtitle": "",
        "track": "Keynote",
        "type": "keynote",
        "language": "en",
        "abstract": "Shared Visions for a Brighter Future.",
        "description": "Shared Visions for a Brighter Future.",
    }
    persons = [(person.get("id"), person.text) for person in event.find("persons")]
    yang, woodards = (role.speaker for role in tacoma["opening"].speaker_roles.all())
    assert persons == [(str(yang.pk), "Yang Wanming"), (str(woodards.pk), "Victoria Woodards")]
    [link] = event.find("links")
    assert link.get("href") == f"http://testserver/en/summits/tacoma-2024/sessions/{pk}/"
    assert link.text == "Session page"


def test_schedule_xml_in_arabic_keeps_guids_and_slugs(client, tacoma):
    pk = tacoma["opening"].pk
    english = _event(_schedule(client.get("/en/summits/tacoma-2024/schedule.xml")), pk)
    arabic_root = _schedule(client.get("/ar/summits/tacoma-2024/schedule.xml"))
    arabic = _event(arabic_root, pk)

    assert arabic.findtext("title") == "الكلمات الافتتاحية"
    assert arabic.findtext("room") == "القاعة الكبرى"
    # <language> is the language spoken on the floor, whoever reads the schedule.
    assert arabic.findtext("language") == "en"
    assert _event(arabic_root, tacoma["panel"].pk).findtext("language") == "zh-hans"
    assert _event(arabic_root, tacoma["ceremony"].pk).find("language") is None
    assert arabic.get("guid") == english.get("guid")
    assert arabic.findtext("slug") == english.findtext("slug")
    assert arabic.findtext("start") == english.findtext("start") == "09:00"


def test_schedule_xml_follows_the_day_filter(client, tacoma):
    root = _schedule(client.get("/en/summits/tacoma-2024/schedule.xml?day=2024-07-20"))

    assert [(day.get("index"), day.get("date")) for day in root.findall("day")] == [
        ("2", "2024-07-20")
    ]
    titles = [event.findtext("title") for event in root.iter("event")]
    assert titles == ["Closing ceremony"]


def test_schedule_xml_headers_and_304(client, tacoma):
    url = "/en/summits/tacoma-2024/schedule.xml"
    response = client.get(url)

    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="tacoma-2024.xml"'
    assert response["Cache-Control"] == "public, max-age=60"
    cache.clear()
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_schedule_xml_version_changes_with_the_programme(client, tacoma):
    before = _schedule(client.get("/en/summits/tacoma-2024/schedule.xml")).findtext("version")
    panel = tacoma["panel"]
    panel.title_en = "Sister ports and trade"
    panel.save()
    publish(tacoma["summit"])

    after = _schedule(client.get("/en/summits/tacoma-2024/schedule.xml"))

    assert (before, after.findtext("version")) == ("1", "2")
    assert _event(after, panel.pk).findtext("title") == "Sister ports and trade"


@pytest.mark.parametrize("sessions", [1, 300])
def test_schedule_xml_query_count_is_flat(
    client, schema, django_assert_max_num_queries, sessions, summit_with
):
    summit = summit_with(sessions=sessions, speakers=60 if sessions > 1 else 2)
    cache.clear()

    with django_assert_max_num_queries(4):
        response = client.get(f"/en/summits/{summit.slug}/schedule.xml")

    root = _schedule(response)
    assert len(list(root.iter("event"))) == sessions
    schema.validate(response.content.decode())


def test_schedule_xml_drops_characters_xml_cannot_hold(client, schema, tacoma):
    panel = tacoma["panel"]
    panel.title_en = "Sister\x0bports"  # a line break pasted from a word processor
    # NUL cannot be stored by PostgreSQL (Django forms refuse it); other C0 controls can.
    panel.description_en = "Ports\x0c and trade\x1f."
    panel.save()
    publish(tacoma["summit"])

    response = client.get("/en/summits/tacoma-2024/schedule.xml")

    schema.validate(response.content.decode())
    event = _event(_schedule(response), panel.pk)
    assert (event.findtext("title"), event.findtext("description")) == (
        "Sisterports",
        "Ports and trade.",
    )
