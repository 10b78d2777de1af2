"""The programme's releases and what changed in each, as a page and an Atom feed, in the
reader's language and the summit's time zone (the records: `changes`)."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext

from .models import ProgrammeRelease, Summit
from .selectors import summit_releases, summits_with_release
from .views import public_page, render_in_summit_time


def _text(texts: dict[str, str] | None, language: str) -> str:
    if not texts:
        return ""
    return texts.get(language) or texts.get("en", "")


@dataclass(frozen=True)
class Slot:
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: str


def _slot(record: dict[str, Any], language: str) -> Slot:
    return Slot(
        starts_at=dt.datetime.fromisoformat(record["starts_at"]),
        ends_at=dt.datetime.fromisoformat(record["ends_at"]),
        room=_text(record.get("room"), language),
    )


@dataclass(frozen=True)
class ChangeLine:
    """One recorded change as the reader's language shows it."""

    change: str
    session_id: int
    title: str
    slot: Slot
    before: Slot | None = None
    before_title: str = ""
    speakers_added: list[str] = field(default_factory=list)
    speakers_removed: list[str] = field(default_factory=list)


def change_line(record: dict[str, Any], language: str) -> ChangeLine:
    return ChangeLine(
        change=record["change"],
        session_id=record["session"],
        title=_text(record["title"], language),
        slot=_slot(record, language),
        before=_slot(record["before"], language) if "before" in record else None,
        before_title=_text(record.get("before_title"), language),
        speakers_added=[_text(names, language) for names in record.get("speakers_added", [])],
        speakers_removed=[_text(names, language) for names in record.get("speakers_removed", [])],
    )


@dataclass(frozen=True)
class ReleaseEntry:
    release: ProgrammeRelease
    lines: list[ChangeLine]
    is_first: bool


def release_entries(releases: list[ProgrammeRelease]) -> list[ReleaseEntry]:
    language = get_language() or "en"
    return [
        ReleaseEntry(
            release=release,
            lines=[change_line(record, language) for record in release.changes],
            is_first=release.number == 1,
        )
        for release in releases
    ]


@public_page
def programme_changes(request: HttpRequest, slug: str) -> HttpResponse:
    summit = get_object_or_404(summits_with_release(), slug=slug)
    return render_in_summit_time(
        request,
        "summits/changes.html",
        {
            "entries": release_entries(list(summit_releases(summit=summit))),
            "atom_url": reverse("summits:changes_atom", kwargs={"slug": summit.slug}),
        },
        summit=summit,
    )


class ProgrammeChangesFeed(Feed):
    """`changes.atom`: one entry per release, newest first, its changes as the summary."""

    feed_type = Atom1Feed
    description_template = "summits/includes/release_changes.html"

    def get_object(self, request: HttpRequest, slug: str) -> Summit:
        return get_object_or_404(Summit, slug=slug)

    def get_feed(self, obj: Summit, request: HttpRequest):
        # Times in the summaries read in the summit's own zone, as on the page.
        with timezone.override(obj.tzinfo):
            return super().get_feed(obj, request)

    def title(self, obj: Summit) -> str:
        # Translators: title of the Atom feed of a summit's programme changes.
        return gettext("Programme changes: %(summit)s") % {"summit": obj.title}

    def link(self, obj: Summit) -> str:
        return reverse("summits:changes", kwargs={"slug": obj.slug})

    def subtitle(self, obj: Summit) -> str:
        return gettext("Each published release of the programme and what changed in it.")

    def items(self, obj: Summit) -> list[ReleaseEntry]:
        releases = list(summit_releases(summit=obj).select_related("summit"))
        return release_entries(releases)

    def item_title(self, item: ReleaseEntry) -> str:
        return str(item.release)

    def item_link(self, item: ReleaseEntry) -> str:
        return item.release.get_absolute_url()

    def item_guid(self, item: ReleaseEntry) -> str:
        return f"tag:sistersummits,2024:{item.release.summit.slug}:release:{item.release.number}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: ReleaseEntry) -> dt.datetime:
        return item.release.published_at

    # Atom requires an entry's `updated`: a release never changes once published.
    item_updateddate = item_pubdate

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        return {**context, "entry": kwargs["item"], "summit": kwargs["obj"]}


changes_atom = public_page(ProgrammeChangesFeed())
