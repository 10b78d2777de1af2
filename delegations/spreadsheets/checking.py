"""Importing delegates from an attendee spreadsheet: validation of every row, then one
set-based write. The admin and the `import_attendees` command both reach this through
`DelegateResource.import_data`, so a preview or dry run reports exactly what a real run does.

Designed for 100,000 rows: what rows refer to (localities, the summit's delegations and
delegates) is read once into dicts, existing delegates are compared by a digest of their
values, and writes are batched inside one transaction. A file with any error changes nothing.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_countries import countries

from delegations.models import Delegate, Delegation, Locality
from delegations.spreadsheets.reading import AttendeeDataset, collector_paused, unneutralise
from delegations.spreadsheets.writing import import_plan_apply
from summits.models import Summit

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

logger = logging.getLogger(__name__)

# The contract's columns (shared/SPEC.md, "Attendee spreadsheets"), in export order.
COLUMNS = (
    "email",
    "full_name_en",
    "full_name_zh_hans",
    "full_name_ar",
    "country",
    "region",
    "city",
    "delegation",
    "organisation",
    "position",
    "role",
    "status",
)
REQUIRED_COLUMNS = ("email", "full_name_en", "country", "region", "delegation")
# Columns the export adds for organisers (each delegate's private agenda link): an export
# imported back must neither change anything nor warn about them, so the import skips them.
EXPORT_ONLY_COLUMNS = ("agenda_url",)

# What a re-import compares: the delegate's own fields, then its delegation and locality.
COMPARED_FIELDS = (
    "full_name_en",
    "full_name_zh_hans",
    "full_name_ar",
    "organisation",
    "position",
    "role",
    "status",
    "delegation_id",
    "locality_id",
)
_TEXT_COLUMNS = ("full_name_en", "full_name_zh_hans", "full_name_ar", "organisation", "position")
_ROLES = {value: value for value in Delegate.Role.values}
_STATUSES = {value: value for value in Delegate.Status.values}
_COUNTRY_ALIASES = {"united states": "US", "america": "US", "uk": "GB", "korea": "KR"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HEADER_SPACE = re.compile(r"[\s\-]+")
_SQUASHED_COLUMNS = {name.replace("_", ""): name for name in COLUMNS}
_BATCH = 2000
SAMPLE_SIZE = 20

# Called as progress(stage, done since last call, total) with stage "check" or "write".
Progress = Callable[[str, int, int], None]


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


MAX_LENGTHS = {
    "email": _max_length(Delegate, "email"),
    **{name: _max_length(Delegate, name) for name in _TEXT_COLUMNS},
    "region": _max_length(Locality, "region_en"),
    "city": _max_length(Locality, "city_en"),
    "delegation": _max_length(Delegation, "name_en"),
}


@dataclass(frozen=True)
class RowError:
    """One problem, located by row and column as a spreadsheet program shows them."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is not None and self.column:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row is not None:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        if self.column:
            return _("Column “%(column)s”: %(message)s") % {
                "column": self.column,
                "message": self.message,
            }
        return self.message


@dataclass(frozen=True)
class Change:
    column: str
    old: str
    new: str


@dataclass(frozen=True)
class SampleRow:
    row: int
    email: str
    full_name: str
    delegation: str
    changes: tuple[Change, ...] = ()


@dataclass
class ImportReport:
    """What an import did, or in a dry run would do."""

    summit: Summit
    dry_run: bool
    source: str = ""
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    new_delegations: list[str] = field(default_factory=list)
    new_localities: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    new_samples: list[SampleRow] = field(default_factory=list)
    updated_samples: list[SampleRow] = field(default_factory=list)
    saved: bool = False

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    def summary(self) -> str:
        return _("%(new)s new, %(updated)s updated, %(unchanged)s unchanged, %(errors)s errors") % {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": len(self.errors),
        }


def normalise_header(name: object) -> str:
    """`" Full Name EN "`, `E-mail` -> `full_name_en`, `email`: header names in any case,
    with spaces, hyphens or underscores between the words (or none)."""
    text = _HEADER_SPACE.sub("_", ("" if name is None else str(name)).replace("\ufeff", "").strip())
    text = text.lower()
    return _SQUASHED_COLUMNS.get(text.replace("_", ""), text)


def fold(text: str) -> str:
    """Lower case one character at a time, as the database's LOWER() in the unique
    constraints does: `str.lower()` makes "İ" two characters and a final "Σ" another letter,
    so two names the database takes for one would be planned as two rows."""
    if text.isascii():
        return text.lower()
    return "".join(char.lower()[0] for char in text)


