"""The programme as iCalendar: schedule.ics per summit and an .ics per session."""

import datetime as dt
import gzip
import zoneinfo

import icalendar
import pytest
from django.core.cache import cache

from tests.factories import (
    SessionFactory,
    publish,
)

TACOMA = zoneinfo.ZoneInfo("America/Los_Angeles")

pytestmark = pytest.mark.django_db


def _calendar(response) -> icalendar.Calendar:
    assert response.status_code == 200, response.content
    return icalendar.Calendar.from_ical(response.content)


def _events(response) -> dict[str, icalendar.Event]:
    return {str(event["SUMMARY"]): event for event in _calendar(response).walk("VEVENT")}


def test_schedule_ics_has_calendar_properties_and_the_summit_timezone(client, tacoma):
    response = client.get("/en/summits/tacoma-2024/schedule.ics")

    calendar = _calendar(response)
    assert str(calendar["PRODID"]) == "-//Sister Summits//Programme//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["X-WR-CALNAME"]) == "6th China–US Sister Cities Summit"
    assert str(calendar["X-WR-TIMEZONE"]) == "America/Los_Angeles"
    [vtimezone] = calendar.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "America/Los_Angeles"
    daylight = [str(part["TZNAME"]) for part in vtimezone.walk("DAYLIGHT")]
    assert set(daylight) == {"PDT"}


def test_schedule_ics_has_one_event_per_session_with_exact_values(client, tacoma):
    response = client.get("/en/summits/tacoma-2024/schedule.ics")

    events = _events(response)
    assert sorted(events) == ["Closing ceremony", "Opening keynotes", "Sister ports"]
    opening = events["Opening keynotes"]
    pk = tacoma["opening"].pk
    assert str(opening["UID"]) == f"session-{pk}@sistersummits"
    assert opening["DTSTART"].dt == dt.datetime(2024, 7, 19, 9, 0, tzinfo=TACOMA)
    assert opening["DTSTART"].params["TZID"] == "America/Los_Angeles"
    assert opening["DTEND"].dt == dt.datetime(2024, 7, 19, 10, 30, tzinfo=TACOMA)
    assert opening["DTEND"].params["TZID"] == "America/Los_Angeles"
    assert opening["DTSTAMP"].dt.tzinfo is not None
    assert opening["DTSTAMP"].dt.utcoffset() == dt.timedelta(0)
    assert str(opening["LOCATION"]) == (
        "Ballroom, Greater Tacoma Convention Center, 1500 Commerce St, Tacoma, WA"
    )
    assert str(opening["DESCRIPTION"]) == (
        "Shared Visions for a Brighter Future.\n\n"
        "Keynote speaker: Yang Wanming, President, CPAFFC\n"
        "Keynote speaker: Victoria Woodards, Mayor of Tacoma\n\n"
        "Languages: English · 中文 on channel 1 · العربية on channel 2"
    )
    assert str(opening["URL"]) == f"http://testserver/en/summits/tacoma-2024/sessions/{pk}/"
    assert opening.categories == ["Keynote"]
    # A session without a room has no LOCATION rather than an empty one.
    assert "LOCATION" not in events["Closing ceremony"]
    assert events["Closing ceremony"]["DTSTART"].dt == dt.datetime(
        2024, 7, 20, 16, 0, tzinfo=TACOMA
    )


def test_schedule_ics_is_valid_rfc5545_text(client, tacoma):
    content = client.get("/en/summits/tacoma-2024/schedule.ics").content

    lines = content.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR"
    assert lines[-2:] == [b"END:VCALENDAR", b""]
    # RFC 5545 3.1: lines of at most 75 octets, folded with CRLF + space; no bare LF.
    assert max(len(line) for line in lines) <= 75
    assert b"\n" not in content.replace(b"\r\n", b"")
    for event in icalendar.Calendar.from_ical(content).walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert required in event


def test_schedule_ics_uids_are_stable_between_requests_and_languages(client, tacoma):
    first = [
        str(e["UID"])
        for e in _calendar(client.get("/en/summits/tacoma-2024/schedule.ics")).walk("VEVENT")
    ]
    cache.clear()
    second = [
        str(e["UID"])
        for e in _calendar(client.get("/en/summits/tacoma-2024/schedule.ics")).walk("VEVENT")
    ]
    arabic = [
        str(e["UID"])
        for e in _calendar(client.get("/ar/summits/tacoma-2024/schedule.ics")).walk("VEVENT")
    ]

    pks = [tacoma[name].pk for name in ("opening", "panel", "ceremony")]
    assert first == second == arabic == [f"session-{pk}@sistersummits" for pk in pks]


def test_schedule_ics_is_in_arabic_under_ar_with_english_fallback(client, tacoma):
    response = client.get("/ar/summits/tacoma-2024/schedule.ics")

    calendar = _calendar(response)
    assert (
        str(calendar["X-WR-CALNAME"]) == "القمة السادسة للمدن الشقيقة بين الصين والولايات المتحدة"
    )
    events = _events(response)
    assert sorted(events) == ["Closing ceremony", "Sister ports", "الكلمات الافتتاحية"]
    opening = events["الكلمات الافتتاحية"]
    assert str(opening["LOCATION"]).startswith("القاعة الكبرى, Greater Tacoma Convention Center")
    assert str(opening["URL"]) == (
        f"http://testserver/ar/summits/tacoma-2024/sessions/{tacoma['opening'].pk}/"
    )
    # Times do not depend on the language: still 09:00 in Tacoma.
    assert opening["DTSTART"].dt == dt.datetime(2024, 7, 19, 9, 0, tzinfo=TACOMA)


