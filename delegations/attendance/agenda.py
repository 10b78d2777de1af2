"""A delegate's private agenda: who holds a link, and their programme with sign-ups (the
link itself is built in `delegations.links`)."""

import secrets
from dataclasses import dataclass

from django.db.models.functions import Coalesce

from delegations.links import delegate_language
from delegations.models import (
    CONFIRMED_SIGNUP,
    WAITLISTED_SIGNUP,
    Delegate,
    SessionAttendance,
    SessionSignup,
)
from delegations.selectors import count_of
from summits.models import ReleasedSession
from summits.selectors import summit_programme


def delegate_by_agenda_token(token: str) -> Delegate | None:
    """The delegate holding this private link, or None (wrong, revoked, or cancelled)."""
    delegate = (
        Delegate.objects.expected()
        .select_related("summit", "delegation", "locality")
        .filter(agenda_token=token)
        .first()
    )
    # Compare in constant time once found, so no partial match is ever accepted.
    if delegate is None or not secrets.compare_digest(delegate.agenda_token, token):
        return None
    return delegate


@dataclass
class AgendaItem:
    session: ReleasedSession
    signup_status: str | None = None
    waitlist_position: int | None = None
    checked_in: bool = False
    # The delegate's own language: the agenda shows how they hear each session in it.
    language: str = ""

    @property
    def seats_left(self) -> int | None:
        if self.session.capacity is None:
            return None
        return max(self.session.capacity - self.session.confirmed, 0)


def delegate_agenda(*, delegate: Delegate) -> list[AgendaItem]:
    """The summit's published programme seen by one delegate: their sign-ups, waiting-list
    positions and check-ins (kept on the working sessions, `session_id`), and how they hear
    each session in their language. Five queries whatever the programme's size."""
    signups = {"model": SessionSignup, "session": "session_id"}
    sessions = list(
        summit_programme(summit=delegate.summit)
        .prefetch_related(None)
        .prefetch_related("languages")
        .select_related("session")
        .annotate(
            confirmed=Coalesce(count_of(**signups, where=CONFIRMED_SIGNUP), 0),
            waiting=Coalesce(count_of(**signups, where=WAITLISTED_SIGNUP), 0),
        )
    )
    mine = {s.session_id: s for s in SessionSignup.objects.filter(delegate=delegate)}
    waiting_sessions = [pk for pk, s in mine.items() if s.status == SessionSignup.Status.WAITLISTED]
    positions: dict[int, int] = {}
    if waiting_sessions:
        queues = (
            SessionSignup.objects.waiting_list()
            .filter(session_id__in=waiting_sessions)
            .order_by("session_id", "created_at", "pk")
        )
        place: dict[int, int] = {}
        for signup in queues.only("pk", "session_id", "delegate_id"):
            place[signup.session_id] = place.get(signup.session_id, 0) + 1
            if signup.delegate_id == delegate.pk:
                positions[signup.session_id] = place[signup.session_id]
    attended = set(
        SessionAttendance.objects.filter(delegate=delegate).values_list("session_id", flat=True)
    )
    language = delegate_language(delegate)
    return [
        AgendaItem(
            session=session,
            language=language,
            signup_status=mine[session.session_id].status if session.session_id in mine else None,
            waitlist_position=positions.get(session.session_id),
            checked_in=session.session_id in attended,
        )
        for session in sessions
    ]
