"""What changed between two releases of a programme, as records kept with the release.

Both sides are `SessionState`s, read alike from working sessions (what is about to be
published) and from released rows (what was), so one rule compares them."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from modeltranslation.utils import build_localized_fieldname

from .languages import language_codes

ADDED, CANCELLED, MOVED, RETITLED, SPEAKERS = "added", "cancelled", "moved", "retitled", "speakers"
# The order in which one session's changes are listed.
CHANGE_KINDS = (ADDED, CANCELLED, MOVED, RETITLED, SPEAKERS)

Texts = dict[str, str]


def texts(obj: Any, field: str) -> Texts:
    """`{"en": ..., "zh-hans": ..., "ar": ...}`, each language falling back to English."""
    english = getattr(obj, build_localized_fieldname(field, "en")) or ""
    return {
        code: getattr(obj, build_localized_fieldname(field, code)) or english
        for code in language_codes()
    }


@dataclass(frozen=True)
class SessionState:
    """A session as delegates would read it (or did): what a release freezes."""

    session_id: int
    kind: str
    titles: tuple[tuple[str, str], ...]
    descriptions: tuple[tuple[str, str], ...]
    starts_at: dt.datetime
    ends_at: dt.datetime
    room_id: int | None
    # (speaker id, role, position), in order.
    speakers: tuple[tuple[int, str, int], ...]
    # Live names, for the records only (renaming a room is not a change of the programme).
    room_names: tuple[tuple[str, str], ...] | None
    speaker_names: tuple[tuple[int, tuple[tuple[str, str], ...]], ...]
    # (language, channel or None on the floor), floor languages first.
    languages: tuple[tuple[str, int | None], ...] = ()
    sequence: int = 0
    updated_at: dt.datetime | None = None

    @property
    def public(self) -> tuple:
        """What a new release must differ in to be worth publishing."""
        return (
            self.kind,
            self.titles,
            self.descriptions,
            self.starts_at,
            self.ends_at,
            self.room_id,
            self.speakers,
            self.languages,
        )


def _raw(obj: Any, field: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (code, getattr(obj, build_localized_fieldname(field, code)) or "")
        for code in language_codes()
    )


def session_state(obj: Any, *, session_id: int) -> SessionState:
    """From a `Session` or a `ReleasedSession`, with `room` loaded and `speaker_roles`
    (with their speakers) and `languages` prefetched."""
    roles = list(obj.speaker_roles.all())
    return SessionState(
        session_id=session_id,
        kind=obj.kind,
        titles=_raw(obj, "title"),
        descriptions=_raw(obj, "description"),
        starts_at=obj.starts_at,
        ends_at=obj.ends_at,
        room_id=obj.room_id,
        speakers=tuple((role.speaker_id, role.role, role.position) for role in roles),
        room_names=tuple(texts(obj.room, "name").items()) if obj.room is not None else None,
        speaker_names=tuple(
            (role.speaker_id, tuple(texts(role.speaker, "name").items())) for role in roles
        ),
        languages=tuple((row.language, row.channel) for row in obj.languages.all()),
        sequence=obj.sequence,
        updated_at=obj.updated_at,
    )


def _slot(state: SessionState) -> dict[str, Any]:
    return {
        "starts_at": state.starts_at.isoformat(),
        "ends_at": state.ends_at.isoformat(),
        "room": dict(state.room_names) if state.room_names else None,
    }


def _titles(state: SessionState) -> Texts:
    english = dict(state.titles)["en"]
    return {code: text or english for code, text in state.titles}


def _record(kind: str, state: SessionState) -> dict[str, Any]:
    return {"change": kind, "session": state.session_id, "title": _titles(state), **_slot(state)}


def _speaker_ids(state: SessionState) -> set[int]:
    return {speaker_id for speaker_id, _role, _position in state.speakers}


def _session_changes(old: SessionState, new: SessionState) -> list[tuple[str, dict]]:
    found: list[tuple[str, dict]] = []
    if (old.starts_at, old.ends_at, old.room_id) != (new.starts_at, new.ends_at, new.room_id):
        found.append((MOVED, {"before": _slot(old)}))
    if old.titles != new.titles:
        found.append((RETITLED, {"before_title": _titles(old)}))
    added, removed = _speaker_ids(new) - _speaker_ids(old), _speaker_ids(old) - _speaker_ids(new)
    if added or removed:
        names = dict(old.speaker_names) | dict(new.speaker_names)
        found.append(
            (
                SPEAKERS,
                {
                    "speakers_added": [dict(names[pk]) for pk in sorted(added)],
                    "speakers_removed": [dict(names[pk]) for pk in sorted(removed)],
                },
            )
        )
    return found


def programme_changes(
    before: Iterable[SessionState], after: Iterable[SessionState]
) -> list[dict[str, Any]]:
    """Sessions added, cancelled, moved (day, time or room), retitled, or with other
    speakers, in the order of their (new, else old) start; nothing else is listed."""
    old = {state.session_id: state for state in before}
    new = {state.session_id: state for state in after}
    listed: list[tuple[tuple, dict[str, Any]]] = []
    for session_id in old.keys() | new.keys():
        if session_id not in old:
            found = [(ADDED, {})]
        elif session_id not in new:
            found = [(CANCELLED, {})]
        else:
            found = _session_changes(old[session_id], new[session_id])
        state = new.get(session_id) or old[session_id]
        for kind, extra in found:
            key = (state.starts_at, session_id, CHANGE_KINDS.index(kind))
            listed.append((key, _record(kind, state) | extra))
    return [record for _key, record in sorted(listed, key=lambda pair: pair[0])]


def nothing_changed(before: Iterable[SessionState], after: Iterable[SessionState]) -> bool:
    """True when publishing `after` would show delegates exactly what `before` does."""
    old = {state.session_id: state.public for state in before}
    return old == {state.session_id: state.public for state in after}
