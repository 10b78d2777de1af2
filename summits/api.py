"""The public, read-only JSON API under /api/v1/ (OpenAPI at /api/v1/openapi.json).

Text comes in the language of `?lang=` or else `Accept-Language` (en, zh-hans, ar; English
when neither names one of them, and for any text not translated). No personal data: only
public programme content and aggregate attendance figures. Answers are cached (see
`caching`) and carry an ETag and `Cache-Control: public`.
"""

import datetime as dt
import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from ninja import NinjaAPI, Query, Schema
from pydantic import BaseModel, Field, RootModel, field_validator

from . import attendance, caching
from .languages import language_codes
from .models import Room, Session, SessionSpeaker, Summit
from .selectors import ProgrammeFilter, summit_programme, summit_rooms

api = NinjaAPI(
    title="Sister Summits",
    version="1",
    description=(
        "The summits, their programmes and aggregate attendance, read-only. Text in the "
        "language of `?lang=` or `Accept-Language` (en, zh-hans, ar), English otherwise. "
        "Times are ISO 8601 with the summit's own UTC offset; `timezone` names the zone."
    ),
    urls_namespace="api-v1",
)

JSON_TYPE = "application/json; charset=utf-8"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- Schemas ---------------------------------------------------------------------------


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
    url: str
    ics: str


class AppliedFilters(Schema):
    day: dt.date | None
    room: int | None
    kind: Session.Kind | None


class Schedule(Schema):
    summit: str = Field(description="The summit's slug.")
    title: str
    timezone: str
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
    day: dt.date | None = Field(None, description="A day (YYYY-MM-DD) in the summit's zone.")
    # Bounded like the database's ids: a larger number made the query itself fail (500).
    room: int | None = Field(None, ge=1, le=2**63 - 1, description="A room's id.")
    kind: Session.Kind | None = Field(None, description="A kind of session.")

    @field_validator("day", mode="before")
    @classmethod
    def _iso_date_only(cls, value: object) -> object:
        # pydantic would also read `0` or `1721347200` as a Unix time; a day is YYYY-MM-DD.
        if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
            raise ValueError("A day is written YYYY-MM-DD.")
        return value


class LanguageQuery(Schema):
    lang: str | None = Field(None, description="en, zh-hans or ar; overrides Accept-Language.")


# --- Language and responses ------------------------------------------------------------


def request_language(request: HttpRequest, lang: str | None) -> str:
    """`?lang=`, else the best of `Accept-Language`, else English (cookies are ignored so
    that the answer depends only on what `Vary` names)."""
    candidates = [lang] if lang else []
    weighted = []
    for index, item in enumerate(request.headers.get("Accept-Language", "").split(",")):
        code, _sep, params = item.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if code and code != "*" and quality > 0:
            weighted.append((-quality, index, code))
    candidates += [code for _q, _i, code in sorted(weighted)]
    for code in candidates:
        try:
            found = translation.get_supported_language_variant(code.strip().lower())
        except (LookupError, ValueError):
            continue
        if found in language_codes():
            return found
    return "en"


def _cached_json(
    request: HttpRequest,
    lang: str | None,
    scopes: tuple[str, ...],
    parts: tuple,
    build: Callable[[], BaseModel],
) -> HttpResponse:
    language = request_language(request, lang)

    def render() -> caching.Rendered:
        with translation.override(language):
            return caching.Rendered.of(build().model_dump_json().encode())

    key = (*parts, language, request.build_absolute_uri("/"))
    rendered = caching.cached(scopes, key, render)
    response = caching.rendered_response(
        request, rendered, content_type=JSON_TYPE, vary=("Accept-Language",)
    )
    response["Content-Language"] = language
    return response


# --- Building the answers --------------------------------------------------------------


def _attendance_by_summit(summit_ids: list[int]) -> dict[int, dict[str, CountryAttendance]]:
    return {
        pk: {
            row.country: CountryAttendance(delegates=row.delegates, regions=row.regions)
            for row in rows
        }
        for pk, rows in attendance.summits_attendance(summit_ids).items()
    }


def _organisation(organisation) -> Organisation:
    return Organisation(
        name=organisation.name,
        short_name=organisation.short_name,
        website=organisation.website,
    )


def _summit_fields(
    request: HttpRequest, summit: Summit, attendance: dict[str, CountryAttendance]
) -> dict:
    def absolute(name: str, **kwargs) -> str:
        return request.build_absolute_uri(reverse(name, kwargs=kwargs))

    return {
        "slug": summit.slug,
        "ordinal": summit.ordinal,
        "title": summit.title,
        "theme": summit.theme,
        "city": summit.city,
        "country": str(summit.country),
        "timezone": summit.timezone,
        "starts_on": summit.starts_on,
        "ends_on": summit.ends_on,
        "dates_note": summit.dates_note,
        "hosts": [_organisation(host) for host in summit.hosts.all()],
        "attendance": attendance,
        "url": absolute("summits:detail", slug=summit.slug),
        "links": Feeds(
            ics=absolute("summits:schedule_ics", slug=summit.slug),
            xml=absolute("summits:schedule_xml", slug=summit.slug),
            schedule=absolute("api-v1:summit_schedule", slug=summit.slug),
        ),
    }


