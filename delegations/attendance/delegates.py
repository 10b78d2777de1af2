"""Writes on a delegate's own record: a status change (a cancellation frees their seats), a new agenda link."""

from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from delegations.attendance.audit import event_record, logger, validate_fields
from delegations.attendance.checkin import locked_delegate, sync_delegate
from delegations.attendance.signups import session_signup_cancel
from delegations.models import (
    AttendanceEvent,
    Delegate,
    new_agenda_token,
)


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
        locked = locked_delegate(delegate)
        previous = locked.status
        if previous == status:
            return False
        locked.status = status
        validate_fields(locked, "status")
        locked.save(update_fields=["status", "updated_at"])
        event_record(
            action=AttendanceEvent.Action.STATUS_CHANGED,
            delegate=locked,
            by=by,
            at=at,
            detail={"from": previous, "to": status},
        )
        if status == Delegate.Status.CANCELLED:
            for signup in locked.signups.select_related("session"):
                session_signup_cancel(delegate=locked, session=signup.session, by=by, at=at)
    sync_delegate(delegate, locked)
    logger.info("status changed delegate=%s from=%s to=%s", delegate.pk, previous, status)
    return True


def delegate_agenda_token_regenerate(
    *, delegate: Delegate, by: AbstractBaseUser | AnonymousUser | None
) -> str:
    """Give the delegate a new private agenda link; the old one stops working at once."""
    with transaction.atomic():
        delegate.agenda_token = new_agenda_token()
        validate_fields(delegate, "agenda_token")
        delegate.save(update_fields=["agenda_token", "updated_at"])
        event_record(
            action=AttendanceEvent.Action.AGENDA_LINK_REGENERATED,
            delegate=delegate,
            by=by,
            at=timezone.now(),
        )
    logger.info("agenda link regenerated delegate=%s", delegate.pk)
    return delegate.agenda_token
