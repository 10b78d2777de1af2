import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from delegations.models import Delegate
from summits.models import Session, SessionSpeaker, Summit
from tests.factories import (
    DelegateFactory,
    DelegationFactory,
    LocalityFactory,
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

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2024, 7, 19)
SATURDAY = dt.date(2024, 7, 20)
KINDS = list(Session.Kind)
ROLES = list(SessionSpeaker.Role)


def build_programme(*, sessions: int, speakers: int = 60, slug: str = "tacoma-2024") -> Summit:
    """A two-day Tacoma summit: two rooms, `sessions` sessions spread over both days and
    rooms, each with one speaker drawn from `speakers` people (none when 0), in English with
    Chinese on channel 1."""
    summit = SummitFactory(
        slug=slug,
        title_en="6th China–US Sister Cities Summit",
        starts_on=FRIDAY,
        ends_on=SATURDAY,
    )
    summit.hosts.add(
        OrganisationFactory(
            name_en="Chinese People's Association for Friendship with Foreign Countries",
            short_name_en="CPAFFC",
        ),
        OrganisationFactory(name_en="Sister Cities International", short_name_en="SCI"),
    )
    venue = VenueFactory(summit=summit)
    rooms = [
        RoomFactory(venue=venue, name_en="Main hall", position=1),
        RoomFactory(venue=venue, name_en="Salon B", position=2),
    ]
    people = SpeakerFactory.create_batch(min(speakers, sessions))
    for index in range(sessions):
        day = FRIDAY if index % 2 == 0 else SATURDAY
        minutes = 8 * 60 + (index // 4) * 2
        start = tacoma_time(minutes // 60, minutes % 60, day=day)
        session = SessionFactory(
            summit=summit,
            room=rooms[(index // 2) % 2],
            kind=KINDS[index % len(KINDS)],
            title_en=f"Session {index}",
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=45),
        )
        if people:
            speaker = people[index % len(people)]
            SessionSpeakerFactory(session=session, speaker=speaker, role=ROLES[index % len(ROLES)])
        SessionLanguageFactory(session=session, language="en")
        SessionLanguageFactory(session=session, language="zh-hans", channel=1)
    publish(summit)
    return summit


def text(response) -> str:
    """The response's text with tags removed and whitespace collapsed, as a reader sees it."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"</?(a|abbr|b|bdi|em|i|small|span|strong|time)\b[^>]*>", "", body)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def titles(response, css_class: str) -> list[str]:
    pattern = rf'class="{css_class}"><a href="[^"]+">([^<]+)</a>'
    return [unescape(title) for title in re.findall(pattern, response.content.decode())]


# --- Summit list ----------------------------------------------------------------------


def test_summit_list_shows_upcoming_soonest_first_then_past_latest_first(client):
    today = timezone.localdate()
    SummitFactory(
        title_en="Washington DC 2014", starts_on=dt.date(2014, 3, 26), ends_on=dt.date(2014, 3, 27)
    )
    SummitFactory(title_en="Tacoma 2024", starts_on=FRIDAY, ends_on=FRIDAY)
    later = today + dt.timedelta(days=400)
    soon = today + dt.timedelta(days=30)
    SummitFactory(title_en="Later summit", starts_on=later, ends_on=later)
    SummitFactory(title_en="Next summit", starts_on=soon, ends_on=soon)
    # A summit on its last day today is still upcoming.
    SummitFactory(title_en="Today's summit", starts_on=today - dt.timedelta(days=1), ends_on=today)

    response = client.get(reverse("summits:list"))

    assert response.status_code == 200
    assert titles(response, "card__title") == [
        "Today's summit",
        "Next summit",
        "Later summit",
        "Tacoma 2024",
        "Washington DC 2014",
    ]
    page = text(response)
    assert page.index("Upcoming") < page.index("Next summit") < page.index("Past summits")
    assert "26 – 27 Mar 2014 · Tacoma, United States of America" in page


def test_summit_list_without_summits_says_so(client):
    response = client.get(reverse("summits:list"))
    assert "No summits have been announced yet." in text(response)


# --- Summit page ----------------------------------------------------------------------


def test_summit_page_shows_theme_dates_place_hosts_and_attendance(client):
    summit = build_programme(sessions=1)
    summit.dates_note_en = "The day was reported by the organisers."
    summit.save()
    fujian = LocalityFactory(country="CN", region_en="Fujian")
    hubei = LocalityFactory(country="CN", region_en="Hubei")
    washington = LocalityFactory(country="US", region_en="Washington")
    for locality, count in ((fujian, 2), (hubei, 1), (washington, 1)):
        delegation = DelegationFactory(summit=summit, locality=locality)
        DelegateFactory.create_batch(count, delegation=delegation)
    DelegateFactory(
        delegation=DelegationFactory(
            summit=summit, locality=LocalityFactory(country="US", region_en="Ohio")
        ),
        status=Delegate.Status.CANCELLED,
    )

    response = client.get(summit.get_absolute_url())

    assert response.status_code == 200
    page = text(response)
    assert "Theme: Shared Visions for a Brighter Future" in page
    assert "Dates 19 – 20 Jul 2024 The day was reported by the organisers." in page
    assert "Place Tacoma, United States of America Greater Tacoma Convention Center" in page
    assert "Local time Pacific Daylight Time (America/Los_Angeles, PDT)" in page
    assert (
        "Hosted by Chinese People's Association for Friendship with Foreign Countries (CPAFFC)"
        " Sister Cities International (SCI)"
    ) in page
    assert "China 3 representatives from 2 provinces" in page
    assert "United States of America 1 representative from 1 state" in page


def test_summit_page_names_regions_for_countries_other_than_china_and_the_us(client):
    summit = SummitFactory()
    delegation = DelegationFactory(
        summit=summit, locality=LocalityFactory(country="MX", region_en="Jalisco")
    )
    DelegateFactory.create_batch(2, delegation=delegation)
    response = client.get(summit.get_absolute_url())
    assert "Mexico 2 representatives from 1 region" in text(response)


def test_summit_page_of_a_past_summit_stays_readable(client):
    summit = SummitFactory(starts_on=dt.date(2014, 3, 26), ends_on=dt.date(2014, 3, 27))
    response = client.get(summit.get_absolute_url())
    assert response.status_code == 200
    assert "This summit has taken place. Its programme stays here for reference." in text(response)


def test_summit_page_of_an_unknown_summit_is_404(client):
    assert client.get(reverse("summits:detail", kwargs={"slug": "nowhere"})).status_code == 404


# --- Programme ------------------------------------------------------------------------


def test_programme_lists_sessions_by_day_in_summit_time(client):
    summit = build_programme(sessions=4)

    response = client.get(summit.get_schedule_url())

    assert response.status_code == 200
    page = text(response)
    assert "All times are local time in Tacoma (Pacific Daylight Time)." in page
    friday = page.index("Friday, 19 July 2024 08:00–08:45 PDT Session 0")
    saturday = page.index("Saturday, 20 July 2024 08:00–08:45 PDT Session 1")
    assert friday < saturday
    assert "Session 0 Keynote Main hall Languages: English · 中文 on channel 1 Speaker" in page
    assert titles(response, "session__title") == [
        "Session 0",
        "Session 2",
        "Session 1",
        "Session 3",
    ]


def test_programme_times_do_not_depend_on_the_readers_time_zone(client, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    summit = build_programme(sessions=1)
    response = client.get(summit.get_schedule_url())
    assert (
        '<time datetime="2024-07-19T08:00:00-07:00">08:00</time>–'
        '<time datetime="2024-07-19T08:45:00-07:00">08:45</time> '
        '<abbr title="Pacific Daylight Time">PDT</abbr>'
    ) in response.content.decode()


def test_programme_filtered_by_day_room_and_kind(client):
    summit = build_programme(sessions=12)
    hall = summit.venues.get().rooms.get(name_en="Main hall")

    response = client.get(
        summit.get_schedule_url(), {"day": "2024-07-19", "room": hall.pk, "kind": "keynote"}
    )

    # Friday sessions are the even ones; Main hall holds 0, 1, 4, 5, 8, 9; keynotes 0, 5, 10.
    assert titles(response, "session__title") == ["Session 0"]
    body = response.content.decode()
    assert '<option value="2024-07-19" selected>Friday, 19 July 2024</option>' in body
    assert f'<option value="{hall.pk}" selected>Main hall</option>' in body
    assert '<option value="keynote" selected>Keynote</option>' in body
    assert "Clear filters" in text(response)


def test_programme_filter_form_is_folded_until_a_filter_applies(client):
    summit = build_programme(sessions=1)
    plain = client.get(summit.get_schedule_url()).content.decode()
    filtered = client.get(summit.get_schedule_url(), {"kind": "panel"}).content.decode()
    assert '<details class="filters">' in plain
    assert '<details class="filters" open>' in filtered


def test_programme_filter_by_room_alone_keeps_both_days(client):
    summit = build_programme(sessions=8)
    salon = summit.venues.get().rooms.get(name_en="Salon B")
    response = client.get(summit.get_schedule_url(), {"room": salon.pk})
    assert titles(response, "session__title") == [
        "Session 2",
        "Session 6",
        "Session 3",
        "Session 7",
    ]
    assert "Friday, 19 July 2024" in text(response)
    assert "Saturday, 20 July 2024" in text(response)


def test_programme_ignores_a_room_of_another_summit(client):
    summit = build_programme(sessions=2)
    foreign = RoomFactory()
    response = client.get(summit.get_schedule_url(), {"room": foreign.pk})
    assert titles(response, "session__title") == ["Session 0", "Session 1"]
    assert "Clear filters" not in text(response)


def test_programme_with_filters_matching_nothing_says_so(client):
    summit = build_programme(sessions=1)
    response = client.get(summit.get_schedule_url(), {"kind": "ceremony"})
    assert "No sessions match these filters." in text(response)


def test_programme_without_sessions_says_it_is_not_published(client):
    summit = SummitFactory()
    response = client.get(summit.get_schedule_url())
    assert "The programme has not been published yet." in text(response)


def test_programme_day_links_keep_the_other_filters(client):
    summit = build_programme(sessions=2)
    response = client.get(summit.get_schedule_url(), {"kind": "panel"})
    body = response.content.decode()
    path = summit.get_schedule_url()
    assert f'<a href="{path}?kind=panel" aria-current="page">All days</a>' in body
    assert f'<a href="{path}?day=2024-07-20&amp;kind=panel">Saturday, 20 July 2024</a>' in body


def test_programme_links_calendar_feeds_with_the_same_filters(client):
    summit = build_programme(sessions=2)
    hall = summit.venues.get().rooms.get(name_en="Main hall")

    response = client.get(summit.get_schedule_url(), {"room": hall.pk, "kind": "panel"})

    body = response.content.decode()
    query = f"?room={hall.pk}&amp;kind=panel"
    ics = reverse("summits:schedule_ics", kwargs={"slug": summit.slug})
    xml = reverse("summits:schedule_xml", kwargs={"slug": summit.slug})
    assert f'<a href="webcal://testserver{ics}{query}">' in body
    assert f'<a href="{ics}{query}" download>' in body
    assert f'<a href="{xml}{query}">' in body
    assert "These links follow the filters above." in text(response)


def test_programme_feed_links_without_filters_have_no_query(client):
    summit = build_programme(sessions=1)
    body = client.get(summit.get_schedule_url()).content.decode()
    ics = reverse("summits:schedule_ics", kwargs={"slug": summit.slug})
    assert f'<a href="webcal://testserver{ics}">' in body


# --- Session and speakers --------------------------------------------------------------


def test_session_page_shows_time_room_description_and_speakers_with_roles(client):
    summit = build_programme(sessions=1, speakers=0)
    session = summit.sessions.get()
    session.description_en = "Mayors and governors on thirty years of ties."
    session.save()
    organisation = OrganisationFactory(name_en="City of Tacoma")
    mayor = SpeakerFactory(
        name_en="Victoria Woodards", position_en="Mayor of Tacoma", organisation=organisation
    )
    SessionSpeakerFactory(
        session=session, speaker=mayor, role=SessionSpeaker.Role.MODERATOR, position=0
    )
    publish(summit)

    response = client.get(session.get_absolute_url())

    assert response.status_code == 200
    page = text(response)
    assert "Kind Keynote" in page
    assert "When Friday, 19 July 2024 08:00–08:45 PDT" in page
    assert "Where Main hall Greater Tacoma Convention Center" in page
    assert "Mayors and governors on thirty years of ties." in page
    assert "Victoria Woodards Moderator Mayor of Tacoma, City of Tacoma" in page
    ics = reverse("summits:session_ics", kwargs={"slug": summit.slug, "pk": session.pk})
    assert f'href="{ics}"' in response.content.decode()


def test_session_of_another_summit_is_404(client):
    summit = build_programme(sessions=1)
    other = SessionFactory()
    url = reverse("summits:session", kwargs={"slug": summit.slug, "pk": other.pk})
    assert client.get(url).status_code == 404


def test_speaker_list_shows_only_this_summits_speakers_with_their_sessions(client):
    summit = build_programme(sessions=0)
    session = SessionFactory(summit=summit, title_en="Opening ceremony")
    mayor = SpeakerFactory(name_en="Victoria Woodards", position_en="Mayor of Tacoma")
    SessionSpeakerFactory(session=session, speaker=mayor, role=SessionSpeaker.Role.KEYNOTE)
    publish(
        SessionSpeakerFactory(speaker=SpeakerFactory(name_en="Elsewhere Person")).session.summit
    )
    publish(summit)

    response = client.get(reverse("summits:speakers", kwargs={"slug": summit.slug}))

    page = text(response)
    assert "Victoria Woodards Mayor of Tacoma Opening ceremony Keynote speaker" in page
    assert "Elsewhere Person" not in page


def test_speaker_list_without_speakers_says_so(client):
    summit = SummitFactory()
    response = client.get(reverse("summits:speakers", kwargs={"slug": summit.slug}))
    assert "The speakers have not been announced yet." in text(response)


def test_speaker_page_shows_bio_and_only_this_summits_sessions(client):
    summit = build_programme(sessions=0)
    mayor = SpeakerFactory(
        name_en="Victoria Woodards", position_en="Mayor of Tacoma", bio_en="Mayor since 2018."
    )
    SessionSpeakerFactory(
        session=SessionFactory(summit=summit, title_en="Opening ceremony"),
        speaker=mayor,
        role=SessionSpeaker.Role.KEYNOTE,
    )
    elsewhere = SessionFactory(title_en="Another summit's panel")
    SessionSpeakerFactory(session=elsewhere, speaker=mayor)
    publish(summit)
    publish(elsewhere.summit)

    response = client.get(
        reverse("summits:speaker", kwargs={"slug": summit.slug, "speaker": mayor.slug})
    )

    page = text(response)
    assert "Victoria Woodards Mayor of Tacoma Mayor since 2018." in page
    assert "Friday, 19 July 2024 09:00–10:00 PDT Opening ceremony Keynote speaker" in page
    assert "Another summit's panel" not in page


def test_speaker_page_of_someone_not_speaking_at_this_summit_is_404(client):
    summit = build_programme(sessions=1)
    stranger = SessionSpeakerFactory().speaker
    url = reverse("summits:speaker", kwargs={"slug": summit.slug, "speaker": stranger.slug})
    assert client.get(url).status_code == 404


# --- What every public page promises ---------------------------------------------------


def public_urls(summit: Summit) -> list[str]:
    session = summit.sessions.first()
    speaker = session.speakers.first()
    return [
        reverse("summits:list"),
        summit.get_absolute_url(),
        summit.get_schedule_url(),
        session.get_absolute_url(),
        reverse("summits:speakers", kwargs={"slug": summit.slug}),
        reverse("summits:speaker", kwargs={"slug": summit.slug, "speaker": speaker.slug}),
    ]


def test_public_pages_show_no_personal_data(client):
    summit = build_programme(sessions=2)
    delegate = DelegateFactory(
        delegation=DelegationFactory(summit=summit),
        full_name_en="Zhang Wei",
        email="zhang.wei@example.cn",
        phone="+86 591 8765 4321",
        status=Delegate.Status.ATTENDED,
    )
    for language in ("en", "zh-hans", "ar"):
        for url in public_urls(summit):
            url = url.replace("/en/", f"/{language}/", 1)
            body = client.get(url).content.decode()
            for secret in (delegate.email, delegate.phone, delegate.full_name_en, "@example"):
                assert secret not in body, (url, secret)


def test_public_pages_are_cacheable_by_anyone_and_set_no_cookie(client):
    summit = build_programme(sessions=1)
    for url in public_urls(summit):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, max-age=60", url
        assert "Cookie" not in response.get("Vary", ""), url
        assert response.cookies == {}, url
        assert response.has_header("ETag"), url


def test_public_page_answers_304_when_unchanged(client):
    summit = build_programme(sessions=1)
    first = client.get(summit.get_schedule_url())
    again = client.get(summit.get_schedule_url(), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_public_pages_refuse_post(client):
    summit = build_programme(sessions=1)
    assert client.post(summit.get_schedule_url()).status_code == 405


def test_public_pages_have_no_inline_styles_or_scripts(client):
    summit = build_programme(sessions=2)
    for url in public_urls(summit):
        response = client.get(url)
        body = response.content.decode()
        assert "style-src 'self'" in response["Content-Security-Policy"]
        assert re.findall(r"\sstyle=|<style|<script(?![^>]*\bsrc=)|\son[a-z]+=", body) == [], url


# --- Query counts -----------------------------------------------------------------------

PAGES = {
    "list": (lambda summit: reverse("summits:list"), 2),
    "summit": (lambda summit: summit.get_absolute_url(), 4),
    "programme": (lambda summit: summit.get_schedule_url(), 5),
    "programme filtered": (
        lambda summit: summit.get_schedule_url() + "?day=2024-07-19&language=zh-hans",
        5,
    ),
    "session": (lambda summit: summit.sessions.last().get_absolute_url(), 4),
    "speakers": (lambda summit: reverse("summits:speakers", kwargs={"slug": summit.slug}), 3),
    "speaker": (
        lambda summit: reverse(
            "summits:speaker",
            kwargs={"slug": summit.slug, "speaker": summit.sessions.first().speakers.get().slug},
        ),
        3,
    ),
}


@pytest.mark.parametrize("sessions", [1, 300])
@pytest.mark.parametrize("page", list(PAGES))
def test_page_query_count_is_flat(client, django_assert_max_num_queries, page, sessions):
    summit = build_programme(sessions=sessions)
    DelegateFactory.create_batch(3, delegation=DelegationFactory(summit=summit))
    make_url, queries = PAGES[page]
    url = make_url(summit)
    with django_assert_max_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


def test_programme_calendar_links_lead_to_calendars(client):
    summit = build_programme(sessions=4)
    hall = summit.venues.get().rooms.get(name_en="Main hall")
    body = client.get(summit.get_schedule_url(), {"room": hall.pk}).content.decode()
    ics = unescape(re.search(r'<a href="([^"]+\.ics[^"]*)" download>', body)[1])
    xml = unescape(re.search(r'<a href="([^"]+\.xml[^"]*)">', body)[1])

    calendar = client.get(ics)
    schedule = client.get(xml)

    assert calendar.status_code == 200
    assert calendar["Content-Type"].startswith("text/calendar")
    # Main hall holds sessions 0 and 1 of the four.
    assert calendar.content.decode().count("BEGIN:VEVENT") == 2
    assert schedule.status_code == 200


def test_programme_page_is_served_from_the_cache_until_the_programme_changes(
    client, django_assert_num_queries
):
    session = SessionFactory(title_en="Opening ceremony")
    publish(session.summit)
    url = session.summit.get_schedule_url()
    assert "Opening ceremony" in client.get(url).content.decode()
    with django_assert_num_queries(0):
        again = client.get(url)
    assert "Opening ceremony" in again.content.decode()

    session.title_en = "Opening ceremony (moved)"
    session.save()
    with django_assert_num_queries(0):  # an edit of the working programme is not public
        assert "Opening ceremony (moved)" not in client.get(url).content.decode()
    publish(session.summit)
    assert "Opening ceremony (moved)" in client.get(url).content.decode()


def test_programme_page_is_gzipped_for_clients_that_take_it(client):
    import gzip

    session = SessionFactory(title_en="Opening ceremony")
    publish(session.summit)
    response = client.get(session.summit.get_schedule_url(), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Opening ceremony" in gzip.decompress(response.content).decode()


def test_pages_describe_themselves_and_name_their_other_languages_absolutely(client):
    summit = build_programme(sessions=1)

    html = client.get(summit.get_schedule_url()).content.decode()

    assert '<meta name="description" content="The programme of the ' in html
    assert (
        f'<link rel="alternate" hreflang="zh-hans" href="http://testserver/zh-hans/summits/'
        f'{summit.slug}/schedule/">' in html
    )
    assert f'hreflang="x-default" href="http://testserver/en/summits/{summit.slug}/' in html


def test_a_summit_without_a_programme_offers_no_filters_or_calendars(client):
    summit = SummitFactory()

    html = client.get(summit.get_schedule_url()).content.decode()

    assert "The programme has not been published yet." in html
    assert "Filter the programme" not in html and "webcal://" not in html


def test_speakers_are_listed_in_the_order_of_the_pages_own_script(client):
    summit = build_programme(sessions=0)
    session = SessionFactory(summit=summit)
    people = [
        ("Alice Zhang", "张伟"),
        ("Bella Wang", "王芳"),
        ("Chris Li", "李明"),
        ("Diana Chen", "陈静"),
    ]
    for english, chinese in people:
        SessionSpeakerFactory(
            session=session, speaker=SpeakerFactory(name_en=english, name_zh_hans=chinese)
        )
    publish(summit)

    def names(language: str) -> list[str]:
        page = client.get(f"/{language}/summits/{summit.slug}/speakers/").content.decode()
        return re.findall(r'class="person__name"[^>]*>([^<]+)<', page)

    assert names("en") == ["Alice Zhang", "Bella Wang", "Chris Li", "Diana Chen"]
    # In pinyin order, as a Chinese index would (Chen, Li, Wang, Zhang), neither in the
    # English names' order nor in the characters' code points (张 comes first there).
    assert names("zh-hans") == ["陈静", "李明", "王芳", "张伟"]