def country_code(value: str) -> str | None:
    """An ISO 3166-1 code (alpha-2 or alpha-3) or an English name -> alpha-2, else None."""
    if len(value) in (2, 3) and value.isalpha():
        code = countries.alpha2(value.upper())
        if code:
            return code
    return countries.by_name(value) or _COUNTRY_ALIASES.get(value.lower())


class _EmailCheck:
    """Django's EmailValidator, with the verdict on each domain remembered: a file has
    100,000 addresses but only a few hundred domains."""

    def __init__(self):
        self.validator = EmailValidator()
        self.domains: dict[str, bool] = {}

    def __call__(self, email: str) -> bool:
        user, at, domain = email.rpartition("@")
        if not at or not user or len(email) > 320 or not self.validator.user_regex.match(user):
            return False
        verdict = self.domains.get(domain)
        if verdict is None:
            try:
                self.validator(email)
                verdict = True
            except ValidationError:
                verdict = False
            self.domains[domain] = verdict
        return verdict


def _digest(values: Sequence[object]) -> bytes:
    # Unit separators cannot occur in imported values (control characters are refused).
    return hashlib.blake2b("\x1f".join(map(str, values)).encode(), digest_size=16).digest()


class _Plan:
    """The writes an import needs, worked out before any of them is made."""

    def __init__(self, summit: Summit):
        self.summit = summit
        self.localities: dict[tuple[str, str, str], int] = {}
        self.locality_keys: dict[int, tuple[str, str, str]] = {}
        self.locality_names: dict[int, tuple[str, str, str]] = {}
        for pk, country, region, city in Locality.objects.values_list(
            "pk", "country", "region_en", "city_en"
        ):
            key = (country, fold(region or ""), fold(city or ""))
            self.localities.setdefault(key, pk)
            self.locality_keys[pk] = key
            self.locality_names[pk] = (country, region or "", city or "")
        self.delegations: dict[str, int] = {
            fold(name or ""): pk
            for pk, name in Delegation.objects.filter(summit=summit).values_list("pk", "name_en")
        }
        # New places and delegations, keyed like the dicts above; values say what to create.
        self.new_localities: dict[tuple[str, str, str], tuple[str, str, str]] = {}
        self.new_delegations: dict[str, tuple[str, str, object]] = {}
        self.creates: list[tuple[str, tuple]] = []
        self.updates: list[tuple[int, tuple]] = []
        # (pk, old status, new status) of existing delegates whose status the file changes:
        # recorded in the attendance trail, with a cancellation's consequences.
        self.status_changes: list[tuple[int, str, str]] = []

    def locality(self, country: str, region: str, city: str) -> object:
        key = (country, fold(region), fold(city))
        found = self.localities.get(key)
        if found is not None:
            return found
        self.new_localities.setdefault(key, (country, region, city))
        return key

    def delegation(self, name: str, country: str, region: str) -> object:
        lowered = fold(name)
        found = self.delegations.get(lowered)
        if found is not None:
            return found
        if lowered not in self.new_delegations:
            self.new_delegations[lowered] = (name, country, self.locality(country, region, ""))
        return ("delegation", lowered)


def _existing_delegates(summit: Summit, kept: Sequence[str]) -> dict[str, tuple]:
    """email -> (pk, digest of the compared values, values of the `kept` fields)."""
    positions = [COMPARED_FIELDS.index(name) for name in kept]
    existing = {}
    # A plain QuerySet: modeltranslation's turns each row into a dict and back.
    rows = (
        QuerySet(model=Delegate)
        .filter(summit=summit)
        .order_by()
        .values_list("pk", "email", *COMPARED_FIELDS)
        .iterator(chunk_size=_BATCH)
    )
    for pk, email, *values in rows:
        values = [("" if value is None else value) for value in values]
        existing[email.lower()] = (pk, _digest(values), tuple(values[i] for i in positions))
    return existing


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
    positions = _read_headers(dataset.headers or [], report)
    if not report.errors:
        with transaction.atomic(), collector_paused():
            if not dry_run:
                # One real import per summit at a time: a second one waits here, then sees
                # the first one's delegates and delegations (and updates, not duplicates).
                # NO KEY: check-ins may still insert rows that refer to the summit.
                list(Summit.objects.select_for_update(no_key=True).filter(pk=summit.pk))
            plan = _plan(summit, dataset, positions, report, progress)
            if not report.errors and not dry_run:
                try:
                    with transaction.atomic():
                        import_plan_apply(plan=plan, progress=progress, by=by)
                except IntegrityError:
                    report.new = report.updated = report.unchanged = 0
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
                else:
                    report.saved = True
    report.errors.sort(key=_error_order)
    _log(report)
    return report


