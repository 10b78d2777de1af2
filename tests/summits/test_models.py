import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import (
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    SummitFactory,
    tacoma_time,
)

pytestmark = pytest.mark.django_db


def test_session_ending_before_it_starts_is_refused_by_the_database():
    session = SessionFactory.build(summit=SummitFactory(), starts_at=tacoma_time(10))
    session.ends_at = tacoma_time(9)
    with pytest.raises(IntegrityError), transaction.atomic():
        session.save()


def test_session_outside_the_summit_dates_in_summit_time_is_refused():
    summit = SummitFactory(starts_on=dt.date(2024, 7, 19), ends_on=dt.date(2024, 7, 19))
    # 18 July 20:00 in Tacoma is already 19 July in UTC: it must still be refused.
    session = SessionFactory.build(
        summit=summit,
        starts_at=tacoma_time(20, day=dt.date(2024, 7, 18)),
        ends_at=tacoma_time(21, day=dt.date(2024, 7, 18)),
    )
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert error.value.messages == [
        "The session must take place within the summit's dates, "
        "2024-07-19 to 2024-07-19 (America/Los_Angeles)."
    ]


def test_late_evening_session_on_the_last_day_is_inside_the_summit():
    summit = SummitFactory()
    # 23:00 in Tacoma is 06:00 UTC the next day; the summit's own zone decides.
    session = SessionFactory(summit=summit, starts_at=tacoma_time(22), ends_at=tacoma_time(23))
    session.full_clean()

    assert session.starts_at.astimezone(summit.tzinfo).date() == summit.ends_on
    assert session.ends_at.astimezone(dt.UTC).date() > summit.ends_on


def test_room_holding_two_overlapping_sessions_names_the_other_session():
    room = RoomFactory(name_en="Hall A")
    SessionFactory(
        summit=room.venue.summit,
        room=room,
        title_en="Opening ceremony",
        starts_at=tacoma_time(9),
        ends_at=tacoma_time(10),
    )
    clash = SessionFactory.build(
        summit=room.venue.summit, room=room, starts_at=tacoma_time(9, 30), ends_at=tacoma_time(11)
    )
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert error.value.message_dict["room"] == [
        "Hall A already holds “Opening ceremony” from 09:00 to 10:00."
    ]


def test_back_to_back_sessions_in_one_room_are_fine():
    room = RoomFactory()
    first = SessionFactory(summit=room.venue.summit, room=room, starts_at=tacoma_time(9))
    second = SessionFactory.build(
        summit=room.venue.summit, room=room, starts_at=first.ends_at, ends_at=tacoma_time(11)
    )
    second.full_clean()
    second.save()

    assert list(room.sessions.order_by("starts_at")) == [first, second]


def test_room_of_another_summit_is_refused():
    room = RoomFactory()
    session = SessionFactory.build(summit=SummitFactory(), room=room)
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert error.value.message_dict["room"] == ["This room belongs to another summit's venue."]


def test_speaker_in_two_overlapping_sessions_names_the_other_session():
    speaker = SpeakerFactory(name_en="Victoria Woodards")
    first = SessionSpeakerFactory(speaker=speaker, session__title_en="Mayors' panel").session
    second = SessionFactory(
        summit=first.summit, starts_at=tacoma_time(9, 30), ends_at=tacoma_time(10, 30)
    )
    role = SessionSpeakerFactory.build(session=second, speaker=speaker)
    with pytest.raises(ValidationError) as error:
        role.full_clean()
    assert error.value.message_dict["speaker"] == [
        "Victoria Woodards already speaks in “Mayors' panel” at the same time."
    ]


def test_summit_slug_is_unique():
    SummitFactory(slug="tacoma-2024")
    with pytest.raises(IntegrityError), transaction.atomic():
        SummitFactory(slug="tacoma-2024")


def test_summit_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        SummitFactory(starts_on=dt.date(2024, 7, 19), ends_on=dt.date(2024, 7, 18))


def test_summit_time_zone_must_be_a_real_zone():
    summit = SummitFactory.build(timezone="Mars/Olympus")
    with pytest.raises(ValidationError) as error:
        summit.full_clean(exclude=["hosts"])
    assert error.value.message_dict["timezone"] == [
        "“Mars/Olympus” is not an IANA time zone such as America/Los_Angeles."
    ]


def test_untranslated_title_falls_back_to_english():
    from django.utils import translation

    summit = SummitFactory(title_en="Sixth Summit", title_ar="القمة السادسة")
    with translation.override("ar"):
        assert summit.title == "القمة السادسة"
    with translation.override("zh-hans"):
        assert summit.title == "Sixth Summit"
