"""Load the people of the demo (localities, sister ties, delegations, delegates) on top of
the programme's demo, so that a second run changes nothing (see `summits.demo`)."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from summits import caching
from summits.demo import DemoLoadResult, ProgrammeLoader, translated
from summits.demo_data import TACOMA_SLUG, Text

from . import demo_data as data
from .models import Delegate, Delegation, Locality, SisterRelationship


@dataclass(frozen=True)
class DemoDelegate:
    """One invented delegate, as plain values."""

    summit_slug: str
    country: str
    region: str
    city: str | None
    full_name: Text
    email: str
    role: str
    status: str
    organisation: str
    position: str


def delegation_name(country: str, region: str) -> Text:
    if country == "CN":
        place = data.PROVINCES[region]
        return Text(
            f"{place.en} Province delegation", f"{place.zh_hans}代表团", f"وفد مقاطعة {place.ar}"
        )
    place = data.STATES[region]
    return Text(f"{place.en} State delegation", f"{place.zh_hans}代表团", f"وفد ولاية {place.ar}")


def _chinese_name(k: int) -> Text:
    surname = data.CN_SURNAMES[k % len(data.CN_SURNAMES)]
    given = data.CN_GIVEN_NAMES[(k * 7 + k // len(data.CN_SURNAMES)) % len(data.CN_GIVEN_NAMES)]
    return Text(
        f"{surname.en} {given.en}", f"{surname.zh_hans}{given.zh_hans}", f"{surname.ar} {given.ar}"
    )


def _american_name(k: int) -> Text:
    first = data.US_FIRST_NAMES[k % len(data.US_FIRST_NAMES)]
    last = data.US_LAST_NAMES[(k * 7 + k // len(data.US_FIRST_NAMES)) % len(data.US_LAST_NAMES)]
    return Text(f"{first.en} {last.en}", f"{first.zh_hans}·{last.zh_hans}", f"{first.ar} {last.ar}")


def _role(index: int, size: int, country: str, delegation_index: int) -> str:
    """One head per delegation; interpreters, staff, press and observers in larger ones."""
    if index == 0:
        return Delegate.Role.HEAD
    if index == 1 and size >= 7:
        return Delegate.Role.INTERPRETER
    if index == 2 and size >= 10:
        return Delegate.Role.STAFF
    if index == size - 1 and size >= 6 and delegation_index % 3 == 0:
        return Delegate.Role.PRESS
    if index == size - 2 and size >= 5 and country == "US" and delegation_index % 4 == 1:
        return Delegate.Role.OBSERVER
    return Delegate.Role.MEMBER


def _organisation(country: str, region: str, role: str) -> str:
    if country == "CN":
        if role == Delegate.Role.PRESS:
            return f"{region} Provincial Media Group"
        return f"{region} Provincial Foreign Affairs Office"
    if role == Delegate.Role.PRESS:
        return f"{region} Public Media"
    return f"{region} Sister Cities Association"


def _delegation_members(
    *,
    summit_slug: str,
    country: str,
    region: str,
    expected: int,
    cancelled: int,
    city: tuple[str, int] | None,
    delegation_index: int,
    first_k: int,
) -> Iterator[DemoDelegate]:
    naming = _chinese_name if country == "CN" else _american_name
    positions = data.POSITIONS[country]
    for index in range(expected + cancelled):
        k = first_k + index
        name = naming(k)
        if index < expected:
            role = _role(index, expected, country, delegation_index)
            status = (
                Delegate.Status.REGISTERED
                if role != Delegate.Role.HEAD and k % 7 == 3
                else Delegate.Status.CONFIRMED
            )
        else:
            role, status = Delegate.Role.MEMBER, Delegate.Status.CANCELLED
        choices = positions[role]
        local_part = slugify(name.en).replace("-", ".")
        yield DemoDelegate(
            summit_slug=summit_slug,
            country=country,
            region=region,
            city=city[0] if city and index < city[1] else None,
            full_name=name,
            email=f"{local_part}.{country.lower()}{k:03d}@{data.DEMO_EMAIL_DOMAIN}",
            role=role,
            status=status,
            organisation=_organisation(country, region, role),
            position=choices[k % len(choices)],
        )


def demo_delegates() -> list[DemoDelegate]:
    """Every invented delegate, in a fixed order: the same list on every run."""
    people: list[DemoDelegate] = []
    for country, delegations in (
        ("CN", data.TACOMA_CN_DELEGATIONS),
        ("US", data.TACOMA_US_DELEGATIONS),
    ):
        k = 0
        for delegation_index, (region, expected, cancelled, city) in enumerate(delegations):
            people.extend(
                _delegation_members(
                    summit_slug=TACOMA_SLUG,
                    country=country,
                    region=region,
                    expected=expected,
                    cancelled=cancelled,
                    city=city,
                    delegation_index=delegation_index,
                    first_k=k,
                )
            )
            k += expected + cancelled
    for ordinal, (slug, delegations) in enumerate(data.EARLIER_DELEGATIONS.items(), start=1):
        for delegation_index, (country, region, expected) in enumerate(delegations):
            # Other names than at Tacoma: start further along the fixed name lists.
            people.extend(
                _delegation_members(
                    summit_slug=slug,
                    country=country,
                    region=region,
                    expected=expected,
                    cancelled=0,
                    city=None,
                    delegation_index=delegation_index,
                    first_k=300 + 10 * ordinal,
                )
            )
    return people


# Field checks only (email, choices, lengths): the related rows were just loaded, and the
# email is unique per summit by construction (every demo address already stored is in
# `existing` and gets updated), with the database constraint behind it. Checking those per
# row would cost five queries for each of the ~300 delegates.
DELEGATE_CLEAN = {
    "exclude": ["summit", "delegation", "locality"],
    "validate_unique": False,
    "validate_constraints": False,
}


class DemoLoader(ProgrammeLoader):
    def __init__(self) -> None:
        super().__init__()
        self.localities: dict[tuple[str, str, str | None], Locality] = {}

    def run(self) -> DemoLoadResult:
        super().run()
        self.load_localities()
        self.load_sister_relationships()
        self.load_delegations_and_delegates()
        return self.result

    def locality(self, country: str, region: str, city: str | None = None) -> Locality:
        key = (country, region, city)
        if key not in self.localities:
            regions = data.PROVINCES if country == "CN" else data.STATES
            values: dict[str, Any] = {"country": country, **translated("region", regions[region])}
            match = Q(country=country, region_en__iexact=region)
            if city:
                values.update(translated("city", data.CITIES[city][2]))
                match &= Q(city_en__iexact=city)
            else:
                match &= Q(city_en__isnull=True) | Q(city_en="")
            self.localities[key] = self.upsert(Locality, match=match, values=values)
        return self.localities[key]

    def load_localities(self) -> None:
        for region in data.PROVINCES:
            self.locality("CN", region)
        for region in data.STATES:
            self.locality("US", region)
        for city, (country, region, _name) in data.CITIES.items():
            self.locality(country, region, city)

    def named_locality(self, country: str, name: str) -> Locality:
        if name in data.CITIES:
            return self.locality(country, data.CITIES[name][1], name)
        return self.locality(country, name)

    def load_sister_relationships(self) -> None:
        for (country_a, name_a), (country_b, name_b), level, year in data.SISTER_RELATIONSHIPS:
            first = self.named_locality(country_a, name_a)
            second = self.named_locality(country_b, name_b)
            self.upsert(
                SisterRelationship,
                match=Q(first=first, second=second) | Q(first=second, second=first),
                values={"first": first, "second": second, "level": level, "established_in": year},
            )

    def load_delegations_and_delegates(self) -> None:
        people = demo_delegates()
        delegations: dict[tuple[str, str, str], Delegation] = {}
        for person in people:
            key = (person.summit_slug, person.country, person.region)
            if key not in delegations:
                summit = self.summits[person.summit_slug]
                name = delegation_name(person.country, person.region)
                delegations[key] = self.upsert(
                    Delegation,
                    match=Q(summit=summit, name_en__iexact=name.en),
                    values={
                        "summit": summit,
                        "country": person.country,
                        "locality": self.locality(person.country, person.region),
                        **translated("name", name),
                    },
                )
        self.load_delegates(people, delegations)

    def load_delegates(
        self,
        people: list[DemoDelegate],
        delegations: dict[tuple[str, str, str], Delegation],
    ) -> None:
        """In bulk: a few hundred rows, compared in memory, written in two statements."""
        tally = self.result.tally(Delegate)
        summit_ids = {summit.pk for summit in self.summits.values()}
        existing = {
            (delegate.summit_id, delegate.email_lower): delegate
            for delegate in Delegate.objects.filter(summit_id__in=summit_ids)
            .annotate(email_lower=Lower("email"))
            .filter(email_lower__endswith=f"@{data.DEMO_EMAIL_DOMAIN}")
        }
        to_create: list[Delegate] = []
        to_update: list[Delegate] = []
        changed_fields: set[str] = set()
        for person in people:
            summit = self.summits[person.summit_slug]
            values = {
                "summit_id": summit.pk,
                "delegation_id": delegations[
                    (person.summit_slug, person.country, person.region)
                ].pk,
                "locality_id": self.locality(person.country, person.region, person.city).pk,
                "email": person.email,
                "role": person.role,
                "status": person.status,
                "organisation": person.organisation,
                "position": person.position,
                **translated("full_name", person.full_name),
            }
            delegate = existing.get((summit.pk, person.email))
            if delegate is None:
                delegate = Delegate(**values)
                delegate.full_clean(**DELEGATE_CLEAN)
                to_create.append(delegate)
                continue
            changed = [name for name, value in values.items() if getattr(delegate, name) != value]
            if not changed:
                tally.unchanged += 1
                continue
            for name in changed:
                setattr(delegate, name, values[name])
            delegate.full_clean(**DELEGATE_CLEAN)
            to_update.append(delegate)
            changed_fields.update(changed)
        if to_create or to_update:
            # bulk_create and bulk_update send no post_save.
            caching.attendance_changed()
        if to_create:
            Delegate.objects.bulk_create(to_create)
            tally.created += len(to_create)
        if to_update:
            now = timezone.now()
            for delegate in to_update:
                delegate.updated_at = now
            Delegate.objects.bulk_update(to_update, [*sorted(changed_fields), "updated_at"])
            tally.updated += len(to_update)


def demo_load() -> DemoLoadResult:
    """Load or refresh the demo data in one transaction; a second run changes nothing."""
    with transaction.atomic():
        return DemoLoader().run()
