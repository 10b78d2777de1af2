"""Arrival at the summit and check-in at sessions, and their undoing, at the desk."""

from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delegations.attendance.audit import actor, event_record, log_check_in, validate_fields
from delegations.attendance.locks import delegate_lock
from delegations.models import AttendanceEvent, Delegate, SessionAttendance
from summits.models import Session


def refuse_cancelled(delegate: Delegate, message: str) -> None:
    if delegate.status == Delegate.Status.CANCELLED:
        raise ValidationError(message % {"name": delegate.full_name}, code="cancelled")


def refuse_other_summit(delegate: Delegate, session: Session) -> None:
    if session.summit_id != delegate.summit_id:
        raise ValidationError(_("This session belongs to another summit."), code="other_summit")


def sync_delegate(target: Delegate, source: Delegate) -> None:
    """Give the caller's object the state the locked copy was saved with."""
    target.arrived_at, target.status = source.arrived_at, source.status


def delegate_check_in(
    *,
    delegate: Delegate,
    session: Session | None = None,
    by: AbstractBaseUser | AnonymousUser | None,
    at: datetime | None = None,
) -> bool:
    """Mark a delegate arrived at the summit and, with `session`, checked in there too.

    Returns whether anything changed: checking in twice is harmless. A cancelled
    delegate is refused with a ValidationError whose message names them.
    """
    at = at or timezone.now()
    changed = False
    with transaction.atomic():
        # Only the delegate: the check-in's key-share lock on the session waits for nobody.
        locked = delegate_lock(delegate)
        refuse_cancelled(locked, _("Not checked in: the registration of %(name)s is cancelled."))
        if session is not None:
            refuse_other_summit(locked, session)
        if locked.arrived_at is None:
            previous = locked.status
            locked.arrived_at, locked.status = at, Delegate.Status.ATTENDED
            validate_fields(locked, "arrived_at", "status")
            locked.save(update_fields=["arrived_at", "status", "updated_at"])
            event_record(
                action=AttendanceEvent.Action.ARRIVED,
                delegate=locked,
                by=by,
                at=at,
                session=session,
                detail={"previous_status": previous},
            )
            changed = True
        if session is not None:
            attendance = SessionAttendance(
                delegate=locked, session=session, checked_in_at=at, checked_in_by=actor(by)
            )
            validate_fields(attendance, "checked_in_at")
            # The delegate's row lock makes this check-then-insert safe.
            if not SessionAttendance.objects.filter(delegate=locked, session=session).exists():
                attendance.save()
                event_record(
                    action=AttendanceEvent.Action.CHECKED_IN,
                    delegate=locked,
                    by=by,
                    at=at,
                    session=session,
                )
                changed = True
    sync_delegate(delegate, locked)
    log_check_in("check-in", delegate=delegate, session=session, by=by, changed=changed)
    return changed


def arrival_undo_locked(
    locked: Delegate, *, by: AbstractBaseUser | AnonymousUser | None, at: datetime
) -> None:
    """Undo the arrival of a delegate whose row the caller holds locked, restoring the status
    they had before; refused while they are checked in at a session."""
    sessions = locked.attendances.count()
    if sessions:
        raise ValidationError(
            ngettext(
                "%(name)s is checked in at %(count)d session: undo that first.",
                "%(name)s is checked in at %(count)d sessions: undo those first.",
                sessions,
            )
            % {"name": locked.full_name, "count": sessions},
            code="has_sessions",
        )
    arrival = (
        locked.attendance_events.filter(action=AttendanceEvent.Action.ARRIVED)
        .order_by("-at", "-pk")
        .first()
    )
    previous = (arrival.detail if arrival else {}).get("previous_status", Delegate.Status.CONFIRMED)
    locked.arrived_at = None
    if locked.status == Delegate.Status.ATTENDED:
        locked.status = previous
    validate_fields(locked, "arrived_at", "status")
    locked.save(update_fields=["arrived_at", "status", "updated_at"])
    event_record(
        action=AttendanceEvent.Action.ARRIVAL_UNDONE,
        delegate=locked,
        by=by,
        at=at,
        detail={"restored_status": locked.status},
    )


def delegate_check_in_undo(
    *,
    delegate: Delegate,
    session: Session | None = None,
    by: AbstractBaseUser | AnonymousUser | None,
    at: datetime | None = None,
) -> bool:
    """Undo a session check-in (with `session`) or the arrival itself (without).

    An arrival with session check-ins left is refused: whoever sat in a session came.
    """
    at = at or timezone.now()
    changed = False
    with transaction.atomic():
        locked = delegate_lock(delegate)
        if session is not None:
            refuse_other_summit(locked, session)
            deleted, _rows = SessionAttendance.objects.filter(
                delegate=locked, session=session
            ).delete()
            if deleted:
                event_record(
                    action=AttendanceEvent.Action.CHECK_IN_UNDONE,
                    delegate=locked,
                    by=by,
                    at=at,
                    session=session,
                )
                changed = True
        elif locked.arrived_at is not None:
            arrival_undo_locked(locked, by=by, at=at)
            changed = True
    sync_delegate(delegate, locked)
    log_check_in("check-in undone", delegate=delegate, session=session, by=by, changed=changed)
    return changed
