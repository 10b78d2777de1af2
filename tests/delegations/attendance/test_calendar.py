"""A delegate's calendar feed, built by the public programme's iCalendar functions
(attendance/calendar.py on summits/calendar.py)."""

import icalendar
import pytest
from django.urls import reverse

from delegations.models import SessionSignup
from tests.factories import RoomFactory, SessionFactory, VenueFactory, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def harbour_room(tacoma):
    venue = VenueFactory(
        summit=tacoma,
        name_en="Greater Tacoma Convention Center",
        address_en="1500 Commerce St, Tacoma, WA 98402",
    )
    return RoomFactory(venue=venue, name_en="Ballroom A")


def agenda_feed(client, delegate) -> icalendar.Calendar:
    response = client.get(
        reverse("delegations:agenda_ics", kwargs={"token": delegate.agenda_token})
    )
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content)


def public_feed(client, summit) -> icalendar.Calendar:
    response = client.get(reverse("summits:schedule_ics", kwargs={"slug": summit.slug}))
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content)


def test_agenda_feed_strips_control_characters_and_gives_the_venue_address(
    client, tacoma, wang, harbour_room
):
    SessionFactory(
        summit=tacoma,
        room=harbour_room,
        title_en="Opening\x0b ceremony\x01",
        description_en="Welcome\x0b words.",
    )
    publish(tacoma)

    calendar = agenda_feed(client, wang)

    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Opening ceremony"
    assert str(event["location"]) == (
        "Ballroom A, Greater Tacoma Convention Center, 1500 Commerce St, Tacoma, WA 98402"
    )
    assert str(event["description"]).startswith("Welcome words.\n\nhttp://testserver/en/agenda/")
    assert "\x0b" not in calendar.to_ical().decode() and "\x01" not in calendar.to_ical().decode()


def test_agenda_feed_strips_control_characters_from_a_waiting_list_title(client, tacoma, wang):
    session = SessionFactory(summit=tacoma, title_en="Port\x0b visit", accepts_signups=True)
    SessionSignup.objects.create(
        delegate=wang, session=session, status=SessionSignup.Status.WAITLISTED
    )
    publish(tacoma)

    [event] = agenda_feed(client, wang).walk("VEVENT")

    assert (str(event["summary"]), str(event["status"])) == (
        "Waiting list (1): Port visit",
        "TENTATIVE",
    )


def test_agenda_feed_has_the_public_feeds_time_zone(client, tacoma, wang):
    SessionFactory(summit=tacoma)
    publish(tacoma)

    agenda, public = agenda_feed(client, wang), public_feed(client, tacoma)

    [agenda_zone] = agenda.walk("VTIMEZONE")
    [public_zone] = public.walk("VTIMEZONE")
    assert agenda_zone.to_ical() == public_zone.to_ical()
    assert str(agenda_zone["tzid"]) == "America/Los_Angeles"
    # No RDATE lists (yearly RRULEs instead): parsers that read only the first date of a list
    # would shift events by an hour outside that first year.
    for observance in agenda_zone.subcomponents:
        rdates = observance.get("rdate", [])
        for rdate in rdates if isinstance(rdates, list) else [rdates]:
            assert len(rdate.dts) == 1


def test_agenda_feed_keeps_its_own_uids_and_name(client, tacoma, wang):
    session = SessionFactory(summit=tacoma)
    publish(tacoma)

    calendar = agenda_feed(client, wang)

    assert str(calendar["x-wr-calname"]) == f"My agenda: {tacoma.title}"
    assert str(calendar["method"]) == "PUBLISH"
    assert [str(e["uid"]) for e in calendar.walk("VEVENT")] == [
        f"agenda-{wang.pk}-session-{session.pk}@sistersummits"
    ]
    assert [str(e["uid"]) for e in public_feed(client, tacoma).walk("VEVENT")] == [
        f"session-{session.pk}@sistersummits"
    ]
