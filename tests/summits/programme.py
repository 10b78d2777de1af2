"""A summit with a programme of any size, for the feed and API tests (built with factories)."""

import datetime as dt

from summits.models import Session, SessionSpeaker, Summit
from tests.factories import (
    OrganisationFactory,
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


def tacoma_programme() -> dict:
    """The 6th summit's opening: two keynotes in one hall, a panel in another room."""
    summit = SummitFactory(
        slug="tacoma-2024",
        title_en="6th China–US Sister Cities Summit",
        title_ar="القمة السادسة للمدن الشقيقة بين الصين والولايات المتحدة",
        starts_on=dt.date(2024, 7, 19),
        ends_on=dt.date(2024, 7, 20),
    )
    venue = VenueFactory(
        summit=summit,
        name_en="Greater Tacoma Convention Center",
        address_en="1500 Commerce St, Tacoma, WA",
    )
    hall = RoomFactory(venue=venue, name_en="Ballroom", name_ar="القاعة الكبرى", position=0)
    side = RoomFactory(venue=venue, name_en="Room 310", position=1)
    cpaffc = OrganisationFactory(name_en="CPAFFC", short_name_en="CPAFFC")
    yang = SpeakerFactory(name_en="Yang Wanming", position_en="President", organisation=cpaffc)
    woodards = SpeakerFactory(name_en="Victoria Woodards", position_en="Mayor of Tacoma")
    opening = SessionFactory(
        summit=summit,
        kind=Session.Kind.KEYNOTE,
        title_en="Opening keynotes",
        title_ar="الكلمات الافتتاحية",
        description_en="Shared Visions for a Brighter Future.",
        room=hall,
        starts_at=tacoma_time(9),
        ends_at=tacoma_time(10, 30),
    )
    SessionSpeakerFactory(
        session=opening, speaker=yang, role=SessionSpeaker.Role.KEYNOTE, position=0
    )
    SessionSpeakerFactory(
        session=opening, speaker=woodards, role=SessionSpeaker.Role.KEYNOTE, position=1
    )
    panel = SessionFactory(
        summit=summit,
        kind=Session.Kind.PANEL,
        title_en="Sister ports",
        room=side,
        starts_at=tacoma_time(11),
        ends_at=tacoma_time(12),
    )
    ceremony = SessionFactory(
        summit=summit,
        kind=Session.Kind.CEREMONY,
        title_en="Closing ceremony",
        room=None,
        starts_at=tacoma_time(16, day=dt.date(2024, 7, 20)),
        ends_at=tacoma_time(17, day=dt.date(2024, 7, 20)),
    )
    return {
        "summit": summit,
        "hall": hall,
        "side": side,
        "opening": opening,
        "panel": panel,
        "ceremony": ceremony,
    }
