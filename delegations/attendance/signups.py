"""Session sign-ups with capacity and a first-come waiting list."""

from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.attendance.audit import event_record, logger, validate_fields
from delegations.attendance.checkin import refuse_cancelled, refuse_other_summit
from delegations.attendance.locks import rows_lock
from delegations.mail.notices import promotions_queue
from delegations.models import AttendanceEvent, Delegate, SessionSignup
from summits.models import Session


def waitlist_promote_locked(
    *, session: Session, by: AbstractBaseUser | AnonymousUser | None, at: datetime
) -> list[SessionSignup]:
    """Confirm waiting-list sign-ups, first come first served, while seats are free, and
    queue each promoted delegate's notice (sent after the commit). The caller holds the
    session's row lock."""
    waiting = session.signups.waiting_list().select_related(
        "delegate__summit", "delegate__locality"
    )
    if session.capacity is not None:
        waiting = waiting[: max(session.capacity - session.signups.confirmed().count(), 0)]
    promoted = list(waiting)
    for signup in promoted:
        signup.status = SessionSignup.Status.CONFIRMED
        signup.save(update_fields=["status"])
        event_record(
            action=AttendanceEvent.Action.PROMOTED,
            delegate=signup.delegate,
            by=by,
            at=at,
            session=session,
        )
        logger.info("waiting list moved up session=%s signup=%s", session.pk, signup.pk)
        signup.session = session
    if promoted:
        promotions_queue(promoted)
    return promoted


def refuse_closed(session: Session, *, at: datetime) -> None:
    if not session.accepts_signups:
        raise ValidationError(_("This session does not take sign-ups."), code="no_signups")
    if session.starts_at <= at:
        raise ValidationError(
            _("Sign-ups for this session are closed: it has started."), code="started"
        )


def refuse_clash(delegate: Delegate, session: Session) -> None:
    """A delegate sits in one session at a time: refuse one overlapping another sign-up."""
    clash = (
        SessionSignup.objects.filter(
            delegate=delegate,
            session__in=Session.objects.overlapping(
                starts_at=session.starts_at, ends_at=session.ends_at
            ),
        )
        .select_related("session")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            _("You have already signed up for “%(other)s”, at the same time.")
            % {"other": clash.session.title},
            code="clash",
        )


def waitlist_position_locked(signup: SessionSignup) -> int | None:
    """1 for the first delegate waiting, None with a seat; the caller holds the session's
    lock, so the place is the one the sign-up keeps until someone ahead leaves."""
    if signup.status != SessionSignup.Status.WAITLISTED:
        return None
    return (
        SessionSignup.objects.waitlisted()
        .filter(session_id=signup.session_id)
        .filter(
            Q(created_at__lt=signup.created_at) | Q(created_at=signup.created_at, pk__lte=signup.pk)
        )
        .count()
    )


def session_signup(
    *,
    delegate: Delegate,
    session: Session,
    by: AbstractBaseUser | AnonymousUser | None = None,
    at: datetime | None = None,
) -> SessionSignup:
    """Sign a delegate up: a seat while there is one, else the end of the waiting list.

    The session, then the delegate, are locked (`locks.rows_lock`) before anything is read:
    two delegates taking the last seat at once never both get it, and a delegate cancelled
    meanwhile is refused. The time of the sign-up (without `at`: now, under the lock) orders
    the waiting list, and `signup.waitlist_position` is its place there, counted under the
    lock. Signing up twice returns the existing sign-up.
    """
    with transaction.atomic():
        rows = rows_lock(sessions=[session.pk], delegates=[delegate.pk])
        locked, current = rows.sessions[session.pk], rows.delegates[delegate.pk]
        at = at or timezone.now()
        refuse_other_summit(current, locked)
        refuse_cancelled(current, _("The registration of %(name)s is cancelled."))
        refuse_closed(locked, at=at)
        signup = SessionSignup.objects.filter(delegate=current, session=locked).first()
        if signup is None:
            signup = _signup_create(current, locked, by=by, at=at)
        signup.waitlist_position = waitlist_position_locked(signup)
    logger.info("sign-up session=%s signup=%s status=%s", locked.pk, signup.pk, signup.status)
    return signup


def _signup_create(
    delegate: Delegate,
    session: Session,
    *,
    by: AbstractBaseUser | AnonymousUser | None,
    at: datetime,
) -> SessionSignup:
    refuse_clash(delegate, session)
    has_seat = session.capacity is None or session.signups.confirmed().count() < session.capacity
    signup = SessionSignup(
        delegate=delegate,
        session=session,
        status=SessionSignup.Status.CONFIRMED if has_seat else SessionSignup.Status.WAITLISTED,
        created_at=at,
    )
    validate_fields(signup, "status", "created_at")
    signup.save()
    event_record(
        action=AttendanceEvent.Action.SIGNED_UP if has_seat else AttendanceEvent.Action.WAITLISTED,
        delegate=delegate,
        by=by,
        at=at,
        session=session,
    )
    return signup


def session_signup_cancel(
    *,
    delegate: Delegate,
    session: Session,
    by: AbstractBaseUser | AnonymousUser | None = None,
    at: datetime | None = None,
) -> bool:
    """Give up a seat or a place on the waiting list; a freed seat goes to the first
    delegate waiting. Returns whether there was a sign-up to cancel. Only the session is
    locked: every writer of its sign-ups locks it first."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = rows_lock(sessions=[session.pk]).sessions[session.pk]
        signup = SessionSignup.objects.filter(delegate=delegate, session=locked).first()
        if signup is None:
            return False
        signup.delete()
        event_record(
            action=AttendanceEvent.Action.SIGNUP_CANCELLED,
            delegate=delegate,
            by=by,
            at=at,
            session=locked,
            detail={"was": signup.status},
        )
        if signup.status == SessionSignup.Status.CONFIRMED:
            waitlist_promote_locked(session=locked, by=by, at=at)
    logger.info("sign-up cancelled session=%s delegate=%s", locked.pk, delegate.pk)
    return True


def session_waitlist_promote(
    *, session: Session, by: AbstractBaseUser | AnonymousUser | None = None
) -> list[SessionSignup]:
    """Fill free seats from the waiting list, e.g. after an organiser raised the capacity."""
    with transaction.atomic():
        locked = rows_lock(sessions=[session.pk]).sessions[session.pk]
        return waitlist_promote_locked(session=locked, by=by, at=timezone.now())
