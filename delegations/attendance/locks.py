"""The one order in which every attendance writer locks rows: sessions, then delegates, each
by primary key (docs/attendance.md, "Lock order").

Two writers that need some of the same rows then queue at the first one they share instead
of each holding what the other waits for. PostgreSQL takes the locks as `FOR NO KEY UPDATE`:
the key-share lock that inserting a sign-up, a check-in or an audit event takes on the rows
it refers to does not conflict with it (`FOR UPDATE` would, and that was the desk's
deadlock). SQLite has no row locks; its writers are serialised (`BEGIN IMMEDIATE`) and the
same calls cost one query each.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from delegations.models import Delegate, SessionSignup
from summits.languages import all_language_fields
from summits.models import Session

# The fields the attendance services read or write, so that a locked delegate loads no more.
DELEGATE_FIELDS = (
    "pk",
    "summit_id",
    "status",
    "arrived_at",
    "agenda_token",
    # Delegate.save() normalises the email: without it here, a query per save.
    "email",
    "full_name",
    *all_language_fields("full_name"),
)


@dataclass(frozen=True)
class LockedRows:
    """The rows as they are once locked, by pk: read them, never the caller's copies."""

    sessions: dict[int, Session]
    delegates: dict[int, Delegate]


def rows_lock(*, sessions: Iterable[int] = (), delegates: Iterable[int] = ()) -> LockedRows:
    """Lock these sessions, then these delegates, each in pk order, until the end of the
    caller's transaction, and read them again under the lock. A row the transaction holds
    already is not waited for; a pk that does not exist is simply absent."""
    if not connection.in_atomic_block:
        raise RuntimeError("rows_lock() holds locks until commit: call it in transaction.atomic()")
    session_pks, delegate_pks = sorted(set(sessions)), sorted(set(delegates))
    locked_sessions = {}
    if session_pks:
        query = Session.objects.select_for_update(no_key=True).filter(pk__in=session_pks)
        locked_sessions = {session.pk: session for session in query.order_by("pk")}
    locked_delegates = {}
    if delegate_pks:
        query = Delegate.objects.select_for_update(no_key=True).filter(pk__in=delegate_pks)
        locked_delegates = {d.pk: d for d in query.only(*DELEGATE_FIELDS).order_by("pk")}
    return LockedRows(sessions=locked_sessions, delegates=locked_delegates)


def delegate_lock(delegate: Delegate) -> Delegate:
    """Lock one delegate (no session) and return the row as it is now."""
    return rows_lock(delegates=[delegate.pk]).delegates[delegate.pk]


def cancellation_sessions(*, summit_id: int) -> list[int]:
    """The sessions to lock before cancelling delegates of this summit (whose sign-ups are
    then given up): every session of the summit taking sign-ups, and any other holding a
    sign-up of one of its delegates. Read before the delegates are locked: a sign-up made
    meanwhile is at one of them, since sign-ups are taken only where a session takes them."""
    return list(
        Session.objects.filter(
            Q(summit_id=summit_id, accepts_signups=True)
            | Q(
                pk__in=SessionSignup.objects.filter(delegate__summit_id=summit_id).values("session")
            )
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
