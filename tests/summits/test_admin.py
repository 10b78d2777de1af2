import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from delegations.models import Delegate
from summits.models import Session, SessionSpeaker
from tests.factories import (
    DelegateFactory,
    DelegationFactory,
    LocalityFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    SummitFactory,
    empty_inlines,
    tacoma_time,
)

pytestmark = pytest.mark.django_db

MODELS = [
    "summits/organisation",
    "summits/summit",
    "summits/venue",
    "summits/room",
    "summits/speaker",
    "summits/session",
    "delegations/locality",
    "delegations/sisterrelationship",
    "delegations/delegation",
    "delegations/delegate",
]
# Session attendance has a list but no add page: the services write it
# (tests/attacks/test_attendance_admin.py).


@pytest.mark.parametrize("model", MODELS)
def test_every_model_has_a_working_admin_list_and_add_page(admin_client, model):
    assert admin_client.get(f"/admin/{model}/").status_code == 200
    assert admin_client.get(f"/admin/{model}/add/").status_code == 200


_TEXT_FIELD = re.compile(r"<(?:input|textarea)\b[^>]*>")


@pytest.mark.parametrize("interface", ["en", "ar"])
@pytest.mark.parametrize("model", [m for m in MODELS if m != "delegations/sisterrelationship"])
def test_each_language_field_is_written_in_its_own_direction_and_script(
    admin_client, model, interface
):
    admin_client.cookies["django_language"] = interface
    page = admin_client.get(f"/admin/{model}/add/").content.decode()

    attrs = {}
    for tag in _TEXT_FIELD.findall(page):
        name = re.search(r'name="([^"]+)"', tag)
        if name and name[1].endswith(("_en", "_zh_hans", "_ar")) and 'type="hidden"' not in tag:
            attrs[name[1]] = (re.search(r'lang="([^"]+)"', tag), re.search(r'dir="(\w+)"', tag))
    assert attrs, "a model with translated fields"
    for name, (lang, direction) in attrs.items():
        expected = {"_ar": ("ar", "rtl"), "_hans": ("zh-Hans", "ltr"), "_en": ("en", "ltr")}
        wanted = next(value for end, value in expected.items() if name.endswith(end))
        assert (lang and lang[1], direction and direction[1]) == wanted, name


def test_tabbed_admin_serves_jquery_ui_from_our_own_static_files(admin_client):
    page = admin_client.get("/admin/summits/summit/add/").content.decode()
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in page
    assert "googleapis" not in page
    assert 'name="title_en"' in page and 'name="title_zh_hans"' in page
    assert 'name="title_ar"' in page


def test_summit_admin_page_shows_attendance_figures_per_country(admin_client):
    summit = SummitFactory()
    fujian = LocalityFactory(country="CN", region_en="Fujian")
    hubei = LocalityFactory(country="CN", region_en="Hubei")
    ohio = LocalityFactory(country="US", region_en="Ohio")
    for locality, count in [(fujian, 2), (hubei, 1), (ohio, 1)]:
        delegation = DelegationFactory(summit=summit, locality=locality)
        DelegateFactory.create_batch(count, delegation=delegation)
    DelegateFactory(
        delegation=DelegationFactory(
            summit=summit, locality=LocalityFactory(country="US", region_en="Texas")
        ),
        status=Delegate.Status.CANCELLED,
    )
    page = admin_client.get(f"/admin/summits/summit/{summit.pk}/change/").content.decode()
    assert "<tr><td>China (CN)</td><td>3</td><td>2</td></tr>" in page
    assert "<tr><td>United States of America (US)</td><td>1</td><td>1</td></tr>" in page


def _session_form(session: Session, **overrides) -> dict:
    data = {
        "summit": session.summit_id,
        "kind": session.kind,
        "title_en": session.title_en,
        "title_zh_hans": "",
        "title_ar": "",
        "description_en": "",
        "description_zh_hans": "",
        "description_ar": "",
        "starts_at_0": "2024-07-19",
        "starts_at_1": "09:00:00",
        "ends_at_0": "2024-07-19",
        "ends_at_1": "10:00:00",
        "room": session.room_id or "",
        "capacity": "",
        **empty_inlines(),
    }
    data.update(overrides)
    return data


