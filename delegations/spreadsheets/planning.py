"""The writes an attendee import needs, worked out row by row before any is made: which
delegates are new, updated or unchanged, and which delegations and localities to create.

Designed for 100,000 rows: what rows refer to (localities, the summit's delegations and
delegates) is read once into dicts, and existing delegates are compared by a digest of
their values."""

import hashlib
import re
from collections.abc import Iterable, Sequence

from django.db.models import QuerySet

from delegations.models import Delegate, Delegation, Locality
from delegations.spreadsheets.checking import CheckedRow, fold
from delegations.spreadsheets.columns import (
    COMPARED_FIELDS,
    NAME_COLUMNS,
    OWN_FIELDS,
    TEXT_COLUMNS,
)
from delegations.spreadsheets.report import (
    SAMPLE_SIZE,
    Change,
    ImportReport,
    SampleRow,
    SimilarDelegation,
)
from summits.models import Summit

_BATCH = 2000
_STATUS = COMPARED_FIELDS.index("status")
_LOCALITY = COMPARED_FIELDS.index("locality_id")
_NAMES = len(NAME_COLUMNS)
_DEFAULTS = {"role": Delegate.Role.MEMBER.value, "status": Delegate.Status.REGISTERED.value}
ATTENDED = Delegate.Status.ATTENDED.value

# A locality or delegation the plan creates is referred to by its key until it has a pk:
# (country, folded region, folded city) for a locality, ("delegation", folded name).
Reference = int | tuple


def values_digest(values: Sequence[object]) -> bytes:
    # Unit separators cannot occur in imported values (control characters are refused).
    return hashlib.blake2b("\x1f".join(map(str, values)).encode(), digest_size=16).digest()


def place_name(country: str, region: str, city: str) -> str:
    return f"{city}, {region} ({country})" if city else f"{region} ({country})"


# Words that say what kind of delegation it is, not whose: "Fujian Provincial Delegation"
# and "Fujian Province delegation" are both Fujian's.
_GENERIC_WORDS = re.compile(
    r"\b(?:the|of|and|delegations?|provinces?|provincial|city|cities|municipal|municipality|"
    r"state|states|county|counties|government|people'?s|sister|friendship|association|"
    r"office|team)\b|[^\w\s]"
)


def delegation_core(name: str) -> str:
    """`Fujian Provincial Delegation` -> `fujian`: the words of a delegation's name that
    say whose it is."""
    return " ".join(_GENERIC_WORDS.sub(" ", fold(name)).split())


def similar_delegations(new: Iterable[str], existing: Iterable[str]) -> list[SimilarDelegation]:
    """Each new delegation name whose core (`delegation_core`) is that of an existing one
    or of another new one: most likely the same delegation spelt another way."""
    by_core: dict[str, list[str]] = {}
    for name in existing:
        by_core.setdefault(delegation_core(name), []).append(name)
    found = []
    for name in new:
        core = delegation_core(name)
        if core and by_core.get(core):
            found.append(SimilarDelegation(name, tuple(by_core[core])))
        by_core.setdefault(core, []).append(name)
    return found


