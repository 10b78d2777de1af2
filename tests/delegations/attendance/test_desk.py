"""The check-in desk: who may open it, search in every script, arrival and session
check-in with and without JavaScript (htmx), counters, and a flat query count."""

import datetime as dt
import logging
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from delegations.attendance.desk import DESK_RESULTS_LIMIT
from delegations.attendance.permissions import CHECK_IN_STAFF
from delegations.attendance.signups import session_signup
from delegations.models import AttendanceEvent, Delegate, SessionAttendance
from tests.factories import (
    DelegateFactory,
    DelegationFactory,
    LocalityFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def washington(tacoma):
    return DelegationFactory(
        summit=tacoma,
        name_en="Washington State Delegation",
        locality=LocalityFactory(country="US", region_en="Washington"),
    )


@pytest.fixture
def layla(washington):
    return DelegateFactory(
        delegation=washington,
        full_name_en="Layla Haddad",
        full_name_ar="ليلى حداد",
        email="layla@tacoma.example.org",
        organisation="Port of Tacoma",
    )


def desk_url(summit, **query) -> str:
    url = reverse("delegations:desk", kwargs={"slug": summit.slug})
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def action_url(delegate) -> str:
    return reverse(
        "delegations:desk_action", kwargs={"slug": delegate.summit.slug, "pk": delegate.pk}
    )


def row_states(response) -> list[list[str]]:
    """The warnings (`state--wait`) of each listed row, in order."""
    rows = response.content.decode().split('<li id="delegate-')[1:]
    return [re.findall(r'<span class="state state--wait">([^<]+)</span>', row) for row in rows]


def names_listed(response) -> list[str]:
    return re.findall(
        r'<h2 class="desk-row__name" lang="en"><bdi>([^<]+)</bdi></h2>', response.content.decode()
    )


# --- Who may open it ------------------------------------------------------------------------


def test_desk_sends_anonymous_visitors_to_the_login_page(client, tacoma):
    response = client.get(desk_url(tacoma))

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next=/en/summits/{tacoma.slug}/check-in/"


def test_desk_tells_staff_without_the_check_in_group_they_may_not_open_it(client, tacoma):
    client.force_login(UserFactory(groups=[]))

    response = client.get(desk_url(tacoma))

    assert response.status_code == 403
    assert "You may not open this page." in response.content.decode()


def test_desk_sends_a_visitor_who_is_not_logged_in_to_the_login_page(client, tacoma):
    response = client.get(desk_url(tacoma))

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={desk_url(tacoma)}"


def test_desk_action_by_anonymous_changes_nothing(client, wang):
    response = client.post(action_url(wang), {"action": "arrive"})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    wang.refresh_from_db()
    assert wang.arrived_at is None


def test_desk_opens_for_check_in_staff(staff_client, tacoma):
    response = staff_client.get(desk_url(tacoma))

    assert response.status_code == 200
    assert "Check-in desk" in response.content.decode()


def test_desk_opens_for_organisers(organiser_client, tacoma):
    assert organiser_client.get(desk_url(tacoma)).status_code == 200


# --- Search ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("晓明", ["Wang Xiaoming"]),
        ("حداد", ["Layla Haddad"]),
        ("xiaoming", ["Wang Xiaoming"]),
        ("LAYLA@tacoma", ["Layla Haddad"]),
        ("福建", ["Wang Xiaoming"]),
        ("washington state", ["Layla Haddad"]),
        ("port of", ["Layla Haddad"]),
        ("example", ["Layla Haddad", "Wang Xiaoming"]),
        ("nobody", []),
        # Either order of the words, as people say a Chinese name in English.
        ("xiaoming wang", ["Wang Xiaoming"]),
        ("haddad layla", ["Layla Haddad"]),
        ("layla wang", []),
    ],
)
def test_desk_search_finds_any_spelling(staff_client, tacoma, wang, layla, text, found):
    response = staff_client.get(desk_url(tacoma), {"q": text})

    assert names_listed(response) == found


def test_desk_search_in_chinese_interface_still_finds_latin_names(staff_client, tacoma, wang):
    with translation.override("zh-hans"):
        url = desk_url(tacoma)

    response = staff_client.get(url, {"q": "Wang"})

    assert url.startswith("/zh-hans/")
    assert names_listed(response) == ["Wang Xiaoming"]


