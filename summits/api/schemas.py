"""What the public API answers with, as pydantic schemas (and so in the OpenAPI)."""

import datetime as dt
import re
from typing import Literal

from ninja import Schema
from pydantic import Field, field_validator

from summits.languages import language_codes
from summits.models import CHANNELS, Session, SessionSpeaker

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# The content languages, `en`, `zh-hans`, `ar` (an enum in the OpenAPI description).
Language = Literal[tuple(language_codes())]


class Organisation(Schema):
    name: str
    short_name: str
    website: str


class CountryAttendance(Schema):
    delegates: int = Field(description="Delegates from this country, not cancelled.")
    regions: int = Field(description="Distinct provinces or states they come from.")


class Feeds(Schema):
    ics: str = Field(description="The programme as iCalendar (RFC 5545).")
    xml: str = Field(description="The programme in the frab schedule.xml format.")
    schedule: str = Field(description="The programme in this API.")


class SummitSummary(Schema):
    slug: str
    ordinal: int
    title: str
    theme: str
    city: str
    country: str = Field(description="ISO 3166-1 alpha-2 code.")
    timezone: str = Field(description="IANA time zone of the summit, e.g. America/Los_Angeles.")
    starts_on: dt.date
    ends_on: dt.date
    dates_note: str
    hosts: list[Organisation]
    attendance: dict[str, CountryAttendance] = Field(
        description="Per ISO country code: delegates (not cancelled) and regions."
    )
    url: str = Field(description="The summit's public page.")
    links: Feeds


class Venue(Schema):
    id: int
    name: str
    address: str


class RoomOut(Schema):
    id: int
    name: str
    venue: Venue


class SummitDetail(SummitSummary):
    description: str
    rooms: list[RoomOut]


class SpeakerOut(Schema):
    id: int
    slug: str
    name: str
    position: str
    organisation: str | None
    role: SessionSpeaker.Role
    role_label: str


class Interpretation(Schema):
    language: Language = Field(description="A language the session is interpreted into.")
    channel: int = Field(
        ge=CHANNELS[0],
        le=CHANNELS[1],
        description="The channel delegates tune their receivers to for it.",
    )


class SessionOut(Schema):
    id: int
    title: str
    description: str
    kind: Session.Kind
    kind_label: str
    starts_at: dt.datetime = Field(description="ISO 8601 with the summit's UTC offset.")
    ends_at: dt.datetime = Field(description="ISO 8601 with the summit's UTC offset.")
    timezone: str
    room: RoomOut | None
    speakers: list[SpeakerOut]
    languages: list[Language] = Field(description="The languages spoken on the floor.")
    interpretation: list[Interpretation] = Field(
        description="Simultaneous interpretation: a receiver channel per language."
    )
    url: str
    ics: str


class AppliedFilters(Schema):
    day: dt.date | None
    room: int | None
    kind: Session.Kind | None
    language: Language | None


class Schedule(Schema):
    summit: str = Field(description="The summit's slug.")
    title: str
    timezone: str
    version: int | None = Field(
        description="The number of the published release shown (1, 2, ...); null, with no "
        "sessions, before the first release."
    )
    published_at: dt.datetime | None = Field(description="When that release was published.")
    filters: AppliedFilters
    sessions: list[SessionOut]


class Problem(Schema):
    detail: str = Field(description="What went wrong, e.g. “Not Found”.")


class InvalidParameter(Schema):
    type: str
    loc: list[str | int] = Field(description='Where, e.g. ["query", "day"].')
    msg: str


class InvalidParameters(Schema):
    detail: list[InvalidParameter]


class ScheduleQuery(Schema):
    day: dt.date | None = Field(
        None,
        description="A day (YYYY-MM-DD) in the summit's zone; a day outside the summit's dates "
        "is ignored, as on the programme page (`filters.day` is then null).",
    )
    # Bounded like the database's ids: a larger number made the query itself fail (500).
    room: int | None = Field(
        None,
        ge=1,
        le=2**63 - 1,
        description="A room's id; a room that is not the summit's is ignored (`filters.room` "
        "is then null).",
    )
    kind: Session.Kind | None = Field(None, description="A kind of session.")
    language: Language | None = Field(
        None,
        description="Only sessions in this language, spoken on the floor or interpreted "
        "into it (`lang` chooses the language of the answer's texts).",
    )

    @field_validator("day", mode="before")
    @classmethod
    def _iso_date_only(cls, value: object) -> object:
        # pydantic would also read `0` or `1721347200` as a Unix time; a day is YYYY-MM-DD.
        if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
            raise ValueError("A day is written YYYY-MM-DD.")
        return value


class LanguageQuery(Schema):
    lang: str | None = Field(None, description="en, zh-hans or ar; overrides Accept-Language.")