class ImportPlan:
    """The writes an import needs; `writing.import_plan_apply` makes them."""

    def __init__(self, summit: Summit, positions: dict[str, int]):
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
        self.delegations: dict[str, int] = {}
        self.delegation_names: list[str] = []
        for pk, name in Delegation.objects.filter(summit=summit).values_list("pk", "name_en"):
            self.delegations[fold(name or "")] = pk
            self.delegation_names.append(name or "")
        # New places and delegations, keyed like the dicts above; values say what to create.
        self.new_localities: dict[tuple[str, str, str], tuple[str, str, str]] = {}
        self.new_delegations: dict[str, tuple[str, str, Reference]] = {}
        # (email, values) to insert and (pk, values) to update, values in COMPARED_FIELDS order.
        self.creates: list[tuple[str, tuple]] = []
        self.updates: list[tuple[int, tuple]] = []
        # pk -> (row number, updated_at, digest, status) of each planned update as it was
        # read: the writes compare them with the row under lock (`writing._lock_and_merge`).
        self.read: dict[int, tuple[int, object, bytes, str]] = {}
        # Found at write time: delegates changed since they were read, whose status the
        # import keeps as it is now (no status change recorded), and how many of them it
        # kept as attended.
        self.kept_status: set[int] = set()
        self.kept_attended = 0
        # (pk, old status, new status) of existing delegates whose status the file changes:
        # recorded in the attendance trail, with a cancellation's consequences.
        self.status_changes: list[tuple[int, str, str]] = []
        # A column absent from the file keeps the delegate's value: remember those values.
        self.absent = [name for name in OWN_FIELDS if name not in positions]
        self.city_absent = "city" not in positions
        kept = [*self.absent, "role", "language", "status"] + (
            ["locality_id"] if self.city_absent else []
        )
        self.kept = list(dict.fromkeys(kept))
        self.kept_index = {name: i for i, name in enumerate(self.kept)}
        self.existing = self._existing_delegates()
        self.pending: list[tuple] = []  # the first updated rows, for the preview

    def _existing_delegates(self) -> dict[str, tuple]:
        """email -> (pk, digest of the compared values, values of the `kept` fields,
        updated_at)."""
        positions = [COMPARED_FIELDS.index(name) for name in self.kept]
        existing = {}
        # A plain QuerySet: modeltranslation's turns each row into a dict and back.
        rows = (
            QuerySet(model=Delegate)
            .filter(summit=self.summit)
            .order_by()
            .values_list("pk", "email", "updated_at", *COMPARED_FIELDS)
            .iterator(chunk_size=_BATCH)
        )
        for pk, email, updated_at, *values in rows:
            values = [("" if value is None else value) for value in values]
            existing[email.lower()] = (
                pk,
                values_digest(values),
                tuple(values[i] for i in positions),
                updated_at,
            )
        return existing

    def locality(self, country: str, region: str, city: str) -> Reference:
        key = (country, fold(region), fold(city))
        found = self.localities.get(key)
        if found is not None:
            return found
        self.new_localities.setdefault(key, (country, region, city))
        return key

    def delegation(self, name: str, country: str, region: str) -> Reference:
        lowered = fold(name)
        found = self.delegations.get(lowered)
        if found is not None:
            return found
        if lowered not in self.new_delegations:
            self.new_delegations[lowered] = (name, country, self.locality(country, region, ""))
        return ("delegation", lowered)

    def add(self, row: CheckedRow, report: ImportReport) -> None:
        """Plan a checked row: a new delegate, an update, or nothing to do."""
        current = self.existing.get(row.email)
        delegation = self.delegation(row.values["delegation"], row.country, row.values["region"])
        locality = self._locality_of(row, current)
        compared = (*self._own_values(row, current, report), delegation, locality)
        if current is None:
            report.new += 1
            self.creates.append((row.email, compared))
            if len(report.new_samples) < SAMPLE_SIZE:
                report.new_samples.append(
                    SampleRow(row.number, row.email, compared[:_NAMES], row.values["delegation"])
                )
        elif values_digest(compared) == current[1]:
            report.unchanged += 1
        else:
            report.updated += 1
            self.updates.append((current[0], compared))
            old_status = current[2][self.kept_index["status"]]
            self.read[current[0]] = (row.number, current[3], current[1], old_status)
            if compared[_STATUS] != old_status:
                self.status_changes.append((current[0], old_status, compared[_STATUS]))
            if len(self.pending) < SAMPLE_SIZE:
                self.pending.append((row.number, current[0], compared, row.values["delegation"]))

    def _locality_of(self, row: CheckedRow, current: tuple | None) -> Reference:
        region = row.values["region"]
        if self.city_absent and current is not None:
            # Without a city column, keep the delegate's city if it lies in the same region.
            kept_locality = current[2][self.kept_index["locality_id"]]
            if self.locality_keys.get(kept_locality, ())[:2] == (row.country, fold(region)):
                return kept_locality
            return self.locality(row.country, region, "")
        return self.locality(row.country, region, row.values.get("city", ""))

    def _own_values(
        self, row: CheckedRow, current: tuple | None, report: ImportReport
    ) -> list[str]:
        """The delegate's own fields (OWN_FIELDS) as the import leaves them. A delegate
        who attended stays `attended` (the desk's record of a fact), whatever the file says."""
        if current is None:
            own = [row.values.get(name, "") for name in TEXT_COLUMNS]
            own.append(row.role or _DEFAULTS["role"])
            own.append(row.language or "")
            own.append(row.status or _DEFAULTS["status"])
            return own
        kept, index = current[2], self.kept_index
        own = [
            kept[index[name]] if name in self.absent else row.values[name] for name in TEXT_COLUMNS
        ]
        own.append(row.role or kept[index["role"]])
        own.append(row.language or kept[index["language"]])
        status = kept[index["status"]]
        if status == ATTENDED and row.status and row.status != ATTENDED:
            report.kept_attended += 1
        elif row.status:
            status = row.status
        own.append(status)
        return own

    def finish(self, report: ImportReport) -> None:
        """Fill in what the preview lists, or, if the file has an error, plan nothing."""
        if report.errors:
            report.discard_counts()
            self.creates.clear()
            self.updates.clear()
            self.status_changes.clear()
            self.read.clear()
            return
        new_names = [name for name, _country, _locality in self.new_delegations.values()]
        report.new_delegations = sorted(new_names)
        report.similar_delegations = similar_delegations(new_names, self.delegation_names)
        report.new_localities = sorted(place_name(*place) for place in self.new_localities.values())
        report.updated_samples = self._updated_samples()

    def _updated_samples(self) -> list[SampleRow]:
        """The first updated rows with their changes, old value against new, for the preview."""
        if not self.pending:
            return []
        own = len(OWN_FIELDS)
        old = {
            row[0]: row
            for row in Delegate.objects.filter(
                pk__in=[pk for _n, pk, _v, _d in self.pending]
            ).values_list(
                "pk",
                "email",
                *OWN_FIELDS,
                "delegation__name_en",
                "locality__country",
                "locality__region_en",
                "locality__city_en",
            )
        }
        samples = []
        for number, pk, values, delegation_name in self.pending:
            before = old[pk]
            changes = [
                Change(name, before[2 + i] or "", values[i])
                for i, name in enumerate(OWN_FIELDS)
                if (before[2 + i] or "") != values[i]
            ]
            old_delegation = before[2 + own] or ""
            if delegation_name.lower() != old_delegation.lower():
                changes.append(Change("delegation", old_delegation, delegation_name))
            old_place = (before[3 + own], before[4 + own] or "", before[5 + own] or "")
            new_place = self._place_of(values[_LOCALITY], old_place)
            if [p.lower() for p in new_place] != [p.lower() for p in old_place]:
                changes.append(Change("locality", place_name(*old_place), place_name(*new_place)))
            samples.append(
                SampleRow(number, before[1], values[:_NAMES], delegation_name, tuple(changes))
            )
        return samples

    def _place_of(self, locality: Reference, default: tuple[str, str, str]) -> tuple[str, str, str]:
        if isinstance(locality, tuple):
            return self.new_localities[locality]
        return self.locality_names.get(locality, default)
