"""The summit series (`programme`: what organisers edit) and its published releases
(`releases`: the frozen copies delegates read). See docs/releases.md."""

from .programme import (
    Organisation,
    Room,
    Session,
    SessionQuerySet,
    SessionSpeaker,
    Speaker,
    Summit,
    SummitQuerySet,
    Venue,
    validate_timezone,
)
from .releases import ProgrammeRelease, ReleasedSession, ReleasedSpeaker

__all__ = [
    "Organisation",
    "ProgrammeRelease",
    "ReleasedSession",
    "ReleasedSpeaker",
    "Room",
    "Session",
    "SessionQuerySet",
    "SessionSpeaker",
    "Speaker",
    "Summit",
    "SummitQuerySet",
    "Venue",
    "validate_timezone",
]
