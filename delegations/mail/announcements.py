"""Messages the organisers write to a chosen set of delegates, previewed per language and
sent once to each (the outbox's key names the message and the delegate)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from delegations.links import STAND_IN_TOKEN
from delegations.mail.compose import Composed, compose
from delegations.mail.models import Announcement, OutboxMessage
from delegations.mail.outbox import QueueReport, messages_queue
from delegations.models import Delegate, SessionSignup
from summits.languages import all_language_fields, language_codes

ANNOUNCEMENT = OutboxMessage.Kind.ANNOUNCEMENT


def announcement_audience(announcement: Announcement) -> QuerySet[Delegate]:
    """The summit's delegates the message is for (cancelled ones included: the queueing
    counts and skips them)."""
    audience = Q(summit_id=announcement.summit_id)
    if announcement.delegation_id:
        audience &= Q(delegation_id=announcement.delegation_id)
    if announcement.country:
        audience &= Q(locality__country=announcement.country)
    if announcement.session_id:
        signed_up = SessionSignup.objects.filter(session_id=announcement.session_id)
        audience &= Q(pk__in=signed_up.values("delegate_id"))
    return Delegate.objects.filter(audience).select_related("summit", "locality").order_by("pk")


def announcement_send(announcement: Announcement, *, dry_run: bool = False) -> QueueReport:
    """Queue the message for each delegate of its audience who has not had it."""
    report = messages_queue(
        ANNOUNCEMENT,
        announcement_audience(announcement),
        key_parts=lambda delegate: (announcement.pk, delegate.pk),
        context=lambda delegate: {"announcement": announcement},
        dry_run=dry_run,
    )
    if not dry_run and report.queued:
        Announcement.objects.filter(pk=announcement.pk).update(sent_at=timezone.now())
    return report


def announcement_previews(announcement: Announcement) -> dict[str, Composed]:
    """The message as the readers of each language will get it (a stand-in delegate's
    name and link in place of theirs)."""
    previews = {}
    for language in language_codes():
        reader = Delegate(
            summit=announcement.summit,
            **dict.fromkeys(all_language_fields("full_name"), "…"),
            language=language,
            agenda_token=STAND_IN_TOKEN,  # no real delegate's name or link is shown
        )
        previews[language] = compose(ANNOUNCEMENT, reader, {"announcement": announcement})
    return previews
