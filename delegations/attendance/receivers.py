"""Interpretation receivers to order: for each session, how many delegates need one per
language (their own language is not spoken on the floor), and which needed languages have
no channel yet. Counted on the working sessions, the organisers' current plan."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from delegations.models import Delegate, SessionSignup
from summits.languages import country_language, language_codes
from summits.models import Session, Summit

SIGNUPS, EXPECTED = "signups", "expected"


@dataclass
class ReceiverNeed:
    """One session: `needed[language]` receivers for those whose language is not on the
    floor, counted among its confirmed sign-ups (`basis` "signups") or, for a session
    without sign-ups, among all the summit's expected delegates ("expected")."""

    session: Session
    basis: str
    floor: list[str] = field(default_factory=list)
    channels: dict[str, int] = field(default_factory=dict)
    needed: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.needed.values())

    @property
    def without_channel(self) -> list[str]:
        """Languages with delegates to serve but no interpretation channel."""
        return [code for code, count in self.needed.items() if count and code not in self.channels]

    @property
    def cells(self) -> list[tuple[str, int | None, int | None]]:
        """(language, receivers or None on the floor, channel or None), in `LANGUAGES` order."""
        return [
            (
                code,
                None if code in self.floor else self.needed.get(code, 0),
                self.channels.get(code),
            )
            for code in language_codes()
        ]

    @property
    def languages_unknown(self) -> bool:
        """No language listed at all: who needs a receiver cannot be told."""
        return not self.floor and not self.channels


def _language(stated: str, country: str) -> str:
    return stated or country_language(country)


def _need(session: Session, basis: str, readers: Counter) -> ReceiverNeed:
    rows = list(session.languages.all())
    floor = [row.language for row in rows if row.is_floor]
    need = ReceiverNeed(
        session=session,
        basis=basis,
        floor=floor,
        channels={row.language: row.channel for row in rows if not row.is_floor},
    )
    if not need.languages_unknown:
        need.needed = {
            code: readers.get(code, 0) if code not in floor else 0 for code in language_codes()
        }
    return need


def summit_receiver_needs(*, summit: Summit) -> list[ReceiverNeed]:
    """Every session of the summit in time order with its receivers per language: three
    queries whatever the number of sessions and delegates."""
    sessions = list(
        Session.objects.filter(summit=summit)
        .select_related("room", "summit")
        .prefetch_related("languages")
        .order_by("starts_at", "room__position", "pk")
    )
    expected: Counter = Counter()
    for row in (
        Delegate.objects.expected()
        .filter(summit=summit)
        .values("language", "locality__country")
        .annotate(count=Count("pk"))
    ):
        expected[_language(row["language"], row["locality__country"])] += row["count"]
    seated: dict[int, Counter] = {}
    for row in (
        SessionSignup.objects.confirmed()
        .filter(session__summit=summit)
        .values("session_id", "delegate__language", "delegate__locality__country")
        .annotate(count=Count("pk"))
    ):
        language = _language(row["delegate__language"], row["delegate__locality__country"])
        seated.setdefault(row["session_id"], Counter())[language] += row["count"]
    return [
        _need(session, SIGNUPS, seated.get(session.pk, Counter()))
        if session.accepts_signups
        else _need(session, EXPECTED, expected)
        for session in sessions
    ]
