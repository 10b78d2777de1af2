"""Writes for delegations: every path (admin, commands, views) goes through these."""

import logging
from datetime import datetime
from typing import Any

from django.apps import AppConfig
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from summits.languages import all_language_fields
from summits.models import Session

from .models import (
    AttendanceEvent,
    Delegate,
    SessionAttendance,
    SessionSignup,
    new_agenda_token,
)

ORGANISERS = "Organisers"
CHECK_IN_STAFF = "Check-in staff"

# Organisers edit everything in both apps, including import and export.
_ORGANISER_APPS = ("summits", "delegations")

# Check-in staff read the programme and the delegates and record attendance; nothing else.
_CHECK_IN_PERMISSIONS = (
    "summits.view_summit",
    "summits.view_session",
    "summits.view_room",
    "summits.view_venue",
    "summits.view_speaker",
    "summits.view_organisation",
    "delegations.view_locality",
    "delegations.view_delegation",
    "delegations.view_delegate",
    "delegations.view_sessionattendance",
    "delegations.add_sessionattendance",
    "delegations.change_sessionattendance",
    "delegations.delete_sessionattendance",
    "delegations.view_sessionsignup",
    # The desk and the badges; the dashboard and the audit trail are the organisers'.
    "delegations.check_in_delegate",
)


def _permissions(codes: tuple[str, ...]) -> list[Permission]:
    wanted = {tuple(code.split(".", 1)) for code in codes}
    found = [
        perm
        for perm in Permission.objects.filter(
            content_type__app_label__in={app for app, _ in wanted}
        ).select_related("content_type")
        if (perm.content_type.app_label, perm.codename) in wanted
    ]
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        raise LookupError(f"Permissions not found: {sorted(missing)}")
    return found


@transaction.atomic
def groups_sync() -> dict[str, int]:
    """Create or update the two staff groups; returns the permission count of each."""
    organisers, _ = Group.objects.get_or_create(name=ORGANISERS)
    organisers.permissions.set(
        Permission.objects.filter(content_type__app_label__in=_ORGANISER_APPS)
    )
    staff, _ = Group.objects.get_or_create(name=CHECK_IN_STAFF)
    staff.permissions.set(_permissions(_CHECK_IN_PERMISSIONS))
    return {ORGANISERS: organisers.permissions.count(), CHECK_IN_STAFF: staff.permissions.count()}


def groups_sync_after_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    from django.apps import apps

    # Make sure both apps' permissions exist whatever order post_migrate runs in.
    for label in ("summits", "delegations"):
        create_permissions(apps.get_app_config(label), verbosity=0, using=using)
    groups_sync()


# --- Attendance: arrival, session check-in, sign-ups, status, private links ------------
#
# Every write below locks the row that serialises it (the delegate for check-ins, the
# session for sign-ups) inside transaction.atomic(), records an AttendanceEvent, and logs
# ids only: names and emails never reach a log line.

logger = logging.getLogger("delegations.attendance")


def _actor(by: AbstractBaseUser | AnonymousUser | None) -> AbstractBaseUser | None:
    return by if by is not None and by.is_authenticated else None


def _validate(instance: models.Model, *fields: str) -> None:
    """Validate only the fields a service sets itself; constraints are kept by locks and
    the database (a full validation would cost a query per foreign key and constraint)."""
    others = [f.name for f in instance._meta.concrete_fields if f.name not in fields]
    instance.full_clean(exclude=others, validate_unique=False, validate_constraints=False)


def _record(
    *,
    action: str,
    delegate: Delegate,
    by: AbstractBaseUser | AnonymousUser | None,
    at: datetime,
    session: Session | None = None,
    detail: dict[str, Any] | None = None,
) -> AttendanceEvent:
    return AttendanceEvent.objects.create(
        action=action,
        summit_id=delegate.summit_id,
        delegate=delegate,
        session=session,
        actor=_actor(by),
        at=at,
        detail=detail or {},
    )


