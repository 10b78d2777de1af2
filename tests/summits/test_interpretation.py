"""A session's languages and interpretation: the rules organisers meet in the admin, what
delegates read on the pages in three languages, and what a release freezes."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from summits.interpretation import heard_html, languages_text
from summits.models import ReleasedSessionLanguage, Session, SessionLanguage
from summits.publishing import NothingToPublish, programme_publish
from tests.factories import (
    InterpreterFactory,
    RoomFactory,
    SessionFactory,
    SessionLanguageFactory,
    SummitFactory,
    empty_inlines,
    publish,
    tacoma_time,
)

pytestmark = pytest.mark.django_db


# --- Model rules ----------------------------------------------------------------------


def test_a_language_is_listed_once_and_a_channel_carries_one_language():
    session = SessionFactory()
    SessionLanguageFactory(session=session, language="en")
    SessionLanguageFactory(session=session, language="zh-hans", channel=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        SessionLanguageFactory(session=session, language="en", channel=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionLanguageFactory(session=session, language="ar", channel=1)
    # Several languages may share the floor (no channel).
    SessionLanguageFactory(session=session, language="ar")
    assert [str(row) for row in session.languages.all()] == [
        "Arabic on the floor",
        "English on the floor",
        "Simplified Chinese on channel 1",
    ]


def test_an_interpreter_booked_elsewhere_at_the_time_is_named_with_the_other_session():
    summit = SummitFactory()
    chen = InterpreterFactory(summit=summit, name="Chen Jing")
    hall, salon = (
        RoomFactory(venue__summit=summit, name_en="Ballroom"),
        RoomFactory(venue__summit=summit, name_en="Room 310"),
    )
    keynote = SessionFactory(summit=summit, room=hall, title_en="Keynote")
    SessionLanguageFactory(session=keynote, language="zh-hans", channel=1).interpreters.add(chen)
    panel = SessionFactory(
        summit=summit, room=salon, starts_at=tacoma_time(9, 30), ends_at=tacoma_time(11)
    )
    later = SessionFactory(
        summit=summit, room=salon, starts_at=tacoma_time(10), ends_at=tacoma_time(11)
    )

    clash = SessionLanguage(session=panel, language="zh-hans", channel=1)
    free = SessionLanguage(session=later, language="zh-hans", channel=1)
    assert clash.clash_for_interpreter(chen) == (
        "Chen Jing already interprets “Keynote” (Ballroom) from 09:00 to 10:00."
    )
    assert free.clash_for_interpreter(chen) is None


# --- The admin ---------------------------------------------------------------------------


def _session_form(session: Session, **rows) -> dict:
    return {
        "summit": session.summit_id,
        "kind": session.kind,
        "title_en": session.title_en,
        "starts_at_0": "2024-07-19",
        "starts_at_1": "09:30:00",
        "ends_at_0": "2024-07-19",
        "ends_at_1": "10:30:00",
        "room": session.room_id or "",
        **empty_inlines(),
        **rows,
    }


def _languages(*rows: tuple[str, str, list[int]]) -> dict:
    data = {"languages-TOTAL_FORMS": str(len(rows))}
    for n, (language, channel, interpreters) in enumerate(rows):
        data |= {f"languages-{n}-language": language, f"languages-{n}-channel": channel}
        data[f"languages-{n}-interpreters"] = interpreters
    return data


@pytest.fixture
def booked(db):
    summit = SummitFactory()
    chen = InterpreterFactory(summit=summit, name="Chen Jing")
    keynote = SessionFactory(
        summit=summit, title_en="Keynote", room=RoomFactory(venue__summit=summit)
    )
    SessionLanguageFactory(session=keynote, language="zh-hans", channel=1).interpreters.add(chen)
    return {"summit": summit, "chen": chen, "keynote": keynote}


def _inline_errors(response) -> list:
    formset = next(
        f.formset
        for f in response.context["inline_admin_formsets"]
        if f.formset.prefix == "languages"
    )
    return [form.errors for form in formset.forms], formset.non_form_errors()


def test_admin_saves_languages_channels_and_interpreters_inline(admin_client, booked):
    li = InterpreterFactory(summit=booked["summit"], name="Li Wei")
    new = SessionFactory.build(summit=booked["summit"], title_en="Panel")
    data = _session_form(new, **_languages(("en", "", []), ("zh-hans", "2", [li.pk])))

    response = admin_client.post("/admin/summits/session/add/", data)

    assert response.status_code == 302
    session = Session.objects.get(title_en="Panel")
    assert [(r.language, r.channel) for r in session.languages.all()] == [
        ("en", None),
        ("zh-hans", 2),
    ]
    assert list(session.languages.get(language="zh-hans").interpreters.all()) == [li]


def test_admin_refuses_an_interpreter_in_two_rooms_at_once(admin_client, booked):
    new = SessionFactory.build(summit=booked["summit"], title_en="Panel")
    data = _session_form(new, **_languages(("zh-hans", "1", [booked["chen"].pk])))

    response = admin_client.post("/admin/summits/session/add/", data)

    assert response.status_code == 200
    errors, _ = _inline_errors(response)
    assert (
        errors[0]["interpreters"]
        == ["Chen Jing already interprets “Keynote” (Room 0) from 09:00 to 10:00."]
        or "already interprets “Keynote”" in errors[0]["interpreters"][0]
    )
    assert Session.objects.count() == 1


def test_admin_refuses_a_channel_twice_another_summits_interpreter_and_a_booth_on_the_floor(
    admin_client, booked
):
    stranger = InterpreterFactory(name="Omar Said")
    li = InterpreterFactory(summit=booked["summit"], name="Li Wei")
    new = SessionFactory.build(
        summit=booked["summit"],
        title_en="Panel",
        starts_at=tacoma_time(14),
        ends_at=tacoma_time(15),
    )
    data = _session_form(
        new,
        starts_at_1="14:00:00",
        ends_at_1="15:00:00",
        **_languages(("en", "", [li.pk]), ("zh-hans", "1", [stranger.pk]), ("ar", "1", [])),
    )

    response = admin_client.post("/admin/summits/session/add/", data)

    errors, non_form = _inline_errors(response)
    assert errors[0]["interpreters"] == ["Interpreters work on a channel: give this language one."]
    assert errors[1]["interpreters"] == ["Omar Said works at another summit."]
    # Rows with errors are left out of the uniqueness check until they are put right.
    data |= _languages(("en", "", []), ("zh-hans", "1", []), ("ar", "1", []))
    _errors, non_form = _inline_errors(admin_client.post("/admin/summits/session/add/", data))
    assert non_form == ["Each channel carries one language: give each language its own."]
    assert Session.objects.count() == 1


def test_check_in_staff_cannot_open_the_interpreters(staff_client, organiser_client, booked):
    url = reverse("admin:summits_interpreter_changelist")
    assert staff_client.get(url).status_code == 403
    page = organiser_client.get(url).content.decode()
    assert "Chen Jing" in page


# --- What delegates read -----------------------------------------------------------------


@pytest.fixture
def keynote(db):
    summit = SummitFactory(slug="tacoma-2024")
    session = SessionFactory(summit=summit, title_en="Keynote")
    SessionLanguageFactory(session=session, language="en")
    SessionLanguageFactory(session=session, language="zh-hans", channel=2)
    publish(summit)
    return session


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("en", "English · 中文 on channel 2"),
        ("zh-hans", "English · 中文（2 频道）"),
        ("ar", "English · 中文 على القناة 2"),
    ],
)
def test_programme_and_session_page_say_the_languages_in_the_readers_language(
    client, keynote, language, line
):
    summit = keynote.summit
    pages = [
        f"/{language}/summits/{summit.slug}/schedule/",
        f"/{language}/summits/{summit.slug}/sessions/{keynote.pk}/",
    ]
    for url in pages:
        html = client.get(url).content.decode()
        [shown] = re.findall(r'class="session__languages">(.*?)</(?:p|dd)>', html)
        shown = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", shown)
        assert re.sub(r"<[^>]+>", "", shown) == line, url
        assert '<span lang="zh-hans">中文</span>' in shown


def test_programme_filter_offers_each_language_named_in_itself(client, keynote):
    html = client.get("/ar/summits/tacoma-2024/schedule/?language=zh-hans").content.decode()
    options = re.findall(r'<option value="([a-z-]+)" lang="[a-z-]+"( selected)?>([^<]+)', html)
    assert options == [
        ("en", "", "English"),
        ("zh-hans", " selected", "中文"),
        ("ar", "", "العربية"),
    ]


def test_languages_as_text_and_for_one_reader(keynote):
    rows = list(keynote.languages.all())
    assert languages_text(rows) == "English · 中文 on channel 2"
    assert re.sub(r"<[^>]+>", "", heard_html(rows, "zh-hans")) == "Your language, 中文: channel 2"
    assert re.sub(r"<[^>]+>", "", heard_html(rows, "en")) == (
        "Your language, English, is spoken on the floor"
    )
    assert re.sub(r"<[^>]+>", "", heard_html(rows, "ar")) == "Not interpreted into العربية"
    assert heard_html([], "ar") == ""


def test_interpreters_never_reach_a_public_page_or_the_api(client, keynote):
    chen = InterpreterFactory(summit=keynote.summit, name="Chen Jing", phone="+1 253 555 0100")
    keynote.languages.get(language="zh-hans").interpreters.add(chen)
    urls = [
        "/en/summits/tacoma-2024/schedule/",
        f"/en/summits/tacoma-2024/sessions/{keynote.pk}/",
        "/en/summits/tacoma-2024/schedule.ics",
        "/en/summits/tacoma-2024/schedule.xml",
        "/api/v1/summits/tacoma-2024/schedule",
    ]
    for url in urls:
        body = client.get(url).content.decode()
        assert "Chen Jing" not in body and chen.email not in body and "555 0100" not in body, url


# --- Releases ----------------------------------------------------------------------------


def test_a_new_channel_is_published_and_old_releases_keep_theirs(keynote):
    summit = keynote.summit
    first = summit.releases.get()
    with pytest.raises(NothingToPublish):
        programme_publish(summit=summit)

    SessionLanguageFactory(session=keynote, language="ar", channel=3)
    second = programme_publish(summit=summit)

    def frozen(release):
        rows = ReleasedSessionLanguage.objects.filter(session__release=release)
        return sorted((row.language, row.channel or 0) for row in rows)

    assert frozen(first) == [("en", 0), ("zh-hans", 2)]
    assert frozen(second) == [("ar", 3), ("en", 0), ("zh-hans", 2)]
