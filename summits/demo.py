"""Load the programme's demo data (`demo_data.py`) so that a second run changes nothing.

Every row is found by a natural key (slug, ordinal, English name), compared field by field,
and written only when it differs: `update_or_create` would save every row again. The
people of the demo are loaded by `delegations.demo`, which builds on `ProgrammeLoader`.
"""

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import translation

from . import demo_data as data
from .demo_data import Text
from .models import (
    Interpreter,
    Organisation,
    ProgrammeRelease,
    Room,
    Session,
    SessionLanguage,
    SessionSpeaker,
    Speaker,
    Summit,
    Venue,
)
from .publishing import NothingToPublish, programme_publish


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


def translated(name: str, text: Text) -> dict[str, str]:
    """`translated("title", Text(...))` -> `{"title_en": ..., "title_zh_hans": ..., ...}`."""
    return {f"{name}_{language}": value for language, value in text._asdict().items()}


def comparable(model_field: models.Field, value: Any) -> Any:
    if model_field.many_to_one:
        return value.pk if value is not None else None
    return value


class ProgrammeLoader:
    """Upserts the programme's demo rows; `delegations.demo` extends it with the people."""

    def __init__(self) -> None:
        self.result = DemoLoadResult()
        self.organisations: dict[str, Organisation] = {}
        self.summits: dict[str, Summit] = {}
        self.rooms: dict[str, Room] = {}
        self.speakers: dict[str, Speaker] = {}
        self.interpreters: dict[str, Interpreter] = {}
        # Rows already counted by this run: replaying the programme's releases writes some
        # twice, and a row is counted once, by what happened to it first.
        self.counted: set[tuple] = set()

    def upsert(self, model: type[models.Model], *, match: Q, values: dict[str, Any]):
        """Create the row matched by `match`, or bring its fields to `values` if they differ."""
        instance = model.objects.filter(match).first()
        if instance is not None and (model, instance.pk) in self.counted:
            tally = Tally()  # counted already
        else:
            tally = self.result.tally(model)
        if instance is None:
            instance = model(**values)
            instance.full_clean()
            instance.save()
            tally.created += 1
            self.counted.add((model, instance.pk))
            return instance
        self.counted.add((model, instance.pk))
        changed = []
        for name, value in values.items():
            model_field = model._meta.get_field(name)
            current = getattr(instance, model_field.attname)
            if current != comparable(model_field, value):
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
        self.load_tacoma_interpreters()
        self.load_tacoma_programme()
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

    def load_tacoma_interpreters(self) -> None:
        summit = self.summits[data.TACOMA_SLUG]
        for row in data.TACOMA_INTERPRETERS:
            self.interpreters[row["name"]] = self.upsert(
                Interpreter,
                match=Q(summit=summit, name=row["name"]),
                values={"summit": summit, **row},
            )

    def load_session_languages(self, session: Session, row: dict[str, Any]) -> None:
        """The session's floor languages and channels, with the interpreters of its room's
        booth (`demo_data.TACOMA_BOOTHS`) on each channel."""
        languages = data.TACOMA_LANGUAGES_BY_TITLE.get(row["title"].en)
        booth = data.TACOMA_BOOTHS.get(row["room"], {})
        bookings = self.result.tally("interpreter bookings")
        for language, channel in languages or data.TACOMA_LANGUAGES_BY_KIND[row["kind"]]:
            heard = self.upsert(
                SessionLanguage,
                match=Q(session=session, language=language),
                values={"session": session, "language": language, "channel": channel},
            )
            wanted = {self.interpreters[name].pk for name in booth.get(language, [])}
            wanted = wanted if channel is not None else set()
            present = set(heard.interpreters.values_list("pk", flat=True))
            if present != wanted:
                heard.interpreters.set(wanted)
            # Each booking counted once, by what happened to it first (as `upsert` does).
            for pk in wanted:
                key = (SessionLanguage.interpreters.through, heard.pk, pk)
                if key in self.counted:
                    continue
                self.counted.add(key)
                if pk in present:
                    bookings.unchanged += 1
                else:
                    bookings.created += 1

    def load_tacoma_programme(self) -> None:
        """Tacoma's programme and its two releases: on a first run, release 1 as first
        announced, then the sessions as they are now and release 2; later runs find both."""
        summit = self.summits[data.TACOMA_SLUG]
        tally = self.result.tally(ProgrammeRelease)
        if not summit.releases.exists():
            self.load_tacoma_sessions(summit, first_release=True)
            programme_publish(summit=summit, note=data.TACOMA_RELEASE_NOTES[0])
            tally.created += 1
        self.load_tacoma_sessions(summit, first_release=False)
        if summit.releases.count() < 2:
            try:
                programme_publish(summit=summit, note=data.TACOMA_RELEASE_NOTES[1])
                tally.created += 1
            except NothingToPublish:
                pass
        tally.unchanged = summit.releases.count() - tally.created

    def load_tacoma_sessions(self, summit: Summit, *, first_release: bool) -> None:
        tacoma = zoneinfo.ZoneInfo(summit.timezone)

        def at(hour_minute: tuple[int, int]) -> dt.datetime:
            return dt.datetime.combine(summit.starts_on, dt.time(*hour_minute), tzinfo=tacoma)

        for row in data.TACOMA_SESSIONS:
            if first_release:
                if row["title"].en in data.TACOMA_ADDED_IN_RELEASE_2:
                    continue
                row = {**row, **data.TACOMA_RELEASE_1_SLOTS.get(row["title"].en, {})}
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
            self.load_session_languages(session, row)