# The fields the attendance services read or write, so that a check-in loads no more.
_ATTENDANCE_FIELDS = (
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


def _locked_delegate(delegate: Delegate) -> Delegate:
    return Delegate.objects.select_for_update().only(*_ATTENDANCE_FIELDS).get(pk=delegate.pk)


def _refuse_cancelled(delegate: Delegate, message: str) -> None:
    if delegate.status == Delegate.Status.CANCELLED:
        raise ValidationError(message % {"name": delegate.full_name}, code="cancelled")


def _refuse_other_summit(delegate: Delegate, session: Session) -> None:
    if session.summit_id != delegate.summit_id:
        raise ValidationError(_("This session belongs to another summit."), code="other_summit")


def _sync(target: Delegate, source: Delegate) -> None:
    """Give the caller's object the state the locked copy was saved with."""
    target.arrived_at, target.status = source.arrived_at, source.status


def _log_check_in(
    what: str,
    *,
    delegate: Delegate,
    session: Session | None,
    by: AbstractBaseUser | AnonymousUser | None,
    changed: bool,
) -> None:
    # Ids only: names and emails never reach a log line.
    logger.info(
        "%s delegate=%s session=%s by=%s changed=%s",
        what,
        delegate.pk,
        session.pk if session else "-",
        getattr(_actor(by), "pk", "-"),
        changed,
    )


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
        locked = _locked_delegate(delegate)
        _refuse_cancelled(locked, _("Not checked in: the registration of %(name)s is cancelled."))
        if session is not None:
            _refuse_other_summit(locked, session)
        if locked.arrived_at is None:
            previous = locked.status
            locked.arrived_at, locked.status = at, Delegate.Status.ATTENDED
            _validate(locked, "arrived_at", "status")
            locked.save(update_fields=["arrived_at", "status", "updated_at"])
            _record(
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
                delegate=locked, session=session, checked_in_at=at, checked_in_by=_actor(by)
            )
            _validate(attendance, "checked_in_at")
            # The delegate's row lock makes this check-then-insert safe.
            if not SessionAttendance.objects.filter(delegate=locked, session=session).exists():
                attendance.save()
                _record(
                    action=AttendanceEvent.Action.CHECKED_IN,
                    delegate=locked,
                    by=by,
                    at=at,
                    session=session,
                )
                changed = True
    _sync(delegate, locked)
    _log_check_in("check-in", delegate=delegate, session=session, by=by, changed=changed)
    return changed


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
        locked = _locked_delegate(delegate)
        if session is not None:
            _refuse_other_summit(locked, session)
            deleted, _rows = SessionAttendance.objects.filter(
                delegate=locked, session=session
            ).delete()
            if deleted:
                _record(
                    action=AttendanceEvent.Action.CHECK_IN_UNDONE,
                    delegate=locked,
                    by=by,
                    at=at,
                    session=session,
                )
                changed = True
        elif locked.arrived_at is not None:
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
            previous = (arrival.detail if arrival else {}).get(
                "previous_status", Delegate.Status.CONFIRMED
            )
            locked.arrived_at = None
            if locked.status == Delegate.Status.ATTENDED:
                locked.status = previous
            _validate(locked, "arrived_at", "status")
            locked.save(update_fields=["arrived_at", "status", "updated_at"])
            _record(
                action=AttendanceEvent.Action.ARRIVAL_UNDONE,
                delegate=locked,
                by=by,
                at=at,
                detail={"restored_status": locked.status},
            )
            changed = True
    _sync(delegate, locked)
    _log_check_in("check-in undone", delegate=delegate, session=session, by=by, changed=changed)
    return changed


def _promote(
    *, session: Session, by: AbstractBaseUser | AnonymousUser | None, at: datetime
) -> list[SessionSignup]:
    """Confirm waiting-list sign-ups, first come first served, while seats are free.
    The caller holds the session's row lock."""
    waiting = (
        session.signups.filter(status=SessionSignup.Status.WAITLISTED)
        .select_related("delegate")
        .order_by("created_at", "pk")
    )
    if session.capacity is not None:
        confirmed = session.signups.filter(status=SessionSignup.Status.CONFIRMED).count()
        waiting = waiting[: max(session.capacity - confirmed, 0)]
    promoted = list(waiting)
    for signup in promoted:
        signup.status = SessionSignup.Status.CONFIRMED
        signup.save(update_fields=["status"])
        _record(
            action=AttendanceEvent.Action.PROMOTED,
            delegate=signup.delegate,
            by=by,
            at=at,
            session=session,
        )
        logger.info("waiting list moved up session=%s signup=%s", session.pk, signup.pk)
    return promoted


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
        _refuse_other_summit(current, locked)
        _refuse_cancelled(current, _("The registration of %(name)s is cancelled."))
        if not locked.accepts_signups:
            raise ValidationError(_("This session does not take sign-ups."), code="no_signups")
        if locked.starts_at <= at:
            raise ValidationError(
                _("Sign-ups for this session are closed: it has started."), code="started"
            )
        existing = SessionSignup.objects.filter(delegate=current, session=locked).first()
        if existing is not None:
            return existing
        clash = (
            SessionSignup.objects.filter(delegate=current)
            .filter(session__starts_at__lt=locked.ends_at, session__ends_at__gt=locked.starts_at)
            .select_related("session")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                _("You have already signed up for “%(other)s”, at the same time.")
                % {"other": clash.session.title},
                code="clash",
            )
        confirmed = locked.signups.filter(status=SessionSignup.Status.CONFIRMED).count()
        has_seat = locked.capacity is None or confirmed < locked.capacity
        signup = SessionSignup(
            delegate=current,
            session=locked,
            status=SessionSignup.Status.CONFIRMED if has_seat else SessionSignup.Status.WAITLISTED,
            created_at=at,
        )
        _validate(signup, "status", "created_at")
        signup.save()
        _record(
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
        _record(
            action=AttendanceEvent.Action.SIGNUP_CANCELLED,
            delegate=delegate,
            by=by,
            at=at,
            session=locked,
            detail={"was": signup.status},
        )
        if signup.status == SessionSignup.Status.CONFIRMED:
            _promote(session=locked, by=by, at=at)
    logger.info("sign-up cancelled session=%s delegate=%s", locked.pk, delegate.pk)
    return True


def session_waitlist_promote(
    *, session: Session, by: AbstractBaseUser | AnonymousUser | None = None
) -> list[SessionSignup]:
    """Fill free seats from the waiting list, e.g. after an organiser raised the capacity."""
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        return _promote(session=locked, by=by, at=timezone.now())


def delegate_status_change(
    *,
    delegate: Delegate,
    status: str,
    by: AbstractBaseUser | AnonymousUser | None,
    at: datetime | None = None,
) -> bool:
    """Change a delegate's status and record it; a cancellation frees their seats."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = _locked_delegate(delegate)
        previous = locked.status
        if previous == status:
            return False
        locked.status = status
        _validate(locked, "status")
        locked.save(update_fields=["status", "updated_at"])
        _record(
            action=AttendanceEvent.Action.STATUS_CHANGED,
            delegate=locked,
            by=by,
            at=at,
            detail={"from": previous, "to": status},
        )
        if status == Delegate.Status.CANCELLED:
            for signup in locked.signups.select_related("session"):
                session_signup_cancel(delegate=locked, session=signup.session, by=by, at=at)
    _sync(delegate, locked)
    logger.info("status changed delegate=%s from=%s to=%s", delegate.pk, previous, status)
    return True


def delegate_agenda_token_regenerate(
    *, delegate: Delegate, by: AbstractBaseUser | AnonymousUser | None
) -> str:
    """Give the delegate a new private agenda link; the old one stops working at once."""
    with transaction.atomic():
        delegate.agenda_token = new_agenda_token()
        _validate(delegate, "agenda_token")
        delegate.save(update_fields=["agenda_token", "updated_at"])
        _record(
            action=AttendanceEvent.Action.AGENDA_LINK_REGENERATED,
            delegate=delegate,
            by=by,
            at=timezone.now(),
        )
    logger.info("agenda link regenerated delegate=%s", delegate.pk)
    return delegate.agenda_token
