"""Calendar (iCalendar) and frab XML feeds of the programme, in the URL's language.

Feeds follow the programme page's filters (`day`, `room`, `kind`). Each rendered feed is
cached per summit, language, host and filter (see `caching`), and carries an ETag and
`Cache-Control: public` so that phones re-fetch cheaply.
"""

import hashlib
import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from . import caching
from .calendar import programme_calendar
from .frab import programme_xml
from .models import ReleasedSession, Summit
from .selectors import (
    programme_filter_for_summit,
    programme_filters,
    summit_days,
    summit_programme,
    summits_with_release,
)

ICS_TYPE = "text/calendar; charset=utf-8"
XML_TYPE = "application/xml; charset=utf-8"
_DTSTAMP_LINE = re.compile(rb"^DTSTAMP:[^\r\n]*\r\n", re.MULTILINE)


def _session_url(request: HttpRequest, summit: Summit) -> Callable[[ReleasedSession], str]:
    def url(session: ReleasedSession) -> str:
        path = reverse("summits:session", kwargs={"slug": summit.slug, "pk": session.session_id})
        return request.build_absolute_uri(path)

    return url


def _calendar_etag(body: bytes) -> str:
    # DTSTAMP is the time of rendering, so two renderings of the same programme differ
    # only there: a weak ETag over the rest lets every worker answer 304 alike.
    return f'W/"{hashlib.sha256(_DTSTAMP_LINE.sub(b"", body)).hexdigest()[:32]}"'


def _cached_feed(
    request: HttpRequest,
    key: tuple[object, ...],
    build: Callable[[], caching.Rendered],
    *,
    content_type: str,
    filename: str,
) -> HttpResponse:
    """The feed built once per `key`, language and host until the programme changes."""
    parts = (*key, get_language(), request.build_absolute_uri("/"))
    rendered = caching.cached((caching.PROGRAMME,), parts, build)
    response = caching.rendered_response(request, rendered, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# The summit is looked up inside `build`, so a cached feed costs no query at all; an
# unknown slug raises Http404 there and nothing is cached.


@require_safe
def schedule_ics(request: HttpRequest, slug: str) -> HttpResponse:
    filters = programme_filters(request.GET)

    def build() -> caching.Rendered:
        summit = get_object_or_404(summits_with_release(), slug=slug)
        applied = programme_filter_for_summit(filters, summit=summit)
        body = programme_calendar(
            summit=summit,
            sessions=summit_programme(summit=summit, filters=applied),
            session_url=_session_url(request, summit),
        )
        return caching.Rendered.of(body, etag=_calendar_etag(body))

    return _cached_feed(
        request, ("ics", slug, filters), build, content_type=ICS_TYPE, filename=f"{slug}.ics"
    )


@require_safe
def session_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def build() -> caching.Rendered:
        summit = get_object_or_404(summits_with_release(), slug=slug)
        session = get_object_or_404(summit_programme(summit=summit), session_id=pk)
        body = programme_calendar(
            summit=summit,
            sessions=[session],
            session_url=_session_url(request, summit),
            name=f"{session.title} · {summit.title}",
        )
        return caching.Rendered.of(body, etag=_calendar_etag(body))

    filename = f"{slug}-session-{pk}.ics"
    return _cached_feed(
        request, ("session-ics", slug, pk), build, content_type=ICS_TYPE, filename=filename
    )


@require_safe
def schedule_xml(request: HttpRequest, slug: str) -> HttpResponse:
    filters = programme_filters(request.GET)

    def build() -> caching.Rendered:
        summit = get_object_or_404(summits_with_release(), slug=slug)
        applied = programme_filter_for_summit(filters, summit=summit)
        body = programme_xml(
            summit=summit,
            sessions=summit_programme(summit=summit, filters=applied),
            session_url=_session_url(request, summit),
            days=[applied.day] if applied.day else summit_days(summit=summit),
            version=summit.current_release_number,
        )
        return caching.Rendered.of(body)

    return _cached_feed(
        request, ("xml", slug, filters), build, content_type=XML_TYPE, filename=f"{slug}.xml"
    )
