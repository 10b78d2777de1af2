"""Load the demo data of `demo_data.py` so that a second run changes nothing.

Every row is found by a natural key (slug, ordinal, English name, the summit and email of a
delegate), compared field by field, and written only when it differs: `update_or_create`
would save every row again and bump `Delegate.updated_at` on each run.
"""

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.text import slugify

from summits.models import Organisation, Room, Session, SessionSpeaker, Speaker, Summit, Venue

from . import demo_data as data
from .demo_data import Text
from .models import Delegate, Delegation, Locality, SisterRelationship


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class DemoLoadResult:
    """What one run did, per kind of row (keyed by the model's English plural name)."""

    tallies: dict[str, Tally] = field(default_factory=dict)

    def tally(self, model: type[models.Model] | str) -> Tally:
        if isinstance(model, str):
            label = model
        else:
            with translation.override("en"):
                label = str(model._meta.verbose_name_plural)
        return self.tallies.setdefault(label, Tally())

    @property
    def changed(self) -> int:
        return sum(t.created + t.updated for t in self.tallies.values())


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


def translated(name: str, text: Text) -> dict[str, str]:
    """`translated("title", Text(...))` -> `{"title_en": ..., "title_zh_hans": ..., ...}`."""
    return {f"{name}_{language}": value for language, value in text._asdict().items()}


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
                    summit_slug=data.TACOMA_SLUG,
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


def _comparable(model_field: models.Field, value: Any) -> Any:
    if model_field.many_to_one:
        return value.pk if value is not None else None
    return value


# Field checks only (email, choices, lengths): the related rows were just loaded, and the
# email is unique per summit by construction (every demo address already stored is in
# `existing` and gets updated), with the database constraint behind it. Checking those per
# row would cost five queries for each of the ~300 delegates.
DELEGATE_CLEAN = {
    "exclude": ["summit", "delegation", "locality"],
    "validate_unique": False,
    "validate_constraints": False,
}


class _Loader:
    def __init__(self) -> None:
        self.result = DemoLoadResult()
        self.organisations: dict[str, Organisation] = {}
        self.summits: dict[str, Summit] = {}
        self.rooms: dict[str, Room] = {}
        self.speakers: dict[str, Speaker] = {}
        self.localities: dict[tuple[str, str, str | None], Locality] = {}

    def upsert(self, model: type[models.Model], *, match: Q, values: dict[str, Any]):
        """Create the row matched by `match`, or bring its fields to `values` if they differ."""
        tally = self.result.tally(model)
        instance = model.objects.filter(match).first()
        if instance is None:
            instance = model(**values)
            instance.full_clean()
            instance.save()
            tally.created += 1
            return instance
        changed = []
        for name, value in values.items():
            model_field = model._meta.get_field(name)
            current = getattr(instance, model_field.attname)
            if current != _comparable(model_field, value):
                changed.append(name)
                setattr(instance, name, value)
        if not changed:
            tally.unchanged += 1
            return instance
        instance.full_clean()
        instance.save()
        tally.updated += 1
        return instance

    def run(self) -> DemoLoadResult:
        self.load_organisations()
        self.load_summits()
        self.load_tacoma_venue()
        self.load_speakers()
        self.load_tacoma_programme()
        self.load_localities()
        self.load_sister_relationships()
        self.load_delegations_and_delegates()
        return self.result

    def load_organisations(self) -> None:
        for row in data.ORGANISATIONS:
            self.organisations[row["slug"]] = self.upsert(
                Organisation,
                match=Q(slug=row["slug"]),
                values={
                    "slug": row["slug"],
                    "website": row["website"],
                    **translated("name", row["name"]),
                    **translated("short_name", row["short_name"]),
                },
            )

    def load_summits(self) -> None:
        hosts = {self.organisations[slug].pk for slug in data.SUMMIT_HOSTS}
        for row in data.SUMMITS:
            summit = self.upsert(
                Summit,
                match=Q(ordinal=row["ordinal"]),
                values={
                    "ordinal": row["ordinal"],
                    "slug": row["slug"],
                    "country": row["country"],
                    "timezone": row["timezone"],
                    "starts_on": row["starts_on"],
                    "ends_on": row["ends_on"],
                    **{
                        key: value
                        for name in ("title", "theme", "city", "dates_note", "description")
                        for key, value in translated(name, row[name]).items()
                    },
                },
            )
            host_tally = self.result.tally("summit hosts")
            present = set(summit.hosts.values_list("pk", flat=True))
            missing = hosts - present
            summit.hosts.add(*missing)
            host_tally.created += len(missing)
            host_tally.unchanged += len(hosts & present)
            self.summits[row["slug"]] = summit

    def load_tacoma_venue(self) -> None:
        summit = self.summits[data.TACOMA_SLUG]
        venue_row = data.TACOMA_VENUE
        venue = self.upsert(
            Venue,
            match=Q(summit=summit, name_en=venue_row["name"].en),
            values={
                "summit": summit,
                **translated("name", venue_row["name"]),
                **translated("address", venue_row["address"]),
            },
        )
        for key, row in data.TACOMA_ROOMS.items():
            self.rooms[key] = self.upsert(
                Room,
                match=Q(venue=venue, name_en=row["name"].en),
                values={
                    "venue": venue,
                    "capacity": row["capacity"],
                    "position": row["position"],
                    **translated("name", row["name"]),
                },
            )

    def load_speakers(self) -> None:
        for row in data.SPEAKERS:
            organisation = row.get("organisation")
            self.speakers[row["slug"]] = self.upsert(
                Speaker,
                match=Q(slug=row["slug"]),
                values={
                    "slug": row["slug"],
                    "organisation": self.organisations[organisation] if organisation else None,
                    **translated("name", row["name"]),
                    **translated("position", row["position"]),
                    **translated("bio", row.get("bio", data.INVENTED_BIO)),
                },
            )

    def load_tacoma_programme(self) -> None:
        summit = self.summits[data.TACOMA_SLUG]
        tacoma = zoneinfo.ZoneInfo(summit.timezone)

        def at(hour_minute: tuple[int, int]) -> dt.datetime:
            return dt.datetime.combine(summit.starts_on, dt.time(*hour_minute), tzinfo=tacoma)

        for row in data.TACOMA_SESSIONS:
            session = self.upsert(
                Session,
                match=Q(summit=summit, title_en=row["title"].en),
                values={
                    "summit": summit,
                    "kind": row["kind"],
                    "starts_at": at(row["starts"]),
                    "ends_at": at(row["ends"]),
                    "room": self.rooms[row["room"]],
                    "accepts_signups": "capacity" in row,
                    "capacity": row.get("capacity"),
                    **translated("title", row["title"]),
                    **translated("description", row["description"]),
                },
            )
            for position, (slug, role) in enumerate(row["speakers"]):
                speaker = self.speakers[slug]
                self.upsert(
                    SessionSpeaker,
                    match=Q(session=session, speaker=speaker),
                    values={
                        "session": session,
                        "speaker": speaker,
                        "role": role,
                        "position": position,
                    },
                )

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
        return _Loader().run()
