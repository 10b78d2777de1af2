"""A summit with a programme of any size, for the feed and API tests (built with factories)."""

import datetime as dt

from summits.models import Session, SessionSpeaker, Summit
from tests.factories import (
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    SummitFactory,
    VenueFactory,
    tacoma_time,
)

FIRST_DAY = dt.date(2024, 7, 19)
SLOTS_PER_DAY = 10  # one-hour slots from 08:00
KINDS = [Session.Kind.PANEL, Session.Kind.CASE_STUDY, Session.Kind.KEYNOTE]


def summit_with_programme(*, sessions: int, rooms: int = 3, speakers: int = 6) -> Summit:
    """Sessions fill one-hour slots room by room, day by day; two speakers each."""
    per_day = rooms * SLOTS_PER_DAY
    days = max(1, -(-sessions // per_day))
    summit = SummitFactory(starts_on=FIRST_DAY, ends_on=FIRST_DAY + dt.timedelta(days=days - 1))
    venue = VenueFactory(summit=summit, address_en="1500 Commerce St, Tacoma")
    room_list = [RoomFactory(venue=venue, position=n) for n in range(rooms)]
    speaker_list = SpeakerFactory.create_batch(speakers)
    for n in range(sessions):
        day = FIRST_DAY + dt.timedelta(days=n // per_day)
        slot = (n % per_day) // rooms
        session = SessionFactory(
            summit=summit,
            room=room_list[n % rooms],
            kind=KINDS[n % len(KINDS)],
            description_en=f"About session {n}.",
            starts_at=tacoma_time(8 + slot, day=day),
            ends_at=tacoma_time(9 + slot, day=day),
        )
        SessionSpeakerFactory(
            session=session,
            speaker=speaker_list[n % speakers],
            role=SessionSpeaker.Role.MODERATOR,
            position=0,
        )
        SessionSpeakerFactory(
            session=session,
            speaker=speaker_list[(n + 1) % speakers],
            role=SessionSpeaker.Role.PANELLIST,
            position=1,
        )
    return summit