def _error_order(error: RowError) -> tuple[int, int]:
    column = COLUMNS.index(error.column) if error.column in COLUMNS else -1
    return (error.row or 0, column)


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


def _read_headers(headers: Sequence[object], report: ImportReport) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, raw in enumerate(headers):
        name = normalise_header(raw)
        if not name or name in EXPORT_ONLY_COLUMNS:
            continue
        if name not in COLUMNS:
            report.ignored_columns.append(str(raw).strip())
        elif name in positions:
            report.errors.append(
                RowError(None, name, _("appears more than once in the header row."))
            )
        else:
            positions[name] = index
    missing = [name for name in REQUIRED_COLUMNS if name not in positions]
    if missing:
        report.errors.append(
            RowError(
                None,
                None,
                _(
                    "The header row lacks the required columns %(missing)s. The first row must "
                    "name the columns: %(required)s are required."
                )
                % {"missing": ", ".join(missing), "required": ", ".join(REQUIRED_COLUMNS)},
            )
        )
    return positions


def _plan(
    summit: Summit,
    dataset: AttendeeDataset,
    positions: dict[str, int],
    report: ImportReport,
    progress: Progress | None,
) -> _Plan:
    plan = _Plan(summit)
    errors = report.errors
    email_ok = _EmailCheck()
    absent = [name for name in COMPARED_FIELDS[:7] if name not in positions]
    city_absent = "city" not in positions
    kept_fields = [*absent, "role", "status"] + (["locality_id"] if city_absent else [])
    kept_fields = list(dict.fromkeys(kept_fields))
    kept_index = {name: i for i, name in enumerate(kept_fields)}
    existing = _existing_delegates(summit, kept_fields)
    pending: list[tuple] = []  # the first updated rows, for the preview
    seen: dict[str, int] = {}
    countries_seen: dict[str, str | None] = {}
    first = getattr(dataset, "first_row_number", 2)
    overlong = getattr(dataset, "overlong_rows", {})
    column_items = [
        (name, positions[name], MAX_LENGTHS.get(name, 1000))
        for name in COLUMNS
        if name in positions
    ]
    defaults = {"role": Delegate.Role.MEMBER.value, "status": Delegate.Status.REGISTERED.value}

    for offset, cells in enumerate(dataset):
        number = first + offset
        if progress is not None and offset % 1000 == 999:
            progress("check", 1000, len(dataset))
        if not any(cells):
            continue
        report.rows += 1
        if number in overlong:
            errors.append(
                RowError(
                    number,
                    None,
                    _(
                        "has %(cells)s filled cells but the header row names only %(columns)s "
                        "columns; is a separator missing its quotes?"
                    )
                    % {"cells": overlong[number], "columns": len(dataset.headers)},
                )
            )
        try:
            joined = "".join(cells)
        except TypeError:  # a dataset built elsewhere may hold None or numbers
            cells = ["" if value is None else str(value) for value in cells]
            joined = "".join(cells)
        spaced = "\n" in joined or "\r" in joined or "\t" in joined
        quoted = "'" in joined
        values: dict[str, str] = {}
        row_ok = True
        for name, index, limit in column_items:
            value = cells[index].strip()
            if spaced and ("\n" in value or "\r" in value or "\t" in value):
                value = " ".join(value.split())
            if quoted and value[:1] == "'":
                value = unneutralise(value)
            if len(value) > limit:
                errors.append(
                    RowError(
                        number,
                        name,
                        _("is %(length)s characters long; the limit is %(limit)s.")
                        % {"length": len(value), "limit": limit},
                    )
                )
                row_ok = False
            values[name] = value
        if _CONTROL.search(joined):
            for name, _index, _limit in column_items:
                if _CONTROL.search(values[name]):
                    errors.append(RowError(number, name, _("contains control characters.")))
                    row_ok = False
        for name in REQUIRED_COLUMNS:
            if not values[name]:
                errors.append(RowError(number, name, _("is required but empty.")))
                row_ok = False

        email = values["email"].lower()
        if email:
            if not email_ok(email):
                errors.append(
                    RowError(
                        number,
                        "email",
                        _("“%(value)s” is not a valid email address.") % {"value": values["email"]},
                    )
                )
                row_ok = False
            else:
                earlier = seen.get(email)
                if earlier is not None:
                    errors.append(
                        RowError(
                            number,
                            "email",
                            _("%(email)s is already in row %(row)s; each delegate once, please.")
                            % {"email": email, "row": earlier},
                        )
                    )
                    row_ok = False
                else:
                    seen[email] = number

        raw_country = values["country"]
        code = countries_seen.get(raw_country, "")
        if code == "" and raw_country:
            code = countries_seen[raw_country] = country_code(raw_country)
        if raw_country and code is None:
            errors.append(
                RowError(
                    number,
                    "country",
                    _(
                        "“%(value)s” is not a country: use an ISO 3166-1 code such as CN or US, "
                        "or the country's English name."
                    )
                    % {"value": raw_country},
                )
            )
            row_ok = False

        choices = {}
        for name, allowed in (("role", _ROLES), ("status", _STATUSES)):
            given = values.get(name, "")
            choice = allowed.get(given.lower()) if given else None
            if given and choice is None:
                errors.append(
                    RowError(
                        number,
                        name,
                        _("“%(value)s” is not one of %(allowed)s.")
                        % {"value": given, "allowed": ", ".join(allowed)},
                    )
                )
                row_ok = False
            choices[name] = choice
        if not row_ok or errors:
            # Once a file has an error nothing is written: only keep checking rows.
            continue

        region, city = values["region"], values.get("city", "")
        current = existing.get(email)
        delegation = plan.delegation(values["delegation"], code, region)
        if city_absent and current is not None:
            # Without a city column, keep the delegate's city if it lies in the same region.
            kept_locality = current[2][kept_index["locality_id"]]
            if plan.locality_keys.get(kept_locality, ())[:2] == (code, fold(region)):
                locality = kept_locality
            else:
                locality = plan.locality(code, region, "")
        else:
            locality = plan.locality(code, region, city)

        if current is None:
            compared = [values.get(name, "") for name in _TEXT_COLUMNS]
            compared.append(choices["role"] or defaults["role"])
            compared.append(choices["status"] or defaults["status"])
        else:
            kept = current[2]
            compared = [
                kept[kept_index[name]] if name in absent else values[name] for name in _TEXT_COLUMNS
            ]
            compared.append(choices["role"] or kept[kept_index["role"]])
            compared.append(choices["status"] or kept[kept_index["status"]])
        compared.append(delegation)
        compared.append(locality)

        if current is None:
            report.new += 1
            plan.creates.append((email, tuple(compared)))
            if len(report.new_samples) < SAMPLE_SIZE:
                report.new_samples.append(
                    SampleRow(number, email, compared[0], values["delegation"])
                )
        elif _digest(compared) == current[1]:
            report.unchanged += 1
        else:
            report.updated += 1
            plan.updates.append((current[0], tuple(compared)))
            old_status = kept[kept_index["status"]]
            if compared[6] != old_status:
                plan.status_changes.append((current[0], old_status, compared[6]))
            if len(pending) < SAMPLE_SIZE:
                pending.append((number, current[0], tuple(compared), values["delegation"]))

    if progress is not None:
        progress("check", len(dataset) % 1000, len(dataset))
    if errors:
        report.new = report.updated = report.unchanged = 0
        report.new_samples.clear()
        plan.creates.clear()
        plan.updates.clear()
        plan.status_changes.clear()
        return plan
    report.new_delegations = sorted(name for name, _c, _l in plan.new_delegations.values())
    report.new_localities = sorted(_place(*place) for place in plan.new_localities.values())
    report.updated_samples = _updated_samples(plan, pending)
    return plan


