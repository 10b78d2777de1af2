"""A summit with a programme of any size, for the feed and API tests (built with factories)."""

import datetime as dt

from summits.models import Session, SessionSpeaker
from tests.factories import (
    OrganisationFactory,
    RoomFactory,
    SessionFactory,
    SessionLanguageFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    SummitFactory,
    VenueFactory,
    publish,
    tacoma_time,
)


def tacoma_programme() -> dict:
    """The 6th summit's opening: two keynotes in one hall (English, with Chinese on channel 1
    and Arabic on channel 2), a panel in another room (Chinese, with English on channel 1),
    a closing ceremony with no languages listed, published as release 1."""
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
    for session, language, channel in (
        (opening, "en", None),
        (opening, "zh-hans", 1),
        (opening, "ar", 2),
        (panel, "zh-hans", None),
        (panel, "en", 1),
    ):
        SessionLanguageFactory(session=session, language=language, channel=channel)
    ceremony = SessionFactory(
        summit=summit,
        kind=Session.Kind.CEREMONY,
        title_en="Closing ceremony",
        room=None,
        starts_at=tacoma_time(16, day=dt.date(2024, 7, 20)),
        ends_at=tacoma_time(17, day=dt.date(2024, 7, 20)),
    )
    publish(summit)
    return {
        "summit": summit,
        "hall": hall,
        "side": side,
        "opening": opening,
        "panel": panel,
        "ceremony": ceremony,
    }
