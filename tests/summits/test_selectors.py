import datetime as dt

import pytest
from django.http import QueryDict

from summits.models import Session
from summits.selectors import (
    ProgrammeFilter,
    programme_by_day,
    programme_filters,
    summit_days,
    summit_programme,
    summit_rooms,
    summit_speakers,
)
from tests.factories import (
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    SummitFactory,
    VenueFactory,
    publish,
    tacoma_time,
)

FRIDAY = dt.date(2024, 7, 19)
SATURDAY = dt.date(2024, 7, 20)


def ids(sessions) -> list[int]:
    """The ids of sessions, working (`pk`) or published (`session_id`) alike."""
    return [getattr(session, "session_id", session.pk) for session in sessions]


def test_programme_filters_read_day_room_and_kind():
    filters = programme_filters(QueryDict("day=2024-07-19&room=7&kind=keynote"))
    assert filters == ProgrammeFilter(day=FRIDAY, room=7, kind="keynote")
    assert filters.is_active


@pytest.mark.parametrize(
    "query",
    [
        "day=19-07-2024&room=hall&kind=party",
        "day=2024-02-30&room=-3&kind=",
        "day=2024-7-19&room=0&kind=KEYNOTE",
        "day=&room=&kind=",
        "room=99999999999999999999999",
        "",
    ],
)
def test_programme_filters_ignore_values_they_cannot_read(query):
    filters = programme_filters(QueryDict(query))
    assert filters == ProgrammeFilter()
    assert not filters.is_active
    assert filters.querystring() == ""


def test_programme_filter_querystring_reproduces_the_filter():
    filters = ProgrammeFilter(day=FRIDAY, room=3, kind="case_study")
    assert filters.querystring() == "?day=2024-07-19&room=3&kind=case_study"
    assert programme_filters(QueryDict(filters.querystring()[1:])) == filters


@pytest.mark.django_db
def test_summit_programme_day_is_the_summits_local_day():
    summit = SummitFactory(starts_on=FRIDAY, ends_on=SATURDAY)
    # 23:30 in Tacoma on Friday is already Saturday 06:30 in UTC.
    late = SessionFactory(summit=summit, starts_at=tacoma_time(23, 30), ends_at=tacoma_time(23, 55))
    early = SessionFactory(
        summit=summit,
        starts_at=tacoma_time(0, 15, day=SATURDAY),
        ends_at=tacoma_time(1, day=SATURDAY),
    )
    publish(summit)
    friday = summit_programme(summit=summit, filters=ProgrammeFilter(day=FRIDAY))
    saturday = summit_programme(summit=summit, filters=ProgrammeFilter(day=SATURDAY))
    assert ids(friday) == ids([late])
    assert ids(saturday) == ids([early])


@pytest.mark.django_db
def test_summit_programme_filters_by_room_and_kind_together():
    summit = SummitFactory()
    hall, salon = RoomFactory.create_batch(2, venue=VenueFactory(summit=summit))
    keynote_in_hall = SessionFactory(summit=summit, room=hall, kind=Session.Kind.KEYNOTE)
    SessionFactory(summit=summit, room=hall, kind=Session.Kind.PANEL)
    SessionFactory(summit=summit, room=salon, kind=Session.Kind.KEYNOTE)
    publish(SessionFactory(room=hall, kind=Session.Kind.KEYNOTE).summit)  # another summit
    publish(summit)
    filters = ProgrammeFilter(room=hall.pk, kind=Session.Kind.KEYNOTE)
    assert ids(summit_programme(summit=summit, filters=filters)) == ids([keynote_in_hall])


@pytest.mark.django_db
def test_summit_programme_without_filters_is_in_time_then_room_order():
    summit = SummitFactory()
    venue = VenueFactory(summit=summit)
    first_room = RoomFactory(venue=venue, position=1)
    second_room = RoomFactory(venue=venue, position=2)
    later = SessionFactory(summit=summit, starts_at=tacoma_time(11), ends_at=tacoma_time(12))
    second = SessionFactory(summit=summit, room=second_room)
    first = SessionFactory(summit=summit, room=first_room)
    publish(summit)
    assert ids(summit_programme(summit=summit)) == ids([first, second, later])


@pytest.mark.django_db
def test_programme_by_day_groups_in_the_summits_time_zone():
    summit = SummitFactory(starts_on=FRIDAY, ends_on=SATURDAY)
    late = SessionFactory(summit=summit, starts_at=tacoma_time(23, 30), ends_at=tacoma_time(23, 55))
    next_morning = SessionFactory(
        summit=summit,
        starts_at=tacoma_time(9, day=SATURDAY),
        ends_at=tacoma_time(10, day=SATURDAY),
    )
    publish(summit)
    days = programme_by_day(summit_programme(summit=summit), summit=summit)
    assert [(day.day, ids(day.sessions)) for day in days] == [
        (FRIDAY, ids([late])),
        (SATURDAY, ids([next_morning])),
    ]


def test_summit_days_cover_first_to_last_day():
    summit = SummitFactory.build(starts_on=dt.date(2014, 3, 26), ends_on=dt.date(2014, 3, 28))
    assert summit_days(summit=summit) == [
        dt.date(2014, 3, 26),
        dt.date(2014, 3, 27),
        dt.date(2014, 3, 28),
    ]


@pytest.mark.django_db
def test_summit_rooms_are_this_summits_rooms_in_their_order():
    summit = SummitFactory()
    venue = VenueFactory(summit=summit)
    second = RoomFactory(venue=venue, position=2, name_en="Salon B")
    first = RoomFactory(venue=venue, position=1, name_en="Main hall")
    RoomFactory(position=0)  # another summit's venue
    assert list(summit_rooms(summit=summit)) == [first, second]


@pytest.mark.django_db
def test_summit_speakers_are_only_this_summits_with_only_its_sessions():
    summit = SummitFactory()
    other = SummitFactory()
    both = SpeakerFactory(name_en="Victoria Woodards")
    only_here = SpeakerFactory(name_en="Yang Wanming")
    elsewhere = SpeakerFactory(name_en="Somebody Else")
    here_session = SessionFactory(summit=summit, title_en="Opening")
    other_session = SessionFactory(summit=other, title_en="Elsewhere")
    SessionSpeakerFactory(session=here_session, speaker=both)
    SessionSpeakerFactory(session=here_session, speaker=only_here)
    SessionSpeakerFactory(session=other_session, speaker=both)
    SessionSpeakerFactory(session=other_session, speaker=elsewhere)
    publish(summit)
    publish(other)

    speakers = list(summit_speakers(summit=summit))

    assert speakers == [both, only_here]
    assert [role.session.title for role in speakers[0].summit_roles] == ["Opening"]


@pytest.mark.django_db
def test_summit_programme_is_the_last_release_not_the_working_programme():
    summit = SummitFactory()
    published = SessionFactory(summit=summit, title_en="Opening")
    publish(summit)
    published.title_en = "Opening, renamed"
    published.save()
    SessionFactory(summit=summit, starts_at=tacoma_time(11), ends_at=tacoma_time(12))

    assert [row.title for row in summit_programme(summit=summit)] == ["Opening"]


@pytest.mark.django_db
def test_summit_programme_before_the_first_release_is_empty():
    summit = SummitFactory()
    SessionFactory(summit=summit)

    assert list(summit_programme(summit=summit)) == []
    assert list(summit_speakers(summit=summit)) == []