def test_admin_refuses_a_room_holding_two_overlapping_sessions(admin_client):
    room = RoomFactory(name_en="Hall A")
    summit = room.venue.summit
    SessionFactory(summit=summit, room=room, title_en="Opening ceremony")
    new = SessionFactory.build(summit=summit, room=room, title_en="Trade panel")
    # Typed in Tacoma's time, as the organisers read it.
    response = admin_client.post(
        "/admin/summits/session/add/",
        _session_form(new, starts_at_1="09:30:00", ends_at_1="10:30:00"),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["room"] == [
        "Hall A already holds “Opening ceremony” from 09:00 to 10:00."
    ]
    assert Session.objects.count() == 1


def test_admin_refuses_a_speaker_in_two_overlapping_sessions(admin_client):
    speaker = SpeakerFactory(name_en="Yang Wanming")
    existing = SessionSpeakerFactory(
        speaker=speaker, session__title_en="Keynote: friendship"
    ).session
    new = SessionFactory.build(summit=existing.summit, title_en="Mayors' panel")
    data = _session_form(
        new,
        starts_at_1="09:30:00",
        ends_at_1="10:30:00",
        **{
            "speaker_roles-TOTAL_FORMS": "1",
            "speaker_roles-0-speaker": speaker.pk,
            "speaker_roles-0-role": "panellist",
            "speaker_roles-0-position": "0",
        },
    )
    response = admin_client.post("/admin/summits/session/add/", data)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.forms[0].errors["speaker"] == [
        "Yang Wanming already speaks in “Keynote: friendship” at the same time."
    ]
    assert Session.objects.count() == 1
    assert SessionSpeaker.objects.count() == 1


def test_admin_saves_a_session_with_its_speakers_inline(admin_client):
    summit = SummitFactory()
    speaker = SpeakerFactory()
    new = SessionFactory.build(summit=summit, title_en="Case study: Tacoma–Fuzhou")
    data = _session_form(
        new,
        **{
            "speaker_roles-TOTAL_FORMS": "1",
            "speaker_roles-0-speaker": speaker.pk,
            "speaker_roles-0-role": "moderator",
            "speaker_roles-0-position": "0",
        },
    )
    response = admin_client.post("/admin/summits/session/add/", data)
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.starts_at == tacoma_time(9)  # typed in the summit's zone, not UTC
    assert [(r.speaker, r.role) for r in session.speaker_roles.all()] == [(speaker, "moderator")]


def test_a_time_typed_in_the_admin_is_the_summits_local_time(admin_client):
    summit = SummitFactory(timezone="America/Los_Angeles")
    new = SessionFactory.build(summit=summit, title_en="Mayors' panel")

    admin_client.post(
        "/admin/summits/session/add/",
        _session_form(new, starts_at_1="11:00:00", ends_at_1="12:15:00"),
    )

    session = Session.objects.get()
    assert session.starts_at == dt.datetime(2024, 7, 19, 18, 0, tzinfo=dt.UTC)
    assert session.ends_at == dt.datetime(2024, 7, 19, 19, 15, tzinfo=dt.UTC)


def test_the_session_form_shows_its_times_in_the_summits_zone_and_names_it(admin_client):
    session = SessionFactory(
        summit=SummitFactory(timezone="America/Los_Angeles"),
        starts_at=tacoma_time(10, 45),
        ends_at=tacoma_time(12),
    )

    response = admin_client.get(f"/admin/summits/session/{session.pk}/change/")

    form = response.context["adminform"].form
    html = response.content.decode()
    assert 'name="starts_at_1" value="10:45:00"' in html
    assert form.fields["starts_at"].help_text == (
        "In the summit's time zone: Pacific Time (America/Los_Angeles)"
    )


def test_the_same_hour_typed_for_a_summit_in_another_zone_is_its_own_local_time(admin_client):
    summit = SummitFactory(timezone="Asia/Shanghai", starts_on=dt.date(2019, 11, 1))
    new = SessionFactory.build(summit=summit, title_en="Opening")

    admin_client.post(
        "/admin/summits/session/add/",
        _session_form(
            new, starts_at_0="2019-11-01", starts_at_1="09:00", ends_at_0="2019-11-01",
            ends_at_1="10:00",
        ),
    )  # fmt: skip

    assert Session.objects.get().starts_at == dt.datetime(2019, 11, 1, 1, 0, tzinfo=dt.UTC)


def test_the_session_list_shows_each_row_in_its_summits_zone(admin_client):
    SessionFactory(
        summit=SummitFactory(timezone="America/Los_Angeles"),
        starts_at=tacoma_time(10, 45),
        ends_at=tacoma_time(12),
    )

    html = admin_client.get("/admin/summits/session/").content.decode()

    # The time under the date: the list fits 1366 px (tests/browser/test_admin_times.py).
    assert "19 Jul 2024<br>10:45 PDT" in html


@pytest.mark.parametrize(
    ("query", "field"),
    [("Sixth", "title_en"), ("第六届", "title_zh_hans"), ("السادسة", "title_ar")],
)
def test_summit_admin_search_finds_any_language(admin_client, query, field):
    SummitFactory(title_en="Sixth Summit", title_zh_hans="第六届峰会", title_ar="القمة السادسة")
    SummitFactory(title_en="Other")
    response = admin_client.get("/admin/summits/summit/", {"q": query})
    assert [s.title_en for s in response.context["cl"].result_list] == ["Sixth Summit"]


def test_session_list_query_count_is_flat(admin_client, django_assert_max_num_queries):
    summit = SummitFactory()
    for hour in range(0, 20):
        SessionFactory(
            summit=summit,
            room=RoomFactory(venue__summit=summit),
            starts_at=tacoma_time(hour),
            ends_at=tacoma_time(hour, 30),
        )
    with django_assert_max_num_queries(12):
        assert admin_client.get("/admin/summits/session/").status_code == 200


def test_groups_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) == {"Organisers", "Check-in staff"}


