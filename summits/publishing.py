"""Publishing the programme: the working sessions frozen as the summit's next release."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Prefetch
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from . import caching
from .changes import (
    CHANGE_KINDS,
    SessionState,
    nothing_changed,
    programme_changes,
    session_state,
)
from .languages import all_language_fields
from .models import (
    ProgrammeRelease,
    ReleasedSession,
    ReleasedSessionLanguage,
    ReleasedSpeaker,
    Session,
    SessionSpeaker,
    Summit,
)

_TEXT_FIELDS = all_language_fields("title", "description")


# Sent after a release is committed, with `release=`: what other apps do when the programme
# delegates see changes (delegations mails each affected delegate a notice).
release_published = Signal()


class NothingToPublish(Exception):
    """The working programme is what the last release already shows."""

    def __init__(self, release: ProgrammeRelease) -> None:
        super().__init__(f"Nothing changed since release {release.number}.")
        self.release = release


def _working_states(summit: Summit) -> tuple[list[Session], list[SessionState]]:
    roles = SessionSpeaker.objects.select_related("speaker").order_by("position", "pk")
    sessions = list(
        Session.objects.filter(summit=summit)
        .select_related("room")
        .prefetch_related(Prefetch("speaker_roles", queryset=roles), "languages")
        .order_by("starts_at", "pk")
    )
    return sessions, [session_state(session, session_id=session.pk) for session in sessions]


def release_states(release: ProgrammeRelease | None) -> list[SessionState]:
    """What `release` shows, as states to compare (none before the first release)."""
    if release is None:
        return []
    roles = ReleasedSpeaker.objects.select_related("speaker").order_by("position", "pk")
    rows = (
        ReleasedSession.objects.filter(release=release)
        .select_related("room")
        .prefetch_related(Prefetch("speaker_roles", queryset=roles), "languages")
    )
    return [session_state(row, session_id=row.session_id) for row in rows]


def _freeze(release: ProgrammeRelease, sessions: list[Session]) -> None:
    rows = ReleasedSession.objects.bulk_create(
        ReleasedSession(
            release=release,
            session_id=session.pk,
            kind=session.kind,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            room_id=session.room_id,
            sequence=session.sequence,
            updated_at=session.updated_at,
            **{name: getattr(session, name) or "" for name in _TEXT_FIELDS},
        )
        for session in sessions
    )
    pairs = list(zip(rows, sessions, strict=True))
    ReleasedSpeaker.objects.bulk_create(
        ReleasedSpeaker(session=row, speaker_id=role.speaker_id, role=role.role, position=n)
        for row, session in pairs
        for n, role in enumerate(session.speaker_roles.all())
    )
    ReleasedSessionLanguage.objects.bulk_create(
        ReleasedSessionLanguage(session=row, language=language.language, channel=language.channel)
        for row, session in pairs
        for language in session.languages.all()
    )


def programme_publish(
    *, summit: Summit, note: str = "", user: AbstractBaseUser | None = None
) -> ProgrammeRelease:
    """Freeze the summit's working programme as its next release (1, 2, ...), with what
    changed since the previous one. Raises `NothingToPublish` when delegates would see
    nothing new; the first release may be empty (it makes the programme public)."""
    with transaction.atomic():
        # One publisher at a time per summit: the next number is read and taken at once.
        Summit.objects.select_for_update().filter(pk=summit.pk).first()
        previous = ProgrammeRelease.objects.filter(summit=summit).order_by("-number").first()
        before = release_states(previous)
        sessions, after = _working_states(summit)
        if previous is not None and nothing_changed(before, after):
            raise NothingToPublish(previous)
        release = ProgrammeRelease(
            summit=summit,
            number=previous.number + 1 if previous else 1,
            note=note.strip(),
            published_at=timezone.now(),
            published_by=user if user is not None and user.is_authenticated else None,
            changes=programme_changes(before, after) if previous else [],
        )
        release.full_clean()
        release.save()
        _freeze(release, sessions)
        # bulk_create sends no signals: the public pages are dropped here.
        caching.changed(caching.PROGRAMME)
        transaction.on_commit(
            lambda: release_published.send(sender=ProgrammeRelease, release=release)
        )
    return release


def release_summary(release: ProgrammeRelease) -> str:
    """`Published release 2 of tacoma-2024: 1 added, 0 cancelled, ...` for the command
    and the admin's message."""
    counts = {kind: 0 for kind in CHANGE_KINDS}
    for record in release.changes:
        counts[record["change"]] += 1
    return _(
        "Published release %(number)s of %(summit)s: %(added)s added, %(cancelled)s "
        "cancelled, %(moved)s moved, %(retitled)s retitled, %(speakers)s with other speakers."
    ) % {"number": release.number, "summit": release.summit.slug, **counts}
