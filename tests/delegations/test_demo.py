import datetime as dt
import re
from io import StringIO
from itertools import combinations

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from delegations import demo_data
from delegations.demo import demo_delegates, demo_load
from delegations.models import Delegate, Delegation, Locality, SisterRelationship
from summits.attendance import CountryAttendance, summit_attendance
from summits.models import Organisation, Room, Session, SessionSpeaker, Speaker, Summit, Venue
from tests.factories import DelegateFactory

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")
ARABIC = re.compile(r"[\u0600-\u06ff]")
DEMO_MODELS = [
    Organisation,
    Summit,
    Summit.hosts.through,
    Venue,
    Room,
    Speaker,
    Session,
    SessionSpeaker,
    Locality,
    SisterRelationship,
    Delegation,
    Delegate,
]


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list[dict]]:
    """Every column of every row: modeltranslation's `values()` alone would show only the
    active language's columns."""
    return {
        model._meta.label: list(
            model.objects.order_by("pk").values(
                *[field.attname for field in model._meta.concrete_fields]
            )
        )
        for model in DEMO_MODELS
    }


@pytest.fixture(scope="class")
def demo_loaded(django_db_setup, django_db_blocker):
    """Load the demo once for a class of read-mostly tests, and roll it back after them:
    each test still runs in its own savepoint inside this transaction."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        demo_load()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def tacoma(demo_loaded):
    return Summit.objects.get(slug="tacoma-2024")


def test_load_demo_prints_a_summary_and_says_names_are_invented(db):
    output = load_demo()
    assert "  summits: 6 created, 0 updated, 0 unchanged\n" in output
    assert "  sessions: 16 created, 0 updated, 0 unchanged\n" in output
    assert (
        "Tacoma 2024 attendance (not cancelled): "
        "CN 142 delegates from 14 provinces; US 104 delegates from 21 states.\n"
    ) in output
    assert "Demo data: invented names for delegates (emails @demo.example.org)" in output
    assert output.endswith("Demo data loaded.\n")


def test_demo_delegates_are_the_same_on_every_call_with_unique_emails():
    first, second = demo_delegates(), demo_delegates()
    assert first == second
    keys = [(person.summit_slug, person.email) for person in first]
    assert len(keys) == len(set(keys))


def test_load_demo_twice_changes_no_row_and_no_value(db):
    load_demo()
    before = snapshot()
    assert "updated_at" in before["delegations.Delegate"][0]
    assert "title_ar" in before["summits.Session"][0]

    output = load_demo()

    assert snapshot() == before
    summary = [line for line in output.splitlines() if line.startswith("  ")]
    assert len(summary) == 16  # 15 kinds of rows and the programme releases
    assert all(" 0 created, 0 updated, " in line for line in summary), summary
    assert output.endswith("Demo data already up to date.\n")


@pytest.mark.usefixtures("demo_loaded")
class TestLoadedDemo:
    def test_load_demo_tacoma_attendance_matches_the_report(self, tacoma):
        assert summit_attendance(summit=tacoma) == [
            CountryAttendance(country="CN", delegates=142, regions=14),
            CountryAttendance(country="US", delegates=104, regions=21),
        ]

    def test_load_demo_cancelled_delegates_are_loaded_but_not_counted(self, tacoma):
        cancelled = Delegate.objects.filter(summit=tacoma, status=Delegate.Status.CANCELLED)
        assert sorted(cancelled.values_list("delegation__name_en", flat=True)) == [
            "Fujian Province delegation",
            "Guangdong Province delegation",
            "Sichuan Province delegation",
            "Texas State delegation",
            "Washington State delegation",
        ]
        assert Delegate.objects.filter(summit=tacoma).count() == 142 + 104 + 5

    def test_load_demo_six_summits_each_in_its_own_timezone(self, tacoma):
        summits = Summit.objects.order_by("ordinal")
        assert [(s.ordinal, s.slug, s.country.code, s.timezone) for s in summits] == [
            (1, "washington-dc-2014", "US", "America/New_York"),
            (2, "chicago-2015", "US", "America/Chicago"),
            (3, "nanchang-2016", "CN", "Asia/Shanghai"),
            (4, "houston-2019", "US", "America/Chicago"),
            (5, "suzhou-2023", "CN", "Asia/Shanghai"),
            (6, "tacoma-2024", "US", "America/Los_Angeles"),
        ]
        assert [(s.starts_on, s.ends_on) for s in summits] == [
            (dt.date(2014, 3, 26), dt.date(2014, 3, 27)),
            (dt.date(2015, 10, 23), dt.date(2015, 10, 23)),
            (dt.date(2016, 11, 17), dt.date(2016, 11, 17)),
            (dt.date(2019, 7, 17), dt.date(2019, 7, 17)),
            (dt.date(2023, 11, 9), dt.date(2023, 11, 9)),
            (dt.date(2024, 7, 19), dt.date(2024, 7, 19)),
        ]

    def test_load_demo_every_summit_is_cohosted_by_cpaffc_and_sci(self, tacoma):
        for summit in Summit.objects.prefetch_related("hosts"):
            assert sorted(host.short_name_en for host in summit.hosts.all()) == ["CPAFFC", "SCI"]
        cpaffc = Organisation.objects.get(slug="cpaffc")
        assert (cpaffc.name_en, cpaffc.name_zh_hans, cpaffc.name_ar) == (
            "Chinese People's Association for Friendship with Foreign Countries",
            "中国人民对外友好协会",
            "جمعية الشعب الصيني للصداقة مع الدول الأجنبية",
        )
        assert Organisation.objects.get(slug="sister-cities-international").name_ar == (
            "منظمة المدن الشقيقة الدولية"
        )

    def test_load_demo_chosen_dates_are_explained_in_three_languages(self, tacoma):
        notes = {s.ordinal: s for s in Summit.objects.all()}
        for ordinal in (3, 5):
            note = notes[ordinal]
            assert "chosen for the demo data" in note.dates_note_en
            assert "演示数据" in note.dates_note_zh_hans
            assert "للبيانات التجريبية" in note.dates_note_ar
        assert [
            s.ordinal for s in Summit.objects.exclude(dates_note_en="").order_by("ordinal")
        ] == [
            3,
            5,
        ]

    def test_load_demo_tacoma_title_and_theme_in_three_languages(self, tacoma):
        assert (tacoma.title_en, tacoma.title_zh_hans, tacoma.title_ar) == (
            "6th China–US Sister Cities Summit",
            "第六届中美友好城市大会",
            "القمة السادسة للمدن الشقيقة بين الولايات المتحدة والصين",
        )
        assert (tacoma.theme_en, tacoma.theme_zh_hans, tacoma.theme_ar) == (
            "Shared Visions for a Brighter Future",
            "共享愿景，共创美好未来",
            "رؤى مشتركة لمستقبل أكثر إشراقا",
        )
        with translation.override("ar"):
            assert tacoma.city == "تاكوما"
        with translation.override("zh-hans"):
            assert tacoma.city == "塔科马"

    def test_load_demo_every_translated_summit_text_has_chinese_and_arabic(self, tacoma):
        for summit in Summit.objects.all():
            for name in ("title", "city", "description"):
                assert CHINESE.search(getattr(summit, f"{name}_zh_hans")), (summit.slug, name)
                assert ARABIC.search(getattr(summit, f"{name}_ar")), (summit.slug, name)

    def test_load_demo_tacoma_programme_has_every_kind_in_three_languages(self, tacoma):
        sessions = list(Session.objects.filter(summit=tacoma))
        assert len(sessions) == 16
        assert {s.kind for s in sessions} == set(Session.Kind.values)
        for session in sessions:
            for name in ("title", "description"):
                assert getattr(session, f"{name}_en"), (session.title_en, name)
                assert CHINESE.search(getattr(session, f"{name}_zh_hans")), (session.title_en, name)
                assert ARABIC.search(getattr(session, f"{name}_ar")), (session.title_en, name)

    def test_load_demo_tacoma_sessions_are_on_19_july_in_tacoma_time(self, tacoma):
        sessions = Session.objects.filter(summit=tacoma).order_by("starts_at")
        local = [
            (s.starts_at.astimezone(tacoma.tzinfo), s.ends_at.astimezone(tacoma.tzinfo))
            for s in sessions
        ]
        assert {start.date() for start, _ in local} | {end.date() for _, end in local} == {
            dt.date(2024, 7, 19)
        }
        first, last = local[0], local[-1]
        assert (first[0].strftime("%H:%M"), last[1].strftime("%H:%M")) == ("08:00", "20:00")
        # 09:00 in Tacoma (PDT, UTC-7) is 16:00 UTC.
        opening = sessions.get(title_en="Opening ceremony")
        assert opening.starts_at == dt.datetime(2024, 7, 19, 16, 0, tzinfo=dt.UTC)

    def test_load_demo_tacoma_venue_has_four_rooms_all_in_use(self, tacoma):
        venue = Venue.objects.get(summit=tacoma)
        assert venue.name_en == "Greater Tacoma Convention Center"
        assert [room.name_en for room in venue.rooms.all()] == [
            "Grand Ballroom",
            "Meeting Room 310",
            "Meeting Room 315",
            "Exhibition Hall",
        ]
        used = set(Session.objects.filter(summit=tacoma).values_list("room__name_en", flat=True))
        assert used == {room.name_en for room in venue.rooms.all()}

    def test_load_demo_case_studies_take_sign_ups_with_seats(self, tacoma):
        sessions = Session.objects.filter(summit=tacoma, accepts_signups=True)
        assert sorted(sessions.values_list("kind", "capacity")) == [
            ("case_study", 25),
            ("case_study", 30),
            ("case_study", 30),
            ("case_study", 40),
        ]
        assert not Session.objects.filter(summit=tacoma, accepts_signups=False).exclude(
            capacity=None
        )

    def test_load_demo_keynote_speakers_are_yang_wanming_and_victoria_woodards(self, tacoma):
        keynotes = SessionSpeaker.objects.filter(
            session__summit=tacoma, role=SessionSpeaker.Role.KEYNOTE
        ).select_related("speaker", "session")
        assert sorted(
            (
                row.session.kind,
                row.speaker.name_en,
                row.speaker.name_zh_hans,
                row.speaker.name_ar,
                row.speaker.position_en,
            )
            for row in keynotes
        ) == [
            (
                "keynote",
                "Victoria Woodards",
                "维多利亚·伍达兹",
                "فيكتوريا ووداردز",
                "Mayor of Tacoma",
            ),
            ("keynote", "Yang Wanming", "杨万明", "يانغ وان مينغ", "President, CPAFFC"),
        ]
        assert Speaker.objects.get(slug="yang-wanming").organisation.short_name_en == "CPAFFC"

    def test_load_demo_invented_speakers_say_so_in_their_bios(self, tacoma):
        invented = Speaker.objects.exclude(slug__in=["yang-wanming", "victoria-woodards"])
        assert invented.count() == 12
        for speaker in invented:
            assert (speaker.bio_en, speaker.bio_zh_hans, speaker.bio_ar) == (
                "Demo data: invented speaker, not a real person.",
                "演示数据：虚构的演讲人，并非真实人物。",
                "بيانات تجريبية: متحدث مُختلَق، وليس شخصا حقيقيا.",
            )
        for speaker in Speaker.objects.filter(slug__in=["yang-wanming", "victoria-woodards"]):
            assert "invented" not in speaker.bio_en

    def test_load_demo_every_session_and_speaker_role_passes_full_clean(self, tacoma):
        for session in Session.objects.all():
            session.full_clean()
        for role in SessionSpeaker.objects.select_related("session", "speaker"):
            role.full_clean()
        checked = {}
        for model in (Locality, SisterRelationship, Delegation, Summit, Speaker):
            for row in model.objects.all():
                row.full_clean()
            checked[model.__name__] = model.objects.count()

        # full_clean raised nothing above; and it looked at every row the demo loads.
        assert all(checked.values()), checked
        assert checked["Summit"] == 6

    def test_load_demo_no_speaker_or_room_is_double_booked(self, tacoma):
        sessions = list(Session.objects.filter(summit=tacoma).prefetch_related("speakers"))
        clashes = []
        for one, other in combinations(sessions, 2):
            if one.starts_at < other.ends_at and other.starts_at < one.ends_at:
                if one.room_id == other.room_id:
                    clashes.append(("room", one.title_en, other.title_en))
                shared = {s.slug for s in one.speakers.all()} & {
                    s.slug for s in other.speakers.all()
                }
                if shared:
                    clashes.append(("speaker", one.title_en, other.title_en, shared))
        assert clashes == []
        # Parallel sessions exist, so the check above had something to check.
        parallel = [
            (a.title_en, b.title_en)
            for a, b in combinations(sessions, 2)
            if a.starts_at < b.ends_at and b.starts_at < a.ends_at
        ]
        assert len(parallel) == 7

    def test_load_demo_sister_relationships_from_the_report(self, tacoma):
        ties = SisterRelationship.objects.select_related("first", "second")
        assert sorted(
            (str(tie.first), str(tie.second), tie.level, tie.established_in) for tie in ties
        ) == [
            ("Ohio", "Hubei", "province_state", 1979),
            ("St. Louis, Missouri", "Nanjing, Jiangsu", "city_city", 1979),
            ("Tacoma, Washington", "Fuzhou, Fujian", "city_city", 1994),
        ]

    def test_load_demo_localities_in_three_languages(self, tacoma):
        fuzhou = Locality.objects.get(country="CN", city_en="Fuzhou")
        assert (fuzhou.city_zh_hans, fuzhou.city_ar, fuzhou.region_ar) == (
            "福州",
            "فوتشو",
            "فوجيان",
        )
        tacoma_city = Locality.objects.get(country="US", city_en="Tacoma")
        assert (tacoma_city.city_zh_hans, tacoma_city.city_ar, tacoma_city.region_ar) == (
            "塔科马",
            "تاكوما",
            "واشنطن",
        )
        for locality in Locality.objects.all():
            assert CHINESE.search(locality.region_zh_hans), locality.region_en
            assert ARABIC.search(locality.region_ar), locality.region_en

    def test_load_demo_delegates_have_three_spellings_and_demo_emails(self, tacoma):
        delegates = Delegate.objects.filter(summit=tacoma).select_related("delegation")
        for delegate in delegates:
            assert delegate.email.endswith("@demo.example.org"), delegate.email
            assert re.fullmatch(r"[A-Za-z. ]+", delegate.full_name_en), delegate.full_name_en
            assert CHINESE.search(delegate.full_name_zh_hans), delegate.full_name_en
            assert ARABIC.search(delegate.full_name_ar), delegate.full_name_en
            assert delegate.locality.region_en == delegate.delegation.locality.region_en
        first = delegates.get(email="wang.wei.cn000@demo.example.org")
        assert (first.full_name_en, first.full_name_zh_hans, first.full_name_ar) == (
            "Wang Wei",
            "王伟",
            "وانغ وي",
        )
        assert (first.role, first.status, first.delegation.name_zh_hans) == (
            "head",
            "confirmed",
            "福建省代表团",
        )

    def test_load_demo_each_delegation_has_exactly_one_head(self, tacoma):
        for delegation in Delegation.objects.prefetch_related("delegates"):
            heads = [d for d in delegation.delegates.all() if d.role == Delegate.Role.HEAD]
            assert len(heads) == 1, delegation.name_en
        roles = set(Delegate.objects.filter(summit=tacoma).values_list("role", flat=True))
        assert roles == set(Delegate.Role.values)

    def test_load_demo_most_delegates_are_confirmed(self, tacoma):
        expected = Delegate.objects.filter(summit=tacoma).expected()
        confirmed = expected.filter(status=Delegate.Status.CONFIRMED).count()
        registered = expected.filter(status=Delegate.Status.REGISTERED).count()
        assert confirmed + registered == expected.count()
        assert confirmed > 3 * registered > 0

    def test_load_demo_earlier_summits_have_a_sample_of_delegations(self, tacoma):
        for slug in demo_data.EARLIER_DELEGATIONS:
            summit = Summit.objects.get(slug=slug)
            assert summit_attendance(summit=summit) == [
                CountryAttendance(country="CN", delegates=4, regions=1),
                CountryAttendance(country="US", delegates=4, regions=1),
            ]

    def test_load_demo_restores_edited_demo_values_without_duplicating(self, tacoma):
        Summit.objects.filter(pk=tacoma.pk).update(theme_en="Edited")
        delegate = Delegate.objects.get(summit=tacoma, email="wang.wei.cn000@demo.example.org")
        Delegate.objects.filter(pk=delegate.pk).update(
            full_name_ar="محرر", status=Delegate.Status.CANCELLED
        )
        counts = {label: len(rows) for label, rows in snapshot().items()}

        result = demo_load()

        assert (result.tallies["summits"].updated, result.tallies["delegates"].updated) == (1, 1)
        assert result.changed == 2
        assert {label: len(rows) for label, rows in snapshot().items()} == counts
        tacoma.refresh_from_db()
        assert tacoma.theme_en == "Shared Visions for a Brighter Future"
        restored = Delegate.objects.get(pk=delegate.pk)
        assert (restored.full_name_ar, restored.status) == ("وانغ وي", "confirmed")
        assert restored.agenda_token == delegate.agenda_token
        assert restored.updated_at > delegate.updated_at

    def test_load_demo_leaves_organisers_own_delegates_alone(self, tacoma):
        delegation = Delegation.objects.get(summit=tacoma, name_en="Fujian Province delegation")
        own = DelegateFactory(delegation=delegation, email="guest@example.org")

        demo_load()

        assert Delegate.objects.filter(pk=own.pk).exists()
        assert summit_attendance(summit=tacoma)[0] == CountryAttendance(
            country="CN", delegates=143, regions=14
        )


def test_demo_loaded_for_a_class_is_rolled_back_after_it():
    # Runs after TestLoadedDemo: its shared data must not leak into other tests.
    assert (Summit.objects.count(), Delegate.objects.count()) == (0, 0)
