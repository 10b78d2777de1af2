"""Personal agendas: a private, revocable link in the delegate's language, sign-ups with a
waiting list, and a calendar feed that follows the programme."""

import datetime as dt
import re

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from delegations.attendance.delegates import delegate_agenda_token_regenerate
from delegations.attendance.signups import session_signup
from delegations.links import delegate_agenda_path
from delegations.models import Delegate, SessionSignup
from tests.factories import (
    DelegateFactory,
    LocalityFactory,
    SessionFactory,
    SessionLanguageFactory,
    SummitFactory,
    publish,
)

pytestmark = pytest.mark.django_db

# The factories' summit is on 19 July 2024; these tests run after it, so sign-ups need a
# summit in the future.
FUTURE_DAY = dt.date.today() + dt.timedelta(days=30)


def at(hour: int, minute: int = 0) -> dt.datetime:
    from tests.factories import TACOMA

    return dt.datetime.combine(FUTURE_DAY, dt.time(hour, minute), tzinfo=TACOMA)


@pytest.fixture
def tacoma():
    return SummitFactory(
        slug="tacoma-next", title_en="7th Summit", starts_on=FUTURE_DAY, ends_on=FUTURE_DAY
    )


@pytest.fixture
def opening(tacoma):
    session = SessionFactory(
        summit=tacoma,
        title_en="Opening ceremony",
        title_zh_hans="开幕式",
        starts_at=at(9),
        ends_at=at(10),
    )
    publish(tacoma)
    return session


@pytest.fixture
def workshop(tacoma):
    session = SessionFactory(
        summit=tacoma,
        title_en="Port visit",
        title_zh_hans="参观港口",
        starts_at=at(14),
        ends_at=at(16),
        accepts_signups=True,
        capacity=1,
    )
    publish(tacoma)
    return session


def agenda_url(delegate, language="en") -> str:
    return delegate_agenda_path(delegate, language=language)


def ics_url(delegate) -> str:
    return reverse("delegations:agenda_ics", kwargs={"token": delegate.agenda_token})


def signup_url(delegate, session) -> str:
    return reverse(
        "delegations:agenda_signup", kwargs={"token": delegate.agenda_token, "pk": session.pk}
    )


def feed_events(response) -> dict[str, str]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["summary"]): str(e["status"]) for e in calendar.walk("VEVENT")}


# --- The private link -------------------------------------------------------------------------


def test_agenda_link_opens_in_the_delegates_language(wang):
    assert delegate_agenda_path(wang) == f"/zh-hans/agenda/{wang.agenda_token}/"


def test_agenda_link_of_a_us_delegate_with_an_arabic_spelling_opens_in_english(tacoma):
    # The news report gives every US delegate an Arabic spelling: it says nothing of
    # the language they read.
    sarah = DelegateFactory(
        delegation__summit=tacoma,
        delegation__locality=LocalityFactory(country="US", region_en="Washington"),
        full_name_ar="سارة",
    )

    assert delegate_agenda_path(sarah).startswith("/en/agenda/")


def test_agenda_link_opens_in_the_language_the_delegate_is_given(tacoma):
    layla = DelegateFactory(
        delegation__summit=tacoma,
        delegation__locality=LocalityFactory(country="US", region_en="Washington"),
        full_name_ar="ليلى حداد",
        language="ar",
    )

    assert delegate_agenda_path(layla).startswith("/ar/agenda/")


@pytest.mark.parametrize(
    ("country", "language"),
    [("EG", "ar"), ("AE", "ar"), ("CN", "zh-hans"), ("TW", "zh-hans"), ("US", "en"), ("FR", "en")],
)
def test_agenda_link_without_a_language_opens_in_the_countrys(tacoma, country, language):
    delegate = DelegateFactory(
        delegation__summit=tacoma,
        delegation__locality=LocalityFactory(country=country, region_en="Somewhere"),
    )

    assert delegate_agenda_path(delegate).startswith(f"/{language}/agenda/")


