"""The programme's endpoints: summits and their schedules (assembled in config/api.py)."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router
from pydantic import BaseModel, RootModel

from summits import attendance, caching
from summits.models import ReleasedSession, Room, Summit
from summits.selectors import (
    ProgrammeFilter,
    programme_filter_for_summit,
    summit_programme,
    summit_rooms,
    summits_with_release,
)

from .answers import cached_json
from .schemas import (
    AppliedFilters,
    CountryAttendance,
    Feeds,
    Interpretation,
    InvalidParameters,
    LanguageQuery,
    Organisation,
    Problem,
    RoomOut,
    Schedule,
    ScheduleQuery,
    SessionOut,
    SpeakerOut,
    SummitDetail,
    SummitSummary,
    Venue,
)

router = Router()


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


def _session(request: HttpRequest, session: ReleasedSession, summit: Summit) -> SessionOut:
    tz = summit.tzinfo
    kwargs = {"slug": summit.slug, "pk": session.session_id}
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
        id=session.session_id,
        title=session.title,
        description=session.description,
        kind=session.kind,
        kind_label=str(session.get_kind_display()),
        starts_at=session.starts_at.astimezone(tz),
        ends_at=session.ends_at.astimezone(tz),
        timezone=summit.timezone,
        room=_room(session.room) if session.room is not None else None,
        speakers=speakers,
        languages=[row.language for row in session.languages.all() if row.is_floor],
        interpretation=[
            Interpretation(language=row.language, channel=row.channel)
            for row in session.languages.all()
            if not row.is_floor
        ],
        url=request.build_absolute_uri(reverse("summits:session", kwargs=kwargs)),
        ics=request.build_absolute_uri(reverse("summits:session_ics", kwargs=kwargs)),
    )


# --- Operations ------------------------------------------------------------------------


class _SummitSummaries(RootModel[list[SummitSummary]]):
    pass


@router.get(
    "/summits",
    response=list[SummitSummary],
    url_name="summit_list",
    operation_id="summits_api_summit_list",
    tags=["summits"],
)
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
    return cached_json(request, query.lang, scopes, ("api-summits",), build)


@router.get(
    "/summits/{slug}",
    response={200: SummitDetail, 404: Problem},
    url_name="summit_detail",
    operation_id="summits_api_summit_detail",
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
    return cached_json(request, query.lang, scopes, ("api-summit", slug), build)


@router.get(
    "/summits/{slug}/schedule",
    response={200: Schedule, 404: Problem, 422: InvalidParameters},
    url_name="summit_schedule",
    operation_id="summits_api_summit_schedule",
    tags=["programme"],
)
def summit_schedule(
    request: HttpRequest,
    slug: str,
    filters: Query[ScheduleQuery],
    query: Query[LanguageQuery],
):
    """The programme in time order with rooms, speakers and languages, optionally one day,
    room, kind or language."""
    asked = ProgrammeFilter(
        day=filters.day,
        room=filters.room,
        kind=filters.kind.value if filters.kind else None,
        language=filters.language,
    )

    def build() -> BaseModel:
        summit = get_object_or_404(summits_with_release(), slug=slug)
        programme_filter = programme_filter_for_summit(asked, summit=summit)
        sessions = summit_programme(summit=summit, filters=programme_filter)
        return Schedule(
            summit=summit.slug,
            title=summit.title,
            timezone=summit.timezone,
            version=summit.current_release_number,
            published_at=summit.current_release_published_at,
            filters=AppliedFilters(
                day=programme_filter.day,
                room=programme_filter.room,
                kind=programme_filter.kind,
                language=programme_filter.language,
            ),
            sessions=[_session(request, session, summit) for session in sessions],
        )

    parts = ("api-schedule", slug, asked)
    return cached_json(request, query.lang, (caching.PROGRAMME,), parts, build)