def _room(room: Room) -> RoomOut:
    venue = room.venue
    return RoomOut(
        id=room.pk,
        name=room.name,
        venue=Venue(id=venue.pk, name=venue.name, address=venue.address),
    )


def _session(request: HttpRequest, session: Session, summit: Summit) -> SessionOut:
    tz = summit.tzinfo
    kwargs = {"slug": summit.slug, "pk": session.pk}
    speakers = []
    for speaker_role in session.speaker_roles.all():
        speaker = speaker_role.speaker
        organisation = speaker.organisation
        speakers.append(
            SpeakerOut(
                id=speaker.pk,
                slug=speaker.slug,
                name=speaker.name,
                position=speaker.position,
                organisation=organisation.name if organisation is not None else None,
                role=speaker_role.role,
                role_label=str(speaker_role.get_role_display()),
            )
        )
    return SessionOut(
        id=session.pk,
        title=session.title,
        description=session.description,
        kind=session.kind,
        kind_label=str(session.get_kind_display()),
        starts_at=session.starts_at.astimezone(tz),
        ends_at=session.ends_at.astimezone(tz),
        timezone=summit.timezone,
        room=_room(session.room) if session.room is not None else None,
        speakers=speakers,
        url=request.build_absolute_uri(reverse("summits:session", kwargs=kwargs)),
        ics=request.build_absolute_uri(reverse("summits:session_ics", kwargs=kwargs)),
    )


# --- Operations ------------------------------------------------------------------------


class _SummitSummaries(RootModel[list[SummitSummary]]):
    pass


@api.get("/summits", response=list[SummitSummary], url_name="summit_list", tags=["summits"])
def summit_list(request: HttpRequest, query: Query[LanguageQuery]):
    """Every summit, latest first, with its hosts and attendance per country."""

    def build() -> BaseModel:
        summits = list(Summit.objects.prefetch_related("hosts").order_by("-starts_on"))
        figures = _attendance_by_summit([summit.pk for summit in summits])
        return _SummitSummaries(
            [
                SummitSummary(**_summit_fields(request, summit, figures[summit.pk]))
                for summit in summits
            ]
        )

    scopes = (caching.PROGRAMME, caching.ATTENDANCE)
    return _cached_json(request, query.lang, scopes, ("api-summits",), build)


@api.get(
    "/summits/{slug}",
    response={200: SummitDetail, 404: Problem},
    url_name="summit_detail",
    tags=["summits"],
)
def summit_detail(request: HttpRequest, slug: str, query: Query[LanguageQuery]):
    """One summit with its description, rooms, hosts and attendance per country."""

    def build() -> BaseModel:
        summit = get_object_or_404(Summit.objects.prefetch_related("hosts"), slug=slug)
        return SummitDetail(
            **_summit_fields(request, summit, _attendance_by_summit([summit.pk])[summit.pk]),
            description=summit.description,
            rooms=[_room(room) for room in summit_rooms(summit=summit)],
        )

    scopes = (caching.PROGRAMME, caching.ATTENDANCE)
    return _cached_json(request, query.lang, scopes, ("api-summit", slug), build)


@api.get(
    "/summits/{slug}/schedule",
    response={200: Schedule, 404: Problem, 422: InvalidParameters},
    url_name="summit_schedule",
    tags=["programme"],
)
def summit_schedule(
    request: HttpRequest,
    slug: str,
    filters: Query[ScheduleQuery],
    query: Query[LanguageQuery],
):
    """The programme in time order with rooms and speakers, optionally one day, room or kind."""
    programme_filter = ProgrammeFilter(
        day=filters.day, room=filters.room, kind=filters.kind.value if filters.kind else None
    )

    def build() -> BaseModel:
        summit = get_object_or_404(Summit, slug=slug)
        sessions = summit_programme(summit=summit, filters=programme_filter)
        return Schedule(
            summit=summit.slug,
            title=summit.title,
            timezone=summit.timezone,
            filters=AppliedFilters(
                day=programme_filter.day, room=programme_filter.room, kind=programme_filter.kind
            ),
            sessions=[_session(request, session, summit) for session in sessions],
        )

    parts = ("api-schedule", slug, programme_filter)
    return _cached_json(request, query.lang, (caching.PROGRAMME,), parts, build)
