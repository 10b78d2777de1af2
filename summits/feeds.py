"""Calendar and frab XML feeds of the programme (placeholder until issue 4 lands)."""

from django.http import Http404, HttpRequest, HttpResponse


def schedule_ics(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404


def schedule_xml(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404


def session_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    raise Http404
