"""A session that delegates hold (seats, waiting-list places, check-ins) stays in its summit.

Those delegates belong to the session's summit: moved to another, the session would keep
their places for people who cannot attend it, and the other summit's desk, agendas and
waiting list would count them. Releasing the places instead would drop confirmed seats
without a word to the people holding them, so the move is refused and the organiser told
how many places are held; giving them up (with the audit trail and the waiting list's
rules) is done through the sign-up services first, or the session is added to the other
summit anew."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delegations.models import CONFIRMED_SIGNUP, WAITLISTED_SIGNUP, SessionAttendance, SessionSignup
from delegations.selectors import count_of
from summits.models import Session


@dataclass(frozen=True)
class SessionHolders:
    seats: int
    waiting: int
    checked_in: int

    def __bool__(self) -> bool:
        return bool(self.seats or self.waiting or self.checked_in)

    def describe(self) -> str:
        """`10 seats, 36 places on the waiting list`: the counts that are not zero."""
        parts = [
            ngettext("%(n)d seat", "%(n)d seats", self.seats) % {"n": self.seats}
            if self.seats
            else "",
            ngettext(
                "%(n)d place on the waiting list", "%(n)d places on the waiting list", self.waiting
            )
            % {"n": self.waiting}
            if self.waiting
            else "",
            ngettext("%(n)d check-in", "%(n)d check-ins", self.checked_in) % {"n": self.checked_in}
            if self.checked_in
            else "",
        ]
        return ", ".join(part for part in parts if part)


def session_holders(*, session_id: int) -> SessionHolders:
    """What the delegates hold in one session, in one query."""
    counts = (
        Session.objects.filter(pk=session_id)
        .annotate(
            seats=Coalesce(count_of(SessionSignup, session="pk", where=CONFIRMED_SIGNUP), 0),
            waiting=Coalesce(count_of(SessionSignup, session="pk", where=WAITLISTED_SIGNUP), 0),
            checked_in=Coalesce(count_of(SessionAttendance, session="pk"), 0),
        )
        .values("seats", "waiting", "checked_in")
        .first()
    )
    return SessionHolders(**counts) if counts else SessionHolders(0, 0, 0)


def session_move_check(*, session: Session, summit_id: int | None) -> None:
    """Raise ValidationError if `session` (as stored) would move to another summit while
    delegates hold places in it."""
    stored = Session.objects.filter(pk=session.pk).values_list("summit_id", flat=True).first()
    if stored is None or summit_id is None or stored == summit_id:
        return
    holders = session_holders(session_id=session.pk)
    if holders:
        raise ValidationError(
            _(
                "Delegates of this session's summit hold %(held)s in it, so it cannot move "
                "to another summit. Cancel their sign-ups first, or add the session to the "
                "other summit as a new one."
            ),
            params={"held": holders.describe()},
            code="session_held",
        )


def refuse_moving_held_sessions(sender: type[Session], instance: Session, **kwargs: Any) -> None:
    """pre_save: the same rule for every save, not only the admin's form (which says it
    first, as a form error)."""
    if instance.pk is not None and not kwargs.get("raw"):
        session_move_check(session=instance, summit_id=instance.summit_id)