def test_desk_search_stays_within_the_summit(staff_client, tacoma, wang):
    DelegateFactory(full_name_en="Wang Elsewhere")

    response = staff_client.get(desk_url(tacoma), {"q": "wang"})

    assert names_listed(response) == ["Wang Xiaoming"]


def test_desk_search_shows_the_first_twenty_and_says_so(staff_client, tacoma, fujian):
    for n in range(DESK_RESULTS_LIMIT + 1):
        DelegateFactory(delegation=fujian, full_name_en=f"Chen {n:02d}")

    response = staff_client.get(desk_url(tacoma), {"q": "chen"})

    assert names_listed(response) == [f"Chen {n:02d}" for n in range(20)]
    assert "Showing the first 20: type more to narrow the search." in response.content.decode()


def test_desk_search_without_text_lists_nobody(staff_client, tacoma, wang):
    response = staff_client.get(desk_url(tacoma))

    assert names_listed(response) == []
    assert "Type part of a name in any script" in response.content.decode()


def test_desk_search_with_htmx_returns_results_and_counters_only(staff_client, tacoma, wang):
    response = staff_client.get(
        desk_url(tacoma), {"q": "晓明"}, HTTP_HX_TARGET="desk-results", **HTMX
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="desk-results"')
    assert '<section id="desk-counters"' in html and 'hx-swap-oob="true"' in html
    assert "<html" not in html
    assert names_listed(response) == ["Wang Xiaoming"]
    assert response["Vary"].count("HX-Request") == 1


# --- A badge's QR code ----------------------------------------------------------------------


def test_desk_opened_from_a_badge_shows_that_delegate(staff_client, tacoma, wang, layla):
    response = staff_client.get(desk_url(tacoma, delegate=wang.pk))

    assert names_listed(response) == ["Wang Xiaoming"]
    assert "desk-row--wanted" in response.content.decode()


def test_desk_opened_from_another_summits_badge_says_so(staff_client, tacoma):
    stranger = DelegateFactory()

    response = staff_client.get(desk_url(tacoma, delegate=stranger.pk))

    assert names_listed(response) == []
    assert "This badge belongs to no delegate of this summit." in response.content.decode()


def test_badge_link_shows_anonymous_visitors_nothing_personal(client, wang):
    response = client.get(desk_url(wang.summit, delegate=wang.pk), follow=True)

    html = response.content.decode()
    assert response.redirect_chain[0][0].startswith("/admin/login/?next=")
    assert "Wang" not in html and "王晓明" not in html and "fuzhou" not in html


# --- Arrival without JavaScript ---------------------------------------------------------------


def test_mark_arrived_without_javascript_redirects_back_with_a_message(
    staff_client, check_in_staff, tacoma, wang
):
    response = staff_client.post(action_url(wang), {"action": "arrive", "q": "wang"})

    assert response.status_code == 302
    assert response["Location"] == f"/en/summits/{tacoma.slug}/check-in/?q=wang&session="
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Wang Xiaoming has arrived."]
    wang.refresh_from_db()
    assert wang.status == Delegate.Status.ATTENDED
    assert AttendanceEvent.objects.get().actor == check_in_staff


def test_mark_arrived_twice_says_nothing_changed(staff_client, wang):
    staff_client.post(action_url(wang), {"action": "arrive"}, follow=True)
    response = staff_client.post(action_url(wang), {"action": "arrive"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Wang Xiaoming had already arrived: nothing changed."
    ]
    assert AttendanceEvent.objects.count() == 1


def test_mark_arrived_of_cancelled_delegate_is_refused_with_a_message(staff_client, wang):
    Delegate.objects.filter(pk=wang.pk).update(status=Delegate.Status.CANCELLED)

    response = staff_client.post(action_url(wang), {"action": "arrive"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Not checked in: the registration of Wang Xiaoming is cancelled."
    ]
    wang.refresh_from_db()
    assert wang.arrived_at is None


def test_undo_arrival_from_the_desk(staff_client, wang):
    staff_client.post(action_url(wang), {"action": "arrive"}, follow=True)

    response = staff_client.post(action_url(wang), {"action": "arrive_undo"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Arrival of Wang Xiaoming undone."]
    wang.refresh_from_db()
    assert (wang.arrived_at, wang.status) == (None, Delegate.Status.CONFIRMED)


def test_session_check_in_without_a_session_asks_for_one(staff_client, wang):
    response = staff_client.post(action_url(wang), {"action": "session"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Choose a session first."]
    assert not SessionAttendance.objects.exists()


def test_action_on_another_summits_delegate_is_404(staff_client, tacoma):
    stranger = DelegateFactory()
    url = reverse("delegations:desk_action", kwargs={"slug": tacoma.slug, "pk": stranger.pk})

    assert staff_client.post(url, {"action": "arrive"}).status_code == 404


# --- With htmx: one row and the counters -----------------------------------------------------


def test_mark_arrived_with_htmx_returns_the_row_and_updated_counters(
    staff_client, tacoma, wang, layla
):
    response = staff_client.post(action_url(wang), {"action": "arrive", "q": "wang"}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(
        f'<li id="delegate-{wang.pk}" class="desk-row desk-row--arrived'
    )
    assert "Wang Xiaoming has arrived." in html
    assert "Undo arrival" in html
    assert '<p class="desk-counters__total">1 / 2 arrived</p>' in html
    assert re.search(r'<abbr title="China">CN</abbr> 1 / 1</li>', html)
    assert re.search(r'<abbr title="United States of America">US</abbr> 0 / 1</li>', html)


def test_session_check_in_with_htmx_counts_the_session(staff_client, tacoma, wang):
    session = SessionFactory(summit=tacoma, title_en="Trade and investment")

    response = staff_client.post(
        action_url(wang), {"action": "session", "session": session.pk}, **HTMX
    )

    html = response.content.decode()
    assert "Wang Xiaoming is checked in at “Trade and investment”." in html
    assert "1 checked in at “Trade and investment”" in html
    assert "Undo session check-in" in html
    assert SessionAttendance.objects.get().session == session


def test_cancelled_delegate_with_htmx_gets_the_refusal_in_the_row(staff_client, wang):
    Delegate.objects.filter(pk=wang.pk).update(status=Delegate.Status.CANCELLED)

    response = staff_client.post(action_url(wang), {"action": "arrive"}, **HTMX)

    html = response.content.decode()
    assert (
        '<p class="desk-msg desk-msg--error" role="status">'
        "Not checked in: the registration of Wang Xiaoming is cancelled.</p>"
    ) in html


# --- The session now running ------------------------------------------------------------------


def test_desk_preselects_the_session_now_running(staff_client, tacoma, wang):
    now = timezone.now()
    SessionFactory(
        summit=tacoma, starts_at=now - dt.timedelta(hours=3), ends_at=now - dt.timedelta(hours=2)
    )
    running = SessionFactory(
        summit=tacoma,
        title_en="Mayors' roundtable",
        starts_at=now - dt.timedelta(minutes=10),
        ends_at=now + dt.timedelta(minutes=50),
    )

    response = staff_client.get(desk_url(tacoma), {"q": "wang"})

    assert response.context["session"] == running
    assert "Check in at the session" in response.content.decode()


def test_desk_with_no_session_chosen_offers_arrival_only(staff_client, tacoma, wang):
    SessionFactory(summit=tacoma)

    response = staff_client.get(desk_url(tacoma), {"q": "wang", "session": ""})

    html = response.content.decode()
    assert "Mark arrived" in html
    assert "Check in at the session" not in html


# --- Strict CSP, logs, query counts -------------------------------------------------------


def test_desk_page_has_no_inline_script_or_style(staff_client, tacoma, wang):
    response = staff_client.get(desk_url(tacoma), {"q": "wang"})

    html = response.content.decode()
    assert " style=" not in html and "<style" not in html
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/vendor/htmx/htmx.min.js" defer>'
    ]
    assert "includeIndicatorStyles&quot;:false" in html or '"includeIndicatorStyles":false' in html


def test_check_in_logs_no_personal_data(staff_client, wang, caplog):
    with caplog.at_level(logging.INFO, logger="delegations"):
        staff_client.post(action_url(wang), {"action": "arrive"})

    assert caplog.records, "the check-in is logged"
    text = caplog.text
    for personal in ("Wang", "王晓明", "wang@fuzhou.example.cn", "Fuzhou"):
        assert personal not in text
    assert f"delegate={wang.pk}" in text


@pytest.mark.parametrize("delegates", [3, 40])
def test_desk_search_query_count_is_flat(
    staff_client, django_assert_max_num_queries, tacoma, fujian, delegates
):
    session = SessionFactory(summit=tacoma)
    for n in range(delegates):
        DelegateFactory(delegation=fujian, full_name_en=f"Chen {n}")
    staff_client.get(desk_url(tacoma))  # the session and permissions cache warm up alike

    # session, user, 2x permissions, summit, running session, chosen session, delegates,
    # counters and their countries, session count, the session menu.
    with django_assert_max_num_queries(12):
        response = staff_client.get(desk_url(tacoma), {"q": "chen", "session": session.pk})

    assert len(names_listed(response)) == min(delegates, DESK_RESULTS_LIMIT)


@pytest.mark.parametrize("delegates", [3, 40])
def test_check_in_query_count_is_flat(
    staff_client, django_assert_max_num_queries, tacoma, fujian, delegates
):
    people = [DelegateFactory(delegation=fujian) for _ in range(delegates)]

    with django_assert_max_num_queries(14):
        staff_client.post(action_url(people[0]), {"action": "arrive"}, **HTMX)


def test_check_in_staff_group_is_what_opens_the_desk(client, tacoma):
    door = UserFactory(groups=[CHECK_IN_STAFF])
    client.force_login(door)

    assert client.get(desk_url(tacoma)).status_code == 200


def test_a_cancelled_delegate_shows_the_status_and_no_check_in_buttons(staff_client, tacoma, wang):
    Delegate.objects.filter(pk=wang.pk).update(status=Delegate.Status.CANCELLED)

    html = staff_client.get(desk_url(tacoma), {"q": "Wang"}).content.decode()

    assert "Registration cancelled" in html
    assert "Mark arrived" not in html and "desk-row__actions" not in html


def test_names_in_two_scripts_are_apart_and_a_bidi_override_stays_inside_its_name(
    staff_client, tacoma, wang
):
    Delegate.objects.filter(pk=wang.pk).update(
        full_name_ar="\u202eوانغ", organisation="\u202eoffice"
    )

    html = staff_client.get(desk_url(tacoma), {"q": "Wang"}).content.decode()

    assert (
        '<bdi lang="zh-Hans">王晓明</bdi><span class="desk-row__sep" aria-hidden="true"> · </span>'
        '<bdi lang="ar" dir="rtl">\u202eوانغ</bdi>'
    ) in html
    assert "<bdi>\u202eoffice</bdi>" in html


# --- A session that takes sign-ups ------------------------------------------------------------


@pytest.fixture
def workshop(tacoma):
    return SessionFactory(
        summit=tacoma, title_en="Port logistics workshop", accepts_signups=True, capacity=20
    )


def sign_up(delegate, session) -> None:
    session_signup(delegate=delegate, session=session, at=session.starts_at - dt.timedelta(days=1))


def test_desk_row_says_who_has_not_signed_up_for_a_session_that_takes_sign_ups(
    staff_client, tacoma, wang, layla, workshop
):
    sign_up(layla, workshop)

    response = staff_client.get(desk_url(tacoma, q="a", session=workshop.pk))

    rows = dict(zip(names_listed(response), row_states(response), strict=True))
    assert rows == {"Layla Haddad": [], "Wang Xiaoming": ["Not signed up for this session"]}


def test_check_in_of_someone_not_signed_up_lets_them_in_with_a_warning(
    staff_client, wang, workshop
):
    response = staff_client.post(
        action_url(wang), {"action": "session", "session": workshop.pk}, **HTMX
    )

    assert SessionAttendance.objects.filter(delegate=wang, session=workshop).exists()
    assert (
        '<p class="desk-msg desk-msg--warning" role="status">Wang Xiaoming is checked in at '
        "“Port logistics workshop”. Wang Xiaoming has not signed up for this session: their "
        "seat is not counted.</p>"
    ) in response.content.decode()


@pytest.mark.parametrize("signed_up", [True, False])
def test_check_in_without_javascript_says_the_same(staff_client, wang, workshop, signed_up):
    if signed_up:
        sign_up(wang, workshop)

    response = staff_client.post(action_url(wang), {"action": "session", "session": workshop.pk})

    (message,) = get_messages(response.wsgi_request)
    assert message.level_tag == ("success" if signed_up else "warning")
    assert ("has not signed up" in message.message) is not signed_up


def test_a_session_without_sign_ups_warns_nobody(staff_client, tacoma, wang):
    talk = SessionFactory(summit=tacoma, title_en="Keynote")

    page = staff_client.get(desk_url(tacoma, q="wang", session=talk.pk)).content.decode()
    response = staff_client.post(
        action_url(wang), {"action": "session", "session": talk.pk}, **HTMX
    )

    assert "Not signed up" not in page
    assert "desk-msg--success" in response.content.decode()
