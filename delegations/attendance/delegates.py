"""Writes on a delegate's own record: a status change (a cancellation frees their seats), a new agenda link."""

from collections.abc import Collection
from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from delegations.attendance.audit import event_record, logger, validate_fields
from delegations.attendance.checkin import sync_delegate
from delegations.attendance.locks import cancellation_sessions, delegate_lock, rows_lock
from delegations.attendance.signups import session_signup_cancel
from delegations.models import (
    AttendanceEvent,
    Delegate,
    new_agenda_token,
)
from summits.languages import all_language_fields


def status_change_lock(delegate: Delegate, status: str | None) -> Delegate:
    """Take what changing the delegate's status to `status` needs, in the one order: for a
    cancellation (which gives up their sign-ups) the sessions first, then the delegate."""
    sessions = []
    if status == Delegate.Status.CANCELLED:
        sessions = cancellation_sessions(summit_id=delegate.summit_id)
    return rows_lock(sessions=sessions, delegates=[delegate.pk]).delegates[delegate.pk]


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
        locked = status_change_lock(delegate, status)
        previous = locked.status
        if previous == status:
            sync_delegate(delegate, locked)
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


def delegate_update(
    *,
    delegate: Delegate,
    fields: Collection[str],
    by: AbstractBaseUser | AnonymousUser | None,
) -> None:
    """Save the `fields` of `delegate` an organiser changed in its form, and its status
    through `delegate_status_change` when it is one of them. The row is locked first (with
    the sessions a cancellation needs) and only those fields are written: what the desk or
    an import changed meanwhile in the others (an arrival, an organisation) is kept."""
    status = delegate.status
    written = {name for name in fields if name != "status"}
    if written & set(all_language_fields("full_name")):
        written.add("full_name")  # as a full save writes it (modeltranslation's column)
    with transaction.atomic():
        if "status" in fields:
            # Its locks first (the sessions of a cancellation before the delegate).
            delegate_status_change(delegate=delegate, status=status, by=by)
        else:
            sync_delegate(delegate, delegate_lock(delegate))
        if written:
            delegate.save(update_fields=[*sorted(written), "updated_at"])


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
