"""Session sign-ups with capacity and a first-come waiting list."""

from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.attendance.audit import event_record, logger, validate_fields
from delegations.attendance.checkin import refuse_cancelled, refuse_other_summit
from delegations.models import AttendanceEvent, Delegate, SessionSignup
from summits.models import Session


def waitlist_promote_locked(
    *, session: Session, by: AbstractBaseUser | AnonymousUser | None, at: datetime
) -> list[SessionSignup]:
    """Confirm waiting-list sign-ups, first come first served, while seats are free.
    The caller holds the session's row lock."""
    waiting = session.signups.waiting_list().select_related("delegate")
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


def session_signup(
    *,
    delegate: Delegate,
    session: Session,
    by: AbstractBaseUser | AnonymousUser | None = None,
    at: datetime | None = None,
) -> SessionSignup:
    """Sign a delegate up: a seat while there is one, else the end of the waiting list.

    The session's row is locked (PostgreSQL: SELECT ... FOR UPDATE; SQLite serialises
    writers), so two delegates taking the last seat at once never both get it.
    Signing up twice returns the existing sign-up.
    """
    at = at or timezone.now()
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        current = Delegate.objects.get(pk=delegate.pk)
        refuse_other_summit(current, locked)
        refuse_cancelled(current, _("The registration of %(name)s is cancelled."))
        refuse_closed(locked, at=at)
        existing = SessionSignup.objects.filter(delegate=current, session=locked).first()
        if existing is not None:
            return existing
        refuse_clash(current, locked)
        has_seat = locked.capacity is None or locked.signups.confirmed().count() < locked.capacity
        signup = SessionSignup(
            delegate=current,
            session=locked,
            status=SessionSignup.Status.CONFIRMED if has_seat else SessionSignup.Status.WAITLISTED,
            created_at=at,
        )
        validate_fields(signup, "status", "created_at")
        signup.save()
        event_record(
            action=AttendanceEvent.Action.SIGNED_UP
            if has_seat
            else AttendanceEvent.Action.WAITLISTED,
            delegate=current,
            by=by,
            at=at,
            session=locked,
        )
    logger.info("sign-up session=%s signup=%s status=%s", locked.pk, signup.pk, signup.status)
    return signup


def session_signup_cancel(
    *,
    delegate: Delegate,
    session: Session,
    by: AbstractBaseUser | AnonymousUser | None = None,
    at: datetime | None = None,
) -> bool:
    """Give up a seat or a place on the waiting list; a freed seat goes to the first
    delegate waiting. Returns whether there was a sign-up to cancel."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
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
        locked = Session.objects.select_for_update().get(pk=session.pk)
        return waitlist_promote_locked(session=locked, by=by, at=timezone.now())
