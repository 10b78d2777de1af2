"""factory_boy factories for both apps; plain values, no surprises."""

import datetime as dt
import zoneinfo

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from delegations.models import Delegate, Delegation, Locality, SessionAttendance, SessionSignup
from summits.models import (
    Interpreter,
    Organisation,
    ProgrammeRelease,
    Room,
    Session,
    SessionLanguage,
    SessionSpeaker,
    Speaker,
    Summit,
    Venue,
)
from summits.publishing import programme_publish

TACOMA = zoneinfo.ZoneInfo("America/Los_Angeles")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_en = factory.Sequence(lambda n: f"Friendship Society {n}")
    slug = factory.Sequence(lambda n: f"society-{n}")


class SummitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Summit

    ordinal = factory.Sequence(lambda n: n + 100)
    title_en = factory.Sequence(lambda n: f"Sister Cities Summit {n}")
    theme_en = "Shared Visions for a Brighter Future"
    city_en = "Tacoma"
    country = "US"
    timezone = "America/Los_Angeles"
    starts_on = dt.date(2024, 7, 19)
    ends_on = dt.date(2024, 7, 19)
    slug = factory.Sequence(lambda n: f"summit-{n}")


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    summit = factory.SubFactory(SummitFactory)
    name_en = "Greater Tacoma Convention Center"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    name_en = factory.Sequence(lambda n: f"Room {n}")


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name_en = factory.Sequence(lambda n: f"Speaker {n}")
    position_en = "Mayor"
    slug = factory.Sequence(lambda n: f"speaker-{n}")


def tacoma_time(hour: int, minute: int = 0, day: dt.date = dt.date(2024, 7, 19)) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TACOMA)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    summit = factory.SubFactory(SummitFactory)
    kind = Session.Kind.PANEL
    title_en = factory.Sequence(lambda n: f"Panel {n}")
    starts_at = factory.LazyFunction(lambda: tacoma_time(9))
    ends_at = factory.LazyFunction(lambda: tacoma_time(10))


class SessionSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSpeaker

    session = factory.SubFactory(SessionFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    role = SessionSpeaker.Role.PANELLIST


class InterpreterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interpreter

    summit = factory.SubFactory(SummitFactory)
    name = factory.Sequence(lambda n: f"Interpreter {n}")
    working_languages = "Chinese ↔ English"
    email = factory.Sequence(lambda n: f"interpreter{n}@example.org")


class SessionLanguageFactory(factory.django.DjangoModelFactory):
    """A language of a session: on the floor (no channel) unless a channel is given."""

    class Meta:
        model = SessionLanguage

    session = factory.SubFactory(SessionFactory)
    language = "en"
    channel = None


# The session admin page's inlines, each with its management form, and no rows in them.
SESSION_INLINES = ("speaker_roles", "languages")


def empty_inlines(*prefixes: str) -> dict[str, str]:
    """The management forms of admin inlines with no rows, for a POST to a change form."""
    return {
        f"{prefix}-{name}": value
        for prefix in prefixes or SESSION_INLINES
        for name, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
    }


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality
        django_get_or_create = ("country", "region_en", "city_en")

    country = "CN"
    region_en = factory.Sequence(lambda n: f"Province {n}")
    city_en = ""


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    summit = factory.SubFactory(SummitFactory)
    name_en = factory.Sequence(lambda n: f"Delegation {n}")
    country = factory.SelfAttribute("locality.country")
    locality = factory.SubFactory(LocalityFactory)


class DelegateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegate

    delegation = factory.SubFactory(DelegationFactory)
    summit = factory.SelfAttribute("delegation.summit")
    locality = factory.SelfAttribute("delegation.locality")
    full_name_en = factory.Sequence(lambda n: f"Delegate {n}")
    email = factory.Sequence(lambda n: f"delegate{n}@example.org")


class SessionAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionAttendance

    delegate = factory.SubFactory(DelegateFactory)
    session = factory.SubFactory(SessionFactory, summit=factory.SelfAttribute("..delegate.summit"))
    checked_in_at = factory.LazyFunction(lambda: tacoma_time(9, 5))


class SessionSignupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSignup

    delegate = factory.SubFactory(DelegateFactory)
    session = factory.SubFactory(SessionFactory, summit=factory.SelfAttribute("..delegate.summit"))
    status = SessionSignup.Status.CONFIRMED


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def groups(self, create: bool, names: list[str] | None, **kwargs) -> None:
        if create and names:
            self.groups.add(*Group.objects.filter(name__in=names))


# --- A summit with what a test needs --------------------------------------------------

FIRST_DAY = dt.date(2024, 7, 19)
SLOTS_PER_DAY = 10  # one-hour slots from 08:00
KINDS = [Session.Kind.PANEL, Session.Kind.CASE_STUDY, Session.Kind.KEYNOTE]


def publish(summit: Summit, *, note: str = "") -> ProgrammeRelease:
    """Publish the summit's working programme as its next release, as an organiser would."""
    return programme_publish(summit=summit, note=note)


def summit_with(
    *,
    sessions: int = 0,
    rooms: int = 3,
    speakers: int = 6,
    delegates: int = 0,
    published: bool = True,
    **fields,
) -> Summit:
    """A summit with what a test needs: `sessions` fill one-hour slots room by room, day by
    day, two speakers each; `delegates` join one delegation; the programme is published as
    release 1 unless `published=False`. Other keywords go to the summit
    (`slug="tacoma-2024"`, `title_ar=...`)."""
    per_day = rooms * SLOTS_PER_DAY
    days = max(1, -(-sessions // per_day))
    fields.setdefault("starts_on", FIRST_DAY)
    fields.setdefault("ends_on", fields["starts_on"] + dt.timedelta(days=days - 1))
    summit = SummitFactory(**fields)
    venue = VenueFactory(summit=summit, address_en="1500 Commerce St, Tacoma")
    room_list = [RoomFactory(venue=venue, position=n) for n in range(rooms)]
    speaker_list = SpeakerFactory.create_batch(speakers)
    for n in range(sessions):
        day = summit.starts_on + dt.timedelta(days=n // per_day)
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
    if delegates:
        DelegateFactory.create_batch(delegates, delegation=DelegationFactory(summit=summit))
    if published:
        publish(summit)
    return summit
