"""A delegate's personal calendar feed (RFC 5545), built from the published programme.

It holds the sessions open to everyone plus the delegate's own sign-ups (tentative while
on a waiting list). Calendar apps poll it, so a moved or renamed session, a new seat or
a cancelled sign-up reaches the delegate's phone without them doing anything.
"""

from collections.abc import Sequence

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from delegations.attendance.agenda import AgendaItem
from delegations.models import Delegate, SessionSignup
from summits.calendar import UID_DOMAIN, calendar_shell, calendar_stamp, session_event

PRODID = "-//Sister Summits//Personal agenda//EN"


def _in_feed(items: Sequence[AgendaItem]) -> list[AgendaItem]:
    """The delegate's sign-ups, and the sessions open to everyone that do not overlap a
    seat they hold: a booked panel is their plan for that hour, not the parallel ones."""
    booked = [
        item.session for item in items if item.signup_status == SessionSignup.Status.CONFIRMED
    ]

    def overlaps_booked(session) -> bool:
        return any(
            other.starts_at < session.ends_at and session.starts_at < other.ends_at
            for other in booked
        )

    return [
        item
        for item in items
        if item.signup_status is not None
        or (not item.session.accepts_signups and not overlaps_booked(item.session))
    ]


def agenda_calendar(
    *, delegate: Delegate, items: Sequence[AgendaItem], request: HttpRequest
) -> bytes:
    summit = delegate.summit
    calendar = calendar_shell(
        summit=summit,
        name=_("My agenda: %(summit)s") % {"summit": summit.title},
        prodid=PRODID,
        method="PUBLISH",
    )
    stamp = calendar_stamp()
    agenda_url = request.build_absolute_uri(
        reverse("delegations:agenda", kwargs={"token": delegate.agenda_token})
    )
    for item in _in_feed(items):
        session = item.session
        summary, status = session.title, "CONFIRMED"
        if item.signup_status == SessionSignup.Status.WAITLISTED:
            # Translators: calendar event title of a session the delegate is waiting for.
            summary = _("Waiting list (%(position)s): %(session)s") % {
                "position": item.waitlist_position,
                "session": session.title,
            }
            status = "TENTATIVE"
        event = session_event(
            session,
            summit=summit,
            url=request.build_absolute_uri(session.get_absolute_url()),
            stamp=stamp,
            # Not the public feed's UID: a delegate subscribed to both gets two distinct events.
            uid=f"agenda-{delegate.pk}-session-{session.session_id}@{UID_DOMAIN}",
            summary=summary,
            status=status,
            description="\n\n".join(
                part for part in (session.description.strip(), agenda_url) if part
            ),
        )
        calendar.add_component(event)
    return calendar.to_ical()
