"""The writes of an attendee import, checked and planned by `importing.delegates_import`:
new localities and delegations, then delegates inserted and updated in batches. Called
inside that function's transaction; nothing here validates.

Status changes are recorded in the attendance trail as `delegate_status_change` records
them, but in bulk; only cancelled delegates holding sign-ups go through the sign-up service
one by one (freeing seats moves waiting lists up)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.attendance.audit import actor
from delegations.attendance.locks import cancellation_sessions, rows_lock
from delegations.attendance.signups import session_signup_cancel
from delegations.models import AttendanceEvent, Delegate, Delegation, Locality, SessionSignup
from delegations.spreadsheets.columns import COMPARED_FIELDS, NAME_COLUMNS
from delegations.spreadsheets.planning import ATTENDED, ImportPlan, Reference, values_digest
from delegations.spreadsheets.report import Progress, RowError
from summits import caching

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

logger = logging.getLogger("delegations.attendance")

BATCH = 2000
_STATUS = COMPARED_FIELDS.index("status")
# The column of the file that sets each compared field, for messages.
_COLUMN_OF = {"delegation_id": "delegation", "locality_id": "region"}


class ChangedMeanwhile(Exception):  # noqa: N818 (a condition, not a failure of ours)
    """Delegates the file updates were changed by someone else after the file was read, in
    a way the import cannot keep: `errors` name row and column; nothing is written."""

    def __init__(self, errors: list[RowError]):
        super().__init__(errors)
        self.errors = errors


def import_plan_apply(
    *,
    plan: ImportPlan,
    progress: Progress | None,
    by: AbstractBaseUser | AnonymousUser | None = None,
) -> None:
    """Create the new localities and delegations, insert and update the delegates, and
    record the status changes (done `by` this user) with their consequences."""
    # Bulk creates and raw SQL send no post_save: drop the cached attendance ourselves.
    caching.attendance_changed()
    if plan.new_localities:
        _localities_create(plan)
    if plan.new_delegations:
        _delegations_create(plan)
    total = len(plan.creates) + len(plan.updates)
    if plan.creates:
        _insert(plan, progress, total)
    if any(new == Delegate.Status.CANCELLED for _pk, _old, new in plan.status_changes):
        # Cancellations give up sign-ups: their sessions are locked before the delegates
        # (`_update`), in the order every attendance writer takes (attendance/locks.py).
        rows_lock(sessions=cancellation_sessions(summit_id=plan.summit.pk))
    if plan.updates:
        _update(plan, progress, total)
    if plan.kept_status:
        plan.status_changes = [c for c in plan.status_changes if c[0] not in plan.kept_status]
    if plan.status_changes:
        _status_changes_record(plan, by=by, at=timezone.now())


def _localities_create(plan: ImportPlan) -> None:
    # Places are shared by all summits: imports into two summits that create the same
    # ones insert them in one order, so that one waits for the other (then is refused
    # as a whole) instead of both deadlocking.
    keys = sorted(plan.new_localities)
    created = Locality.objects.bulk_create(
        [
            Locality(country=country, region_en=region, city_en=city)
            for country, region, city in map(plan.new_localities.get, keys)
        ]
    )
    for key, locality in zip(keys, created, strict=True):
        plan.localities[key] = locality.pk


def _delegations_create(plan: ImportPlan) -> None:
    created = Delegation.objects.bulk_create(
        [
            Delegation(
                summit=plan.summit,
                name_en=name,
                country=country,
                locality_id=_locality_pk(plan, locality),
            )
            for name, country, locality in plan.new_delegations.values()
        ]
    )
    for key, delegation in zip(plan.new_delegations, created, strict=True):
        plan.delegations[key] = delegation.pk


def _locality_pk(plan: ImportPlan, reference: Reference) -> int:
    return plan.localities[reference] if isinstance(reference, tuple) else reference


def _delegation_pk(plan: ImportPlan, reference: Reference) -> int:
    return plan.delegations[reference[1]] if isinstance(reference, tuple) else reference


# The columns both writes set, in this order; `_row` gives their values.
_WRITTEN = ("full_name", *COMPARED_FIELDS)
_NAMES = len(NAME_COLUMNS)


def _row(plan: ImportPlan, values: tuple) -> list:
    """Planned values (in COMPARED_FIELDS order) as the parameters for `_WRITTEN`: the
    names in other languages NULL when empty (as the admin stores them), the new
    delegations and localities by their pks."""
    return [
        values[0],  # full_name is the English name, as Delegate.save() makes it
        *(value or None for value in values[:_NAMES]),
        *values[_NAMES:-2],
        _delegation_pk(plan, values[-2]),
        _locality_pk(plan, values[-1]),
    ]


def _status_changes_record(
    plan: ImportPlan, *, by: AbstractBaseUser | AnonymousUser | None, at: datetime
) -> None:
    """One STATUS_CHANGED event per changed delegate, inserted in batches; then each
    sign-up of a newly cancelled delegate is cancelled through the service, waiting-list
    places first, so that a seat freed here never goes to someone cancelled by this file."""
    acting = actor(by)
    summit_id = plan.summit.pk
    AttendanceEvent.objects.bulk_create(
        (
            AttendanceEvent(
                action=AttendanceEvent.Action.STATUS_CHANGED,
                summit_id=summit_id,
                delegate_id=pk,
                actor=acting,
                at=at,
                detail={"from": old, "to": new},
            )
            for pk, old, new in plan.status_changes
        ),
        batch_size=BATCH,
    )
    cancelled = [pk for pk, _old, new in plan.status_changes if new == Delegate.Status.CANCELLED]
    signups: list[SessionSignup] = []
    for start in range(0, len(cancelled), BATCH):
        signups.extend(
            SessionSignup.objects.filter(delegate_id__in=cancelled[start : start + BATCH])
            .select_related("delegate", "session")
            .order_by()
        )
    # Waiting-list places first, then seats; sessions in one order (they are locked).
    signups.sort(
        key=lambda s: (s.status != SessionSignup.Status.WAITLISTED, s.session_id, s.created_at)
    )
    for signup in signups:
        session_signup_cancel(delegate=signup.delegate, session=signup.session, by=by, at=at)
    # Ids and counts only: never a name or an email in the logs.
    logger.info(
        "import summit=%s by=%s status changes=%d cancelled=%d sign-ups cancelled=%d",
        summit_id,
        getattr(actor, "pk", "-"),
        len(plan.status_changes),
        len(cancelled),
        len(signups),
    )


def _insert(plan: ImportPlan, progress: Progress | None, total: int) -> None:
    """Insert with the model's defaults for the fields a spreadsheet does not set.
    `bulk_create` builds a model instance per row (slow under modeltranslation) and
    compiles every value: four times slower here at 100,000 rows."""
    head, one_row, defaults = _insert_statement()
    summit_id = plan.summit.pk
    with connection.cursor() as cursor:
        for start in range(0, len(plan.creates), BATCH):
            batch = plan.creates[start : start + BATCH]
            params = [
                (summit_id, email, *_row(plan, values), *defaults()) for email, values in batch
            ]
            if connection.vendor == "postgresql":
                # Few round trips: a thousand rows a statement (17,000 of 65,535 parameters).
                for first in range(0, len(params), 1000):
                    chunk = params[first : first + 1000]
                    cursor.execute(
                        head + ", ".join([one_row] * len(chunk)),
                        [value for row in chunk for value in row],
                    )
            else:
                # SQLite runs one prepared statement per row fastest.
                cursor.executemany(head + one_row, params)
            if progress is not None:
                progress("write", len(batch), total)


def _insert_statement() -> tuple[str, str, Callable[[], tuple]]:
    """The head of the INSERT, the placeholders of one row, and a function giving the
    values of the fields the file does not set (the same for every row, except callable
    defaults such as the agenda token)."""
    meta = Delegate._meta
    quote = connection.ops.quote_name
    now = timezone.now()
    given = ("summit_id", "email", *_WRITTEN)
    others = [f for f in meta.concrete_fields if not f.primary_key and f.attname not in given]
    fixed, per_row = [], []
    for model_field in others:
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            fixed.append(model_field.get_db_prep_save(now, connection))
        elif callable(model_field.default):
            per_row.append(model_field)
        else:
            fixed.append(model_field.get_db_prep_save(model_field.get_default(), connection))
    fixed_fields = [f for f in others if f not in per_row]
    columns = [meta.get_field(name).column for name in given]
    columns += [f.column for f in fixed_fields] + [f.column for f in per_row]
    head = "INSERT INTO {} ({}) VALUES ".format(
        quote(meta.db_table), ", ".join(quote(column) for column in columns)
    )
    one_row = "({})".format(", ".join(["%s"] * len(columns)))
    fixed_values = tuple(fixed)

    def defaults() -> tuple:
        return (
            *fixed_values,
            *[f.get_db_prep_save(f.get_default(), connection) for f in per_row],
        )

    return head, one_row, defaults


def _update(plan: ImportPlan, progress: Progress | None, total: int) -> None:
    """Bulk update through one prepared statement (`executemany`): Django's `bulk_update`
    builds a CASE per field and row, ten times slower here."""
    meta = Delegate._meta
    quote = connection.ops.quote_name
    columns = [*_WRITTEN, "updated_at"]
    assignments = ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    errors: list[RowError] = []
    # Delegates are locked in pk order across the batches too (attendance/locks.py).
    updates = sorted(plan.updates, key=lambda update: update[0])
    with connection.cursor() as cursor:
        for start in range(0, len(updates), BATCH):
            batch = _lock_and_merge(plan, updates[start : start + BATCH], errors)
            if not errors:
                cursor.executemany(sql, [(*_row(plan, values), now, pk) for pk, values in batch])
            if progress is not None:
                progress("write", len(batch), total)
    if errors:
        raise ChangedMeanwhile(errors)


def _lock_and_merge(
    plan: ImportPlan, batch: list[tuple[int, tuple]], errors: list[RowError]
) -> list[tuple[int, tuple]]:
    """The batch's delegates locked (FOR NO KEY UPDATE, as the UPDATE itself would lock
    them, in pk order) and compared with how the plan read them. A delegate changed since
    then keeps what changed: a new status stays (an `attended` always, another one if the
    file does not give a third), and the file's own change of status is not recorded; a
    change to another field the file would overwrite is an error naming row and column."""
    read_now = {
        pk: (updated_at, ["" if value is None else value for value in values])
        for pk, updated_at, *values in QuerySet(model=Delegate)
        .select_for_update(no_key=True)
        .filter(pk__in=[pk for pk, _values in batch])
        .order_by("pk")
        .values_list("pk", "updated_at", *COMPARED_FIELDS)
    }
    merged = []
    for pk, values in batch:
        number, read_at, digest, old_status = plan.read[pk]
        current = read_now.get(pk)
        if current is None:
            errors.append(
                RowError(number, None, _("this delegate was deleted while the file was imported."))
            )
            continue
        updated_at, now = current
        if updated_at != read_at:
            values = _merge(plan, number, values, now, digest, old_status, errors)
            if now[_STATUS] != old_status:
                plan.kept_status.add(pk)
        merged.append((pk, values))
    return merged


def _merge(
    plan: ImportPlan,
    number: int,
    values: tuple,
    now: list,
    digest: bytes,
    old_status: str,
    errors: list[RowError],
) -> tuple:
    now_status = now[_STATUS]
    if values_digest([*now[:_STATUS], old_status, *now[_STATUS + 1 :]]) != digest:
        # Another field changed too: fine only where the file now agrees with it.
        planned = [
            *values[:-2],
            _delegation_pk(plan, values[-2]),
            _locality_pk(plan, values[-1]),
        ]
        for index, name in enumerate(COMPARED_FIELDS):
            if index != _STATUS and planned[index] != now[index]:
                errors.append(
                    RowError(
                        number,
                        _COLUMN_OF.get(name, name),
                        _(
                            "this delegate was changed by someone else while the file was "
                            "imported; nothing was imported. Please export again or try again."
                        ),
                    )
                )
                break
    status = values[_STATUS]
    if now_status != old_status:
        if now_status == ATTENDED:
            if status != ATTENDED:
                plan.kept_attended += 1
        elif status not in (old_status, now_status):
            errors.append(
                RowError(
                    number,
                    "status",
                    _(
                        "changed from %(old)s to %(new)s by someone else while the file was "
                        "imported; nothing was imported. Please try again."
                    )
                    % {"old": old_status, "new": now_status},
                )
            )
        status = now_status
    return (*values[:_STATUS], status, *values[_STATUS + 1 :])
