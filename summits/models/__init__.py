"""The summit series (`programme`: what organisers edit) and its published releases
(`releases`: the frozen copies delegates read), and the languages of its sessions
(`interpretation`). See docs/releases.md and docs/interpretation.md."""

from .interpretation import (
    CHANNELS,
    Interpreter,
    LanguageOfSession,
    ReleasedSessionLanguage,
    SessionLanguage,
)
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
    "CHANNELS",
    "Interpreter",
    "LanguageOfSession",
    "Organisation",
    "ProgrammeRelease",
    "ReleasedSession",
    "ReleasedSessionLanguage",
    "ReleasedSpeaker",
    "Room",
    "Session",
    "SessionLanguage",
    "SessionQuerySet",
    "SessionSpeaker",
    "Speaker",
    "Summit",
    "SummitQuerySet",
    "Venue",
    "validate_timezone",
]