def _place(country: str, region: str, city: str) -> str:
    return f"{city}, {region} ({country})" if city else f"{region} ({country})"


def _updated_samples(plan: _Plan, pending: list[tuple]) -> list[SampleRow]:
    """The first updated rows with their changes, old value against new, for the preview."""
    if not pending:
        return []
    old = {
        row[0]: row
        for row in Delegate.objects.filter(pk__in=[pk for _n, pk, _v, _d in pending]).values_list(
            "pk",
            "email",
            *COMPARED_FIELDS[:7],
            "delegation__name_en",
            "locality__country",
            "locality__region_en",
            "locality__city_en",
        )
    }
    samples = []
    for number, pk, values, delegation_name in pending:
        before = old[pk]
        changes = [
            Change(name, before[2 + i] or "", values[i])
            for i, name in enumerate(COMPARED_FIELDS[:7])
            if (before[2 + i] or "") != values[i]
        ]
        if delegation_name.lower() != (before[9] or "").lower():
            changes.append(Change("delegation", before[9] or "", delegation_name))
        old_place = (before[10], before[11] or "", before[12] or "")
        locality = values[8]
        new_place = (
            plan.new_localities[locality]
            if isinstance(locality, tuple)
            else plan.locality_names.get(locality, old_place)
        )
        if [p.lower() for p in new_place] != [p.lower() for p in old_place]:
            changes.append(Change("locality", _place(*old_place), _place(*new_place)))
        samples.append(SampleRow(number, before[1], values[0], delegation_name, tuple(changes)))
    return samples
