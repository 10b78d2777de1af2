"""Public pages of the summits and their programmes: thin views over `selectors`.

Every page is the same for every reader of a language (no cookies, no user), so it is
sent as `public` with a short max-age; ConditionalGetMiddleware adds the ETag."""

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from . import caching
from .attendance import summit_attendance
from .calendar import webcal_url
from .languages import collation_key, language_autonym, language_codes
from .models import Session, Summit
from .selectors import (
    programme_by_day,
    programme_filter_for_summit,
    programme_filters,
    summit_days,
    summit_programme,
    summit_rooms,
    summit_speakers,
    summits_with_hosts,
    summits_with_release,
)

# Short enough that a room change reaches phones within a minute, long enough that a
# hall full of delegates opening the programme at once mostly hits their own caches.
PUBLIC_MAX_AGE = 60


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    return require_safe(cache_control(public=True, max_age=PUBLIC_MAX_AGE)(view))


def render_in_summit_time(
    request: HttpRequest, template: str, context: dict, *, summit: Summit
) -> HttpResponse:
    """Render with the summit's own time zone active, so a Tacoma session reads in
    Tacoma time for every reader."""
    with timezone.override(summit.tzinfo):
        return render(request, template, {"summit": summit, **context})


def zone_abbreviation(summit: Summit) -> str:
    """`PDT` for Tacoma in July: the zone's name at noon on the summit's first day."""
    noon = dt.datetime.combine(summit.starts_on, dt.time(12), tzinfo=summit.tzinfo)
    return noon.tzname() or summit.timezone


@public_page
def summit_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "summits/summit_list.html",
        {
            "upcoming": list(Summit.objects.upcoming(today=today)),
            "past": list(Summit.objects.past(today=today)),
        },
    )


@public_page
def summit_detail(request: HttpRequest, slug: str) -> HttpResponse:
    summit = get_object_or_404(summits_with_hosts(), slug=slug)
    return render_in_summit_time(
        request,
        "summits/summit_detail.html",
        {
            "attendance": summit_attendance(summit=summit),
            "is_past": summit.ends_on < timezone.localdate(),
            "zone_abbreviation": zone_abbreviation(summit),
        },
        summit=summit,
    )


@public_page
def summit_schedule(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme page, rendered once per summit, language, host and filter and kept
    until the programme changes (the same cache as the feeds): 300 sessions take a
    sixth of a second to render, far too long for a hall of phones at once."""
    filters = programme_filters(request.GET)

    def build() -> caching.Rendered:
        return caching.Rendered.of(_schedule_page(request, slug).content)

    parts = ("schedule-page", slug, get_language(), request.build_absolute_uri("/"), filters)
    rendered = caching.cached((caching.PROGRAMME,), parts, build)
    return caching.rendered_response(request, rendered, content_type="text/html; charset=utf-8")


def _schedule_page(request: HttpRequest, slug: str) -> HttpResponse:
    summit = get_object_or_404(summits_with_release(), slug=slug)
    rooms = list(summit_rooms(summit=summit))
    all_days = summit_days(summit=summit)
    # A day or room of another summit is dropped, so the form shows what is applied.
    filters = programme_filter_for_summit(
        programme_filters(request.GET), summit=summit, room_ids=[room.pk for room in rooms]
    )
    days = programme_by_day(summit_programme(summit=summit, filters=filters), summit=summit)
    has_programme = bool(days) or (filters.is_active and summit_programme(summit=summit).exists())
    query = filters.querystring()
    ics_path = reverse("summits:schedule_ics", kwargs={"slug": summit.slug}) + query
    return render_in_summit_time(
        request,
        "summits/schedule.html",
        {
            "days": days,
            "has_programme": has_programme,
            "filters": filters,
            "summit_days": all_days,
            "day_links": [
                {"day": day, "query": replace(filters, day=day).querystring()} for day in all_days
            ],
            "all_days_query": replace(filters, day=None).querystring(),
            "rooms": rooms,
            "several_venues": len({room.venue_id for room in rooms}) > 1,
            "kinds": Session.Kind.choices,
            "language_choices": [(code, language_autonym(code)) for code in language_codes()],
            "zone_abbreviation": zone_abbreviation(summit),
            "ics_url": ics_path,
            "canonical_query": query,
            "webcal_url": webcal_url(request, ics_path),
            "xml_url": reverse("summits:schedule_xml", kwargs={"slug": summit.slug}) + query,
            "changes_url": reverse("summits:changes", kwargs={"slug": summit.slug}),
        },
        summit=summit,
    )


@public_page
def session_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    summit = get_object_or_404(summits_with_release(), slug=slug)
    session = get_object_or_404(summit_programme(summit=summit), session_id=pk)
    ics_path = reverse("summits:session_ics", kwargs={"slug": summit.slug, "pk": pk})
    return render_in_summit_time(
        request,
        "summits/session_detail.html",
        {"session": session, "ics_url": ics_path},
        summit=summit,
    )


@public_page
def speaker_list(request: HttpRequest, slug: str) -> HttpResponse:
    summit = get_object_or_404(summits_with_release(), slug=slug)
    return render_in_summit_time(
        request,
        "summits/speaker_list.html",
        {
            # In the order of the names as this page writes them (fallback English included).
            "speakers": sorted(
                summit_speakers(summit=summit),
                key=lambda speaker: collation_key(speaker.name or "", get_language()),
            )
        },
        summit=summit,
    )


@public_page
def speaker_detail(request: HttpRequest, slug: str, speaker: str) -> HttpResponse:
    summit = get_object_or_404(summits_with_release(), slug=slug)
    person = get_object_or_404(summit_speakers(summit=summit), slug=speaker)
    return render_in_summit_time(
        request, "summits/speaker_detail.html", {"speaker": person}, summit=summit
    )