def test_organiser_can_edit_summits(organiser_client):
    summit = SummitFactory()
    assert organiser_client.get(f"/admin/summits/summit/{summit.pk}/change/").status_code == 200
    page = organiser_client.get(reverse("admin:summits_summit_changelist")).content.decode()
    assert reverse("admin:summits_summit_add") in page


def test_check_in_staff_can_view_but_not_change_summits(staff_client):
    summit = SummitFactory()
    assert staff_client.get("/admin/summits/summit/").status_code == 200
    assert staff_client.get("/admin/summits/summit/add/").status_code == 403
    response = staff_client.post(
        f"/admin/summits/summit/{summit.pk}/change/", {"title_en": "Changed"}
    )
    assert response.status_code == 403


def test_admin_language_can_be_switched_to_arabic_and_reads_right_to_left(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert '<option value="ar"' in page
    response = admin_client.post(
        "/i18n/setlang/", {"language": "ar", "next": "/admin/summits/summit/"}
    )
    assert response.status_code == 302
    page = admin_client.get("/admin/summits/summit/").content.decode()
    assert '<html lang="ar" dir="rtl"' in page


def test_summit_list_links_each_summit_to_its_staff_pages(admin_client):
    SummitFactory(slug="tacoma-2024")
    page = admin_client.get("/admin/summits/summit/").content.decode()
    assert '<a href="/en/summits/tacoma-2024/check-in/">check-in desk</a>' in page
    assert '<a href="/en/summits/tacoma-2024/dashboard/">dashboard</a>' in page


def test_raising_a_capacity_in_the_admin_moves_the_waiting_list_up(admin_client):
    from delegations.attendance.signups import session_signup

    future = dt.date.today() + dt.timedelta(days=60)
    session = SessionFactory(
        summit__starts_on=future,
        summit__ends_on=future,
        starts_at=tacoma_time(9, day=future),
        ends_at=tacoma_time(10, day=future),
        accepts_signups=True,
        capacity=1,
    )
    first, second = DelegateFactory.create_batch(2, delegation__summit=session.summit)
    session_signup(delegate=first, session=session)
    waiting = session_signup(delegate=second, session=session)
    assert waiting.status == "waitlisted"

    data = _session_form(
        session,
        capacity="2",
        accepts_signups="on",
        starts_at_0=future.isoformat(),
        ends_at_0=future.isoformat(),
    )
    response = admin_client.post(f"/admin/summits/session/{session.pk}/change/", data)
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_admin_index_leads_organisers_to_each_summits_staff_pages(organiser_client):
    SummitFactory(slug="tacoma-2024")

    page = organiser_client.get("/admin/").content.decode()

    assert "<caption>Staff pages</caption>" in page
    for path, label in [
        ("check-in", "Check-in desk"),
        ("badges", "Badges"),
        ("dashboard", "Dashboard"),
    ]:
        assert f'<a href="/en/summits/tacoma-2024/{path}/">{label}</a>' in page


def test_admin_index_offers_check_in_staff_the_desk_and_badges_only(staff_client):
    SummitFactory(slug="tacoma-2024")

    page = staff_client.get("/admin/").content.decode()

    assert '<a href="/en/summits/tacoma-2024/check-in/">Check-in desk</a>' in page
    assert "/dashboard/" not in page


def test_admin_index_in_arabic_leads_to_the_arabic_staff_pages(organiser_client):
    SummitFactory(slug="tacoma-2024")
    organiser_client.cookies["django_language"] = "ar"

    page = organiser_client.get("/admin/").content.decode()

    assert '<a href="/ar/summits/tacoma-2024/check-in/">' in page
