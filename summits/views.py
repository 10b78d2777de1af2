"""Public pages of the programme (filled out by the programme work, issue 4)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .models import Summit
from .selectors import summit_programme


def summit_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "summits/summit_list.html",
        {
            "upcoming": Summit.objects.upcoming(today=today),
            "past": Summit.objects.past(today=today),
        },
    )


def summit_detail(request: HttpRequest, slug: str) -> HttpResponse:
    summit = get_object_or_404(Summit.objects.prefetch_related("hosts"), slug=slug)
    return render(request, "summits/summit_detail.html", {"summit": summit})


def summit_schedule(request: HttpRequest, slug: str) -> HttpResponse:
    summit = get_object_or_404(Summit, slug=slug)
    sessions = summit_programme(summit=summit)
    return render(request, "summits/schedule.html", {"summit": summit, "sessions": sessions})


def session_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    summit = get_object_or_404(Summit, slug=slug)
    session = get_object_or_404(summit_programme(summit=summit), pk=pk)
    return render(request, "summits/session_detail.html", {"summit": summit, "session": session})


def speaker_list(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404


def speaker_detail(request: HttpRequest, slug: str, speaker: str) -> HttpResponse:
    raise Http404