def test_agenda_shows_the_programme_in_the_delegates_language(client, wang, opening, workshop):
    response = client.get(agenda_url(wang, "zh-hans"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "王晓明" in html and "开幕式" in html and "参观港口" in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_agenda_with_a_wrong_token_is_a_plain_404(client, wang):
    response = client.get(f"/en/agenda/{'x' * 32}/")

    assert response.status_code == 404
    assert "Wang" not in response.content.decode()


def test_agenda_with_a_revoked_token_is_a_404(client, wang):
    old = agenda_url(wang)

    delegate_agenda_token_regenerate(delegate=wang, by=None)

    assert client.get(old).status_code == 404
    assert client.get(agenda_url(wang)).status_code == 200


def test_agenda_of_a_cancelled_delegate_is_a_404(client, wang):
    Delegate.objects.filter(pk=wang.pk).update(status=Delegate.Status.CANCELLED)

    assert client.get(agenda_url(wang)).status_code == 404
    assert client.get(ics_url(wang)).status_code == 404


# --- Sign-ups ------------------------------------------------------------------------------------


def test_agenda_offers_sign_up_with_seats_left(client, wang, workshop):
    html = client.get(agenda_url(wang)).content.decode()

    assert "1 of 1 seats left" in html
    assert f'action="{signup_url(wang, workshop)}"' in html
    assert ">Sign up</button>" in html


def test_sign_up_from_the_agenda_takes_the_seat(client, wang, workshop):
    response = client.post(signup_url(wang, workshop), {"action": "signup"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["You have a seat at “Port visit”."]
    assert response.redirect_chain[-1][0] == f"{agenda_url(wang)}#session-{workshop.pk}"
    assert "Your seat is confirmed" in response.content.decode()
    assert SessionSignup.objects.get().status == "confirmed"


def test_no_agenda_answer_lets_the_browser_send_its_address_on(client, wang, workshop):
    page = client.get(agenda_url(wang))
    signed_up = client.post(signup_url(wang, workshop), {"action": "signup"})
    feed = client.get(ics_url(wang))

    assert [r["Referrer-Policy"] for r in (page, signed_up, feed)] == ["no-referrer"] * 3


def test_sign_up_works_as_a_browser_sends_it_under_no_referrer(wang, workshop):
    # "no-referrer" makes the browser send "Origin: null" and no Referer with the form,
    # which Django's CSRF check refuses; the token in the URL is the credential.
    browser = Client(enforce_csrf_checks=True, HTTP_ORIGIN="null")

    response = browser.post(signup_url(wang, workshop), {"action": "signup"})

    assert response.status_code == 302
    assert SessionSignup.objects.get().status == "confirmed"


def test_sign_up_for_a_full_session_shows_the_waiting_list_position(client, tacoma, wang, workshop):
    session_signup(delegate=DelegateFactory(delegation__summit=tacoma), session=workshop)

    response = client.post(signup_url(wang, workshop), {"action": "signup"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "“Port visit” is full: you are number 1 on the waiting list."
    ]
    assert "Number 1 on the waiting list" in response.content.decode()


def test_giving_up_a_seat_moves_the_waiting_list_up(client, tacoma, wang, workshop):
    session_signup(delegate=wang, session=workshop)
    waiting = DelegateFactory(delegation__summit=tacoma)
    session_signup(delegate=waiting, session=workshop)

    response = client.post(signup_url(wang, workshop), {"action": "cancel"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Your sign-up for “Port visit” is cancelled."
    ]
    assert list(workshop.signups.values_list("delegate", "status")) == [(waiting.pk, "confirmed")]


def test_sign_up_for_a_session_without_sign_ups_is_refused(client, wang, opening):
    response = client.post(signup_url(wang, opening), {"action": "signup"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "This session does not take sign-ups."
    ]
    assert not SessionSignup.objects.exists()


def test_sign_up_with_a_wrong_token_is_a_404(client, wang, workshop):
    url = reverse("delegations:agenda_signup", kwargs={"token": "y" * 32, "pk": workshop.pk})

    assert client.post(url, {"action": "signup"}).status_code == 404


def test_sign_up_for_a_session_not_published_yet_is_a_404(client, tacoma, wang, workshop):
    unpublished = SessionFactory(summit=tacoma, accepts_signups=True, starts_at=workshop.starts_at,
                                 ends_at=workshop.ends_at)  # fmt: skip

    response = client.post(signup_url(wang, unpublished), {"action": "signup"})

    assert response.status_code == 404
    assert not SessionSignup.objects.exists()


def test_sign_up_for_another_summits_session_is_a_404(client, wang):
    elsewhere = SessionFactory(accepts_signups=True)

    assert client.post(signup_url(wang, elsewhere), {"action": "signup"}).status_code == 404


# --- The calendar feed ---------------------------------------------------------------------------


def test_feed_holds_open_sessions_and_own_sign_ups(client, tacoma, wang, opening, workshop):
    SessionFactory(
        summit=tacoma,
        title_en="Gala dinner",
        starts_at=at(19),
        ends_at=at(21),
        accepts_signups=True,
    )
    session_signup(delegate=wang, session=workshop)

    response = client.get(ics_url(wang))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert feed_events(response) == {
        "Opening ceremony": "CONFIRMED",
        "Port visit": "CONFIRMED",
    }


def test_feed_marks_a_waiting_list_place_as_tentative(client, tacoma, wang, workshop):
    session_signup(delegate=DelegateFactory(delegation__summit=tacoma), session=workshop)
    session_signup(delegate=wang, session=workshop)

    assert feed_events(client.get(ics_url(wang))) == {"Waiting list (1): Port visit": "TENTATIVE"}


def test_feed_follows_programme_changes(client, wang, opening):
    before = client.get(ics_url(wang))
    opening.title_en = "Opening ceremony and welcome"
    opening.starts_at = at(9, 30)
    opening.save()
    unpublished = client.get(ics_url(wang))
    publish(opening.summit)

    after = client.get(ics_url(wang))

    assert list(feed_events(before)) == list(feed_events(unpublished)) == ["Opening ceremony"]
    event = icalendar.Calendar.from_ical(after.content).walk("VEVENT")[0]
    assert str(event["summary"]) == "Opening ceremony and welcome"
    assert event.decoded("dtstart") == at(9, 30)
    assert str(event["uid"]) == f"agenda-{wang.pk}-session-{opening.pk}@sistersummits"


def test_feed_is_in_the_language_of_its_address(client, wang, opening):
    with translation.override("zh-hans"):
        url = ics_url(wang)

    assert list(feed_events(client.get(url))) == ["开幕式"]


@pytest.mark.parametrize("sessions", [2, 25])
def test_agenda_query_count_is_flat(client, django_assert_max_num_queries, tacoma, wang, sessions):
    for n in range(sessions):
        session = SessionFactory(
            summit=tacoma,
            starts_at=at(8, n),
            ends_at=at(8, n + 1),
            accepts_signups=True,
            capacity=3,
        )
        session_signup(delegate=wang, session=session)
    publish(tacoma)

    # delegate, sessions, own sign-ups, waiting lists, check-ins.
    with django_assert_max_num_queries(5):
        page = client.get(agenda_url(wang))
    with django_assert_max_num_queries(5):
        feed = client.get(ics_url(wang))

    assert page.status_code == feed.status_code == 200
    assert len(feed_events(feed)) == sessions


def test_feed_leaves_out_open_sessions_parallel_to_a_booked_seat(client, tacoma, wang, workshop):
    """A booked session is the delegate's plan for that hour: the open session running at
    the same time would double-book their calendar."""
    SessionFactory(summit=tacoma, title_en="Trade panel", starts_at=at(15), ends_at=at(16))
    SessionFactory(summit=tacoma, title_en="Closing", starts_at=at(16), ends_at=at(17))
    publish(tacoma)
    session_signup(delegate=wang, session=workshop)

    assert feed_events(client.get(ics_url(wang))) == {
        "Port visit": "CONFIRMED",
        "Closing": "CONFIRMED",
    }


def test_agenda_page_offers_webcal_and_a_download(client, wang):
    response = client.get(agenda_url(wang))

    webcal = f"webcal://testserver{ics_url(wang)}"
    assert f'href="{webcal}"' in response.content.decode()
    assert f'href="http://testserver{ics_url(wang)}" download' in response.content.decode()


def test_a_sign_up_message_is_shown_in_the_session_the_page_comes_back_to(client, wang, workshop):
    response = client.post(signup_url(wang, workshop), {"action": "signup"}, follow=True)

    html = response.content.decode()
    card = html[html.index(f'id="session-{workshop.pk}"') :]
    card = card[: card.index("</li>")]
    assert (
        '<p class="desk-msg desk-msg--success" role="status">You have a seat at “Port visit”.</p>'
    ) in card
    assert html.count("You have a seat at “Port visit”.") == 1  # not at the top as well


def test_a_refused_sign_up_says_why_in_the_session(client, tacoma, wang, workshop):
    clash = SessionFactory(
        summit=tacoma,
        title_en="Mayors' lunch",
        accepts_signups=True,
        starts_at=workshop.starts_at,
        ends_at=workshop.ends_at,
    )
    publish(tacoma)
    client.post(signup_url(wang, workshop), {"action": "signup"})

    response = client.post(signup_url(wang, clash), {"action": "signup"}, follow=True)

    html = response.content.decode()
    card = html[html.index(f'id="session-{clash.pk}"') :]
    assert '<p class="desk-msg desk-msg--error" role="status">' in card[: card.index("</li>")]


def test_a_full_session_says_how_long_its_waiting_list_is(client, tacoma, wang, workshop):
    for _ in range(3):  # one seat taken, two waiting
        session_signup(delegate=DelegateFactory(delegation__summit=tacoma), session=workshop)

    html = client.get(agenda_url(wang)).content.decode()

    assert "0 of 1 seats left" in html
    assert '<span class="agenda-waiting">2 waiting</span>' in html


def test_agenda_shows_the_channel_for_the_delegates_own_language(client, wang, tacoma):
    keynote = SessionFactory(summit=tacoma, title_en="Keynote", starts_at=at(9), ends_at=at(10))
    SessionLanguageFactory(session=keynote, language="en")
    SessionLanguageFactory(session=keynote, language="zh-hans", channel=1)
    lunch = SessionFactory(summit=tacoma, title_en="Lunch", starts_at=at(12), ends_at=at(13))
    SessionLanguageFactory(session=lunch, language="en")
    publish(tacoma)
    layla = DelegateFactory(delegation=wang.delegation, language="ar")

    # Wang reads Chinese (his country's language); the page may be in English.
    chinese = client.get(agenda_url(wang, "en")).content.decode()
    arabic = client.get(agenda_url(layla, "ar")).content.decode()

    lines = re.findall(r'<p class="agenda-channel">(.*?)</p>', chinese)
    assert [re.sub(r"<[^>]+>", "", line) for line in lines] == [
        "Your language, 中文: channel 1",
        "Not interpreted into 中文",
    ]
    assert '<span lang="ar">العربية</span>' in arabic
