"""Importing delegates from an attendee spreadsheet: every row checked (`checking`), the
changes planned (`planning`), then written in one go (`writing`). The admin and the
`import_attendees` command both reach this through `DelegateResource.import_data`, so a
preview or dry run reports exactly what a real run does. A file with any error changes
nothing."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from delegations.spreadsheets.checking import RowCheck
from delegations.spreadsheets.columns import error_order, read_headers
from delegations.spreadsheets.planning import ImportPlan
from delegations.spreadsheets.reading import AttendeeDataset, collector_paused
from delegations.spreadsheets.report import ImportReport, Progress, RowError
from delegations.spreadsheets.writing import ChangedMeanwhile, import_plan_apply
from summits.models import Summit

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

logger = logging.getLogger(__name__)


def delegates_import(
    *,
    summit: Summit,
    dataset: AttendeeDataset,
    dry_run: bool,
    progress: Progress | None = None,
    by: AbstractBaseUser | AnonymousUser | None = None,
) -> ImportReport:
    """Validate every row of `dataset` for `summit`; unless there is an error or it is a dry
    run, create and update the delegates (and new delegations and localities) in one go.
    Status changes of existing delegates are recorded as done `by` this user (None: a
    command), and a cancellation gives up the delegate's session sign-ups."""
    report = ImportReport(summit=summit, dry_run=dry_run, source=getattr(dataset, "source", ""))
    positions = read_headers(dataset.headers or [], report)
    if not report.errors:
        with transaction.atomic(), collector_paused():
            if not dry_run:
                # One real import per summit at a time: a second one waits here, then sees
                # the first one's delegates and delegations (and updates, not duplicates).
                # NO KEY: check-ins may still insert rows that refer to the summit.
                list(Summit.objects.select_for_update(no_key=True).filter(pk=summit.pk))
            plan = _check_and_plan(summit, dataset, positions, report, progress)
            if not report.errors and not dry_run:
                _write(plan, report, progress, by)
    report.errors.sort(key=error_order)
    _log(report)
    return report


def _check_and_plan(
    summit: Summit,
    dataset: AttendeeDataset,
    positions: dict[str, int],
    report: ImportReport,
    progress: Progress | None,
) -> ImportPlan:
    plan = ImportPlan(summit, positions)
    check = RowCheck(
        positions,
        errors=report.errors,
        header_width=len(dataset.headers),
        overlong=getattr(dataset, "overlong_rows", {}),
    )
    first = getattr(dataset, "first_row_number", 2)
    total = len(dataset)
    for offset, cells in enumerate(dataset):
        if progress is not None and offset % 1000 == 999:
            progress("check", 1000, total)
        if not any(cells):
            continue
        report.rows += 1
        row = check(first + offset, cells)
        # Once a file has an error nothing is written: only keep checking rows.
        if row is not None and not report.errors:
            plan.add(row, report)
    if progress is not None:
        progress("check", total % 1000, total)
    plan.finish(report)
    return plan


def _write(
    plan: ImportPlan,
    report: ImportReport,
    progress: Progress | None,
    by: AbstractBaseUser | AnonymousUser | None,
) -> None:
    try:
        with transaction.atomic():
            import_plan_apply(plan=plan, progress=progress, by=by)
    except IntegrityError:
        report.discard_counts()
        report.errors.append(
            RowError(
                None,
                None,
                _(
                    "The delegates of this summit changed while the file was being "
                    "imported; nothing was imported. Please try again."
                ),
            )
        )
    except ChangedMeanwhile as changed:
        report.discard_counts()
        report.errors.extend(changed.errors)
    else:
        report.kept_attended += plan.kept_attended
        report.saved = True


def _log(report: ImportReport) -> None:
    # Counts only: never an email or a name in the logs.
    logger.info(
        "Attendee import for summit %s (%s): %d rows, %d new, %d updated, %d unchanged, "
        "%d errors, %d new delegations, %d new localities, saved=%s",
        report.summit.slug,
        "dry run" if report.dry_run else "real run",
        report.rows,
        report.new,
        report.updated,
        report.unchanged,
        len(report.errors),
        len(report.new_delegations),
        len(report.new_localities),
        report.saved,
    )