def test_schedule_ics_headers_name_the_type_file_and_caching(client, tacoma):
    response = client.get("/zh-hans/summits/tacoma-2024/schedule.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="tacoma-2024.ics"'
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["Content-Language"] == "zh-hans"
    assert response["ETag"].startswith('W/"')


def test_schedule_ics_answers_304_to_its_etag_even_after_rerendering(client, tacoma):
    first = client.get("/en/summits/tacoma-2024/schedule.ics")
    cache.clear()  # another worker, or the cache expired: DTSTAMP differs, ETag does not

    again = client.get("/en/summits/tacoma-2024/schedule.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""


def test_schedule_ics_etag_changes_when_a_session_is_renamed(client, tacoma):
    first = client.get("/en/summits/tacoma-2024/schedule.ics")
    panel = tacoma["panel"]
    panel.title_en = "Sister ports and trade"
    panel.save()
    publish(tacoma["summit"])

    again = client.get("/en/summits/tacoma-2024/schedule.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert "Sister ports and trade" in _events(again)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=keynote", ["Opening keynotes"]),
        ("day=2024-07-20", ["Closing ceremony"]),
        ("day=2024-07-19&kind=panel", ["Sister ports"]),
        ("kind=nonsense", ["Closing ceremony", "Opening keynotes", "Sister ports"]),
    ],
)
def test_schedule_ics_follows_the_programme_filters(client, tacoma, query, expected):
    response = client.get(f"/en/summits/tacoma-2024/schedule.ics?{query}")

    assert sorted(_events(response)) == expected


def test_schedule_ics_filtered_by_room(client, tacoma):
    response = client.get(f"/en/summits/tacoma-2024/schedule.ics?room={tacoma['side'].pk}")

    assert sorted(_events(response)) == ["Sister ports"]


def test_schedule_ics_of_an_unknown_summit_is_404(client, tacoma):
    assert client.get("/en/summits/nowhere/schedule.ics").status_code == 404


def test_session_ics_has_the_one_session(client, tacoma):
    pk = tacoma["panel"].pk
    response = client.get(f"/en/summits/tacoma-2024/sessions/{pk}.ics")

    assert response["Content-Disposition"] == (f'inline; filename="tacoma-2024-session-{pk}.ics"')
    calendar = _calendar(response)
    assert str(calendar["X-WR-CALNAME"]) == "Sister ports · 6th China–US Sister Cities Summit"
    assert len(calendar.walk("VTIMEZONE")) == 1
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"session-{pk}@sistersummits"
    assert event["DTSTART"].dt == dt.datetime(2024, 7, 19, 11, 0, tzinfo=TACOMA)
    assert event.categories == ["Panel discussion"]


def test_session_ics_of_another_summits_session_is_404(client, tacoma):
    other = SessionFactory(title_en="Elsewhere")

    response = client.get(f"/en/summits/tacoma-2024/sessions/{other.pk}.ics")

    assert response.status_code == 404


def test_session_ics_answers_304_to_its_etag(client, tacoma):
    url = f"/en/summits/tacoma-2024/sessions/{tacoma['opening'].pk}.ics"
    first = client.get(url)
    cache.clear()

    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


@pytest.mark.parametrize("sessions", [1, 300])
def test_schedule_ics_query_count_is_flat(
    client, django_assert_max_num_queries, sessions, summit_with
):
    summit = summit_with(sessions=sessions, speakers=60 if sessions > 1 else 2)
    cache.clear()

    with django_assert_max_num_queries(4):
        response = client.get(f"/en/summits/{summit.slug}/schedule.ics")

    assert len(_calendar(response).walk("VEVENT")) == sessions


@pytest.mark.parametrize("sessions", [1, 300])
def test_session_ics_query_count_is_flat(
    client, django_assert_max_num_queries, sessions, summit_with
):
    summit = summit_with(sessions=sessions, speakers=2)
    session = summit.sessions.order_by("-pk").first()
    cache.clear()

    with django_assert_max_num_queries(4):
        response = client.get(f"/en/summits/{summit.slug}/sessions/{session.pk}.ics")

    assert [str(e["UID"]) for e in _calendar(response).walk("VEVENT")] == [
        f"session-{session.pk}@sistersummits"
    ]


def test_schedule_ics_is_gzipped_for_clients_that_accept_it(client, tacoma):
    url = "/en/summits/tacoma-2024/schedule.ics"
    plain = client.get(url)
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    assert zipped["Vary"] == plain["Vary"] == "Accept-Encoding"
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content)
    assert zipped["ETag"] == plain["ETag"][:-1] + '-gzip"'
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"])
    assert again.status_code == 304


def test_cached_feed_needs_no_query(client, django_assert_num_queries, tacoma):
    url = "/ar/summits/tacoma-2024/schedule.ics?kind=keynote"
    first = client.get(url)

    with django_assert_num_queries(0):
        again = client.get(url)

    assert again.content == first.content


def test_schedule_ics_drops_control_characters(client, tacoma):
    panel = tacoma["panel"]
    panel.title_en = "Sister\x0bports"
    panel.description_en = "Line one\nline\x07 two"
    panel.save()
    publish(tacoma["summit"])

    event = _events(client.get("/en/summits/tacoma-2024/schedule.ics"))["Sisterports"]

    assert (
        str(event["DESCRIPTION"]) == "Line one\nline two\n\nLanguages: 中文 · English on channel 1"
    )
