"""After a programme release, one notice per delegate whose agenda it changes.

A delegate's agenda, for this purpose, is the sessions they hold a seat or a waiting-list
place in: those are the plans a change upsets (the sessions open to everyone reach their
calendars through the feeds, and the public changes page lists every change). Each notice
lists only the changes to those sessions, in the delegate's language and the summit's zone;
its key names the delegate and the release, so a release never notifies anyone twice.
"""

from __future__ import annotations

import html
from collections import defaultdict
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from delegations.links import delegate_language
from delegations.mail.models import OutboxMessage
from delegations.mail.outbox import QueueReport, messages_queue
from delegations.models import SessionSignup
from summits.changelog import ReleaseEntry, change_line
from summits.models import ProgrammeRelease

CHANGE_NOTICE = OutboxMessage.Kind.CHANGE_NOTICE


def change_notices_queue(*, release: ProgrammeRelease) -> QueueReport:
    """Queue the notice of `release` for every delegate signed up (or waiting) for a
    session it adds to, moves, retitles, cancels or gives other speakers."""
    records = release.changes if release.number > 1 else []
    changed = {record["session"] for record in records}
    theirs: dict[int, set[int]] = defaultdict(set)
    delegates = {}
    signups = SessionSignup.objects.filter(
        session_id__in=changed, delegate__summit_id=release.summit_id
    ).select_related("delegate__summit", "delegate__locality")
    for signup in signups.order_by("delegate_id"):
        theirs[signup.delegate_id].add(signup.session_id)
        delegates[signup.delegate_id] = signup.delegate

    def context(delegate) -> dict[str, Any]:
        language = delegate_language(delegate)
        lines = [
            change_line(record, language)
            for record in records
            if record["session"] in theirs[delegate.pk]
        ]
        entry = ReleaseEntry(release=release, lines=lines, is_first=False)
        # The public changes page's own list, as the delegate's language and the summit's
        # zone write it.
        with translation.override(language), timezone.override(release.summit.tzinfo):
            changes = render_to_string(
                "summits/includes/release_changes.html",
                {"entry": entry, "summit": release.summit},
            )
        return {
            "release": release,
            "changes_html": mark_safe(changes),  # rendered above, its values escaped
            "changes_text": [
                " ".join(html.unescape(strip_tags(item)).split())
                for item in changes.split("</li>")
                if "<li" in item
            ],
        }

    return messages_queue(
        CHANGE_NOTICE,
        list(delegates.values()),
        key_parts=lambda delegate: (delegate.pk, release.pk),
        context=context,
    )


def change_notices_on_release(sender: Any, *, release: ProgrammeRelease, **kwargs: Any) -> None:
    """`summits.publishing.release_published`'s receiver (connected in `apps`)."""
    change_notices_queue(release=release)
