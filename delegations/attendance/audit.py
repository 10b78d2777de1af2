"""What every attendance write shares: the acting user, field validation, the audit event, the log."""

import logging
from datetime import datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models

from delegations.models import (
    AttendanceEvent,
    Delegate,
)
from summits.models import Session

logger = logging.getLogger("delegations.attendance")


def actor(by: AbstractBaseUser | AnonymousUser | None) -> AbstractBaseUser | None:
    return by if by is not None and by.is_authenticated else None


def validate_fields(instance: models.Model, *fields: str) -> None:
    """Validate only the fields a service sets itself; constraints are kept by locks and
    the database (a full validation would cost a query per foreign key and constraint)."""
    others = [f.name for f in instance._meta.concrete_fields if f.name not in fields]
    instance.full_clean(exclude=others, validate_unique=False, validate_constraints=False)


def event_record(
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
        actor=actor(by),
        at=at,
        detail=detail or {},
    )


def log_check_in(
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
        getattr(actor(by), "pk", "-"),
        changed,
    )
