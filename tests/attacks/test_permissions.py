"""Who may open what: every admin model's pages, the attendee import and export, the staff
pages and the private agendas, each tried by three users: anonymous, a member of
"Check-in staff" and a member of "Organisers" (neither is a superuser).

The expected answers are written out below, model by model, rather than derived from the
permissions, so that a permission granted by mistake shows up as a difference.
"""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation

from delegations.attendance.checkin import delegate_check_in
from delegations.attendance.delegates import delegate_agenda_token_regenerate
from delegations.mail.models import Announcement, OutboxMessage
from delegations.models import (
    AttendanceEvent,
    Delegate,
    SessionAttendance,
    SessionSignup,
    SisterRelationship,
)
from summits.models import Interpreter
from tests.factories import (
    DelegateFactory,
    LocalityFactory,
    OrganisationFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db

PAGES = ("changelist", "add", "change", "delete", "history")
ALL = (200, 200, 200, 200, 200)
NONE = (403, 403, 403, 403, 403)
VIEW = (200, 403, 200, 403, 200)  # the list and a read-only change page, nothing else

# model: (Check-in staff, Organisers), one answer per page in PAGES.
EXPECTED = {
    # User accounts and login lockouts are the superuser's, not the organisers'.
    "auth.group": (NONE, NONE),
    "auth.user": (NONE, NONE),
    "axes.accessattempt": (NONE, NONE),
    "axes.accesslog": (NONE, NONE),
    "axes.accessfailurelog": (NONE, NONE),
    # Check-in staff read the programme and the delegates...
    "summits.organisation": (VIEW, ALL),
    "summits.summit": (VIEW, ALL),
    "summits.venue": (VIEW, ALL),
    "summits.room": (VIEW, ALL),
    "summits.speaker": (VIEW, ALL),
    "summits.session": (VIEW, ALL),
    # ...but not the interpreters, whose contacts are the organisers' business.
    "summits.interpreter": (NONE, ALL),
    "delegations.locality": (VIEW, ALL),
    "delegations.delegation": (VIEW, ALL),
    "delegations.delegate": (VIEW, ALL),
    "delegations.sisterrelationship": (NONE, ALL),
    # Attendance, sign-ups and the audit trail are written only by the attendance services
    # (the desk, the agendas, the admin's actions): read-only for everyone in the admin.
    "delegations.sessionattendance": (VIEW, VIEW),
    "delegations.sessionsignup": (VIEW, VIEW),
    "delegations.attendanceevent": (NONE, VIEW),
    # The outbox holds addresses and private links: the organisers' alone, written by the
    # mail services.
    "delegations.outboxmessage": (NONE, VIEW),
    # Messages the organisers write to delegates: theirs alone.
    "delegations.announcement": (NONE, ALL),
}


def test_every_admin_model_has_its_expected_answers_written_down():
    assert sorted(model._meta.label_lower for model in admin.site._registry) == sorted(EXPECTED)


@pytest.fixture
def users(organiser, check_in_staff):
    """Anonymous, Check-in staff and Organisers, each with a client of their own."""
    clients = {"anonymous": Client()}
    for name, user in (("Check-in staff", check_in_staff), ("Organisers", organiser)):
        clients[name] = Client()
        clients[name].force_login(user)
    assert not organiser.is_superuser and not check_in_staff.is_superuser
    assert list(organiser.groups.values_list("name", flat=True)) == ["Organisers"]
    assert list(check_in_staff.groups.values_list("name", flat=True)) == ["Check-in staff"]
    return clients


@pytest.fixture
def objects(organiser):
    """One row of every model in the admin."""
    session = SessionFactory(room=RoomFactory(), accepts_signups=True)
    summit = session.summit
    summit.hosts.add(OrganisationFactory())
    delegate = DelegateFactory(delegation__summit=summit)
    session.speaker_roles.create(speaker=SpeakerFactory(), role="panellist")
    delegate_check_in(delegate=delegate, session=session, by=organiser)
    SessionSignup.objects.create(delegate=delegate, session=session, status="confirmed")
    ohio, hubei = LocalityFactory(country="US", region_en="Ohio"), LocalityFactory()
    access = {
        "user_agent": "test",
        "ip_address": "192.0.2.1",
        "username": "door",
        "http_accept": "*/*",
        "path_info": "/admin/login/",
    }
    rows = [
        Group.objects.get(name="Organisers"),
        organiser,
        AccessAttempt.objects.create(**access, get_data="", post_data="", failures_since_start=1),
        AccessLog.objects.create(**access),
        AccessFailureLog.objects.create(**access),
        summit.hosts.get(),
        summit,
        session.room.venue,
        session.room,
        session.speakers.get(),
        session,
        Interpreter.objects.create(summit=summit, name="Chen Jing", email="chen@example.org"),
        ohio,
        delegate.delegation,
        delegate,
        SisterRelationship.objects.create(
            first=ohio, second=hubei, level="province_state", established_in=1979
        ),
        SessionAttendance.objects.get(),
        SessionSignup.objects.get(),
        AttendanceEvent.objects.filter(session=session).first(),
        Announcement.objects.create(summit=summit, subject_en="Bus", body_en="At 13:30."),
        OutboxMessage.objects.create(
            key="invitation:test", kind="invitation", summit=summit, delegate=delegate,
            recipient=delegate.email, language="en", subject="Invitation", body_text="…",
            body_html="…",
        ),
    ]  # fmt: skip
    return {row._meta.label_lower: row for row in rows}


def admin_url(row, page: str) -> str:
    opts = row._meta
    name = f"admin:{opts.app_label}_{opts.model_name}_{page}"
    return reverse(name) if page in ("changelist", "add") else reverse(name, args=[row.pk])


@pytest.mark.parametrize("label", sorted(EXPECTED))
def test_admin_pages_answer_each_user_as_expected(users, objects, label):
    row = objects[label]
    urls = [admin_url(row, page) for page in PAGES]

    answers = {name: tuple(client.get(url).status_code for url in urls)
               for name, client in users.items()}  # fmt: skip

    staff, organisers = EXPECTED[label]
    assert answers == {"anonymous": (302,) * 5, "Check-in staff": staff, "Organisers": organisers}
    for url in urls:
        assert users["anonymous"].get(url)["Location"] == f"/admin/login/?next={url}"


def test_nobody_but_organisers_can_delete_or_change_through_the_admin(users, objects):
    """A POST is refused where the page was: nothing is deleted, nothing changed."""
    delegate = objects["delegations.delegate"]
    url = admin_url(delegate, "delete")

    assert users["anonymous"].post(url, {"post": "yes"}).status_code == 302
    assert users["Check-in staff"].post(url, {"post": "yes"}).status_code == 403
    response = users["Check-in staff"].post(
        admin_url(delegate, "change"), {"full_name_en": "Changed", "email": "x@example.org"}
    )
    assert response.status_code == 403
    delegate.refresh_from_db()
    assert (delegate.full_name_en, Delegate.objects.count()) != ("Changed", 0)
    assert Delegate.objects.filter(pk=delegate.pk, full_name_en=delegate.full_name_en).exists()


IMPORT = "/admin/delegations/delegate/import/"
PROCESS = "/admin/delegations/delegate/process_import/"
EXPORT = "/admin/delegations/delegate/export/"


def test_attendee_import_and_export_are_for_organisers_only(users, objects):
    def answers(client):
        return (
            client.get(IMPORT).status_code,
            client.post(IMPORT, {}).status_code,
            client.post(PROCESS, {}).status_code,
            client.get(EXPORT).status_code,
            client.post(EXPORT, {"format": "0"}).status_code,
        )

    assert answers(users["anonymous"]) == (302, 302, 302, 302, 302)
    assert answers(users["Check-in staff"]) == (403, 403, 403, 403, 403)
    # The empty POSTs get the form again with its errors (200), or, for the confirmation,
    # a message and a redirect to the upload form (302); the export is the file.
    organisers = answers(users["Organisers"])
    assert organisers == (200, 200, 302, 200, 200)
    export = users["Organisers"].post(EXPORT, {"format": "0"})
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    assert objects["delegations.delegate"].email in export.content.decode("utf-8-sig")
    for url in (IMPORT, EXPORT):
        assert users["anonymous"].get(url)["Location"] == f"/admin/login/?next={url}"


# --- Staff pages and private agendas -------------------------------------------------------


def staff_urls(summit) -> dict[str, str]:
    slug = {"slug": summit.slug}
    return {
        "check-in desk": reverse("delegations:desk", kwargs=slug),
        "badges": reverse("delegations:badges", kwargs=slug),
        "dashboard": reverse("delegations:dashboard", kwargs=slug),
        "dashboard CSV": reverse(
            "delegations:dashboard_export", kwargs={**slug, "file_format": "csv"}
        ),
        "dashboard XLSX": reverse(
            "delegations:dashboard_export", kwargs={**slug, "file_format": "xlsx"}
        ),
    }


@pytest.mark.parametrize("language", ["en", "zh-hans", "ar"])
def test_staff_pages_answer_each_user_as_expected(users, objects, language):
    with translation.override(language):
        urls = staff_urls(objects["summits.summit"])

    answers = {
        name: {page: client.get(url).status_code for page, url in urls.items()}
        for name, client in users.items()
    }

    login = {page: 302 for page in urls}
    assert answers == {
        "anonymous": login,
        # Logged in without the permission: told so (403), not sent to the admin's index.
        "Check-in staff": {**{page: 200 for page in urls}, "dashboard": 403,
                           "dashboard CSV": 403, "dashboard XLSX": 403},
        "Organisers": {page: 200 for page in urls},
    }  # fmt: skip
    for page, url in urls.items():
        assert users["anonymous"].get(url)["Location"] == f"/admin/login/?next={url}", page
    refused = users["Check-in staff"].get(urls["dashboard"]).content.decode()
    assert any(words in refused for words in ("You may not open", "您无权打开", "لا يحق لك فتح"))


def test_check_in_action_is_refused_to_anonymous_visitors(users, objects):
    delegate, session = objects["delegations.delegate"], objects["summits.session"]
    url = reverse(
        "delegations:desk_action", kwargs={"slug": delegate.summit.slug, "pk": delegate.pk}
    )
    arrived_at = delegate.arrived_at

    response = users["anonymous"].post(url, {"action": "arrive_undo", "session": session.pk})

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={url}"
    delegate.refresh_from_db()
    assert delegate.arrived_at == arrived_at is not None
    desk = reverse("delegations:desk", kwargs={"slug": delegate.summit.slug})
    for name in ("Check-in staff", "Organisers"):
        # Already arrived: nothing changes, and the desk comes back.
        response = users[name].post(url, {"action": "arrive", "session": session.pk})
        assert response.status_code == 302
        assert response["Location"].startswith(f"{desk}?")


def test_private_agenda_answers_the_right_token_and_a_plain_404_otherwise(client, objects):
    delegate = objects["delegations.delegate"]
    right = delegate.agenda_token
    wrong = "A" * len(right)
    revoked_holder = DelegateFactory(delegation=delegate.delegation)
    revoked = revoked_holder.agenda_token
    delegate_agenda_token_regenerate(delegate=revoked_holder, by=None)
    cancelled = DelegateFactory(delegation=delegate.delegation, status="cancelled").agenda_token

    def get(token, suffix="/"):
        return client.get(f"/en/agenda/{token}{suffix}")

    page = get(right)
    assert page.status_code == 200
    assert delegate.full_name_en in page.content.decode()
    assert get(right, ".ics").status_code == 200
    refusals = [get(token, suffix) for token in (wrong, revoked, cancelled, right[:-1] + "!")
                for suffix in ("/", ".ics")]  # fmt: skip
    assert [response.status_code for response in refusals] == [404] * 8
    # The same plain page whatever the reason: nothing tells a revoked link from a guess.
    bodies = {response.content for response in refusals}
    assert len(bodies) == 1
    body = bodies.pop().decode()
    assert revoked_holder.full_name_en not in body and delegate.full_name_en not in body
    signup = f"/en/agenda/{revoked}/sessions/{objects['summits.session'].pk}/"
    assert client.post(signup, {"action": "signup"}).status_code == 404
    assert revoked_holder.signups.count() == 0


def test_a_regenerated_link_opens_the_agenda(client, objects):
    delegate = objects["delegations.delegate"]
    old = delegate.agenda_token
    delegate_agenda_token_regenerate(delegate=delegate, by=None)
    delegate.refresh_from_db()

    assert client.get(f"/en/agenda/{old}/").status_code == 404
    assert client.get(f"/en/agenda/{delegate.agenda_token}/").status_code == 200
