"""Reads for the programme, with their related rows loaded in a fixed number of queries."""

from django.db.models import Prefetch, QuerySet

from .models import Session, SessionSpeaker, Summit


def summit_programme(*, summit: Summit) -> QuerySet[Session]:
    return (
        Session.objects.filter(summit=summit)
        .select_related("room__venue")
        .prefetch_related(
            Prefetch(
                "speaker_roles",
                queryset=SessionSpeaker.objects.select_related("speaker__organisation"),
            )
        )
        .order_by("starts_at", "room__position", "pk")
    )
