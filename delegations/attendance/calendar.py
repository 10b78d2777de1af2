"""A delegate's personal calendar feed (RFC 5545), built from the live programme.

It holds the sessions open to everyone plus the delegate's own sign-ups (tentative while
on a waiting list). Calendar apps poll it, so a moved or renamed session, a new seat or
a cancelled sign-up reaches the delegate's phone without them doing anything.
"""

from collections.abc import Sequence
from datetime import timedelta

import icalendar
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.attendance.agenda import AgendaItem
from delegations.models import Delegate, SessionSignup

PRODID = "-//Sister Summits//Personal agenda//EN"
UID_DOMAIN = "sistersummits"


def _in_feed(item: AgendaItem) -> bool:
    return item.signup_status is not None or not item.session.accepts_signups


def agenda_calendar(
    *, delegate: Delegate, items: Sequence[AgendaItem], request: HttpRequest
) -> bytes:
    summit = delegate.summit
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("My agenda: %(summit)s") % {"summit": summit.title})
    calendar.add("x-wr-timezone", summit.timezone)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    stamp = timezone.now()
    zone = summit.tzinfo
    agenda_url = request.build_absolute_uri(
        reverse("delegations:agenda", kwargs={"token": delegate.agenda_token})
    )
    for item in filter(_in_feed, items):
        session = item.session
        event = icalendar.Event()
        # Not the public feed's UID: a delegate subscribed to both gets two distinct events.
        event.add("uid", f"agenda-{delegate.pk}-session-{session.pk}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at.astimezone(zone))
        event.add("dtend", session.ends_at.astimezone(zone))
        summary = session.title
        if item.signup_status == SessionSignup.Status.WAITLISTED:
            # Translators: calendar event title of a session the delegate is waiting for.
            summary = _("Waiting list (%(position)s): %(session)s") % {
                "position": item.waitlist_position,
                "session": session.title,
            }
            event.add("status", "TENTATIVE")
        else:
            event.add("status", "CONFIRMED")
        event.add("summary", summary)
        if session.room is not None:
            event.add("location", f"{session.room.name}, {session.room.venue.name}")
        description = "\n\n".join(
            part for part in (session.description.strip(), agenda_url) if part
        )
        event.add("description", description)
        event.add("url", request.build_absolute_uri(session.get_absolute_url()))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
