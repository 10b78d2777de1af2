from html.parser import HTMLParser

import pytest

from delegations.attendance.checkin import delegate_check_in
from delegations.models import AttendanceEvent, Delegate, Delegation, Locality
from tests.factories import DelegateFactory, SessionAttendanceFactory, SummitFactory

pytestmark = pytest.mark.django_db


def _bulk_delegates(total: int) -> None:
    """Many delegates quickly, spread over 50 delegations of one summit."""
    summit = SummitFactory()
    localities = Locality.objects.bulk_create(
        Locality(country="CN", region_en=f"Province {i}") for i in range(50)
    )
    delegations = Delegation.objects.bulk_create(
        Delegation(summit=summit, name_en=f"Delegation {i}", country="CN", locality=loc)
        for i, loc in enumerate(localities)
    )
    Delegate.objects.bulk_create(
        (
            Delegate(
                summit=summit,
                delegation=delegations[i % 50],
                locality=localities[i % 50],
                full_name_en=f"Delegate {i}",
                full_name_zh_hans=f"代表{i}",
                email=f"d{i}@example.org",
                agenda_token=f"token-{i}",
            )
            for i in range(total)
        ),
        batch_size=1000,
    )


@pytest.mark.parametrize("delegates", [10, 5000])
@pytest.mark.parametrize(
    "url",
    ["/admin/delegations/delegate/", "/admin/delegations/delegation/"],
)
def test_admin_lists_keep_a_flat_query_count(
    admin_client, django_assert_max_num_queries, delegates, url
):
    _bulk_delegates(delegates)
    with django_assert_max_num_queries(12):
        response = admin_client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("attendances", [1, 60])
def test_attendance_list_keeps_a_flat_query_count(
    admin_client, django_assert_max_num_queries, attendances
):
    SessionAttendanceFactory.create_batch(attendances)
    with django_assert_max_num_queries(12):
        assert admin_client.get("/admin/delegations/sessionattendance/").status_code == 200


@pytest.mark.parametrize("query", ["Ann Lee", "李安", "آن لي", "ann@example", "Fujian delegation"])
def test_delegate_search_finds_any_spelling_email_or_delegation(admin_client, query):
    DelegateFactory(
        full_name_en="Ann Lee",
        full_name_zh_hans="李安",
        full_name_ar="آن لي",
        email="ann@example.org",
        delegation__name_en="Fujian delegation",
    )
    DelegateFactory(full_name_en="Someone Else")
    response = admin_client.get("/admin/delegations/delegate/", {"q": query})
    assert [d.full_name_en for d in response.context["cl"].result_list] == ["Ann Lee"]


def test_check_in_staff_can_view_delegates_but_not_change_them(staff_client):
    delegate = DelegateFactory()
    assert staff_client.get("/admin/delegations/delegate/").status_code == 200
    url = f"/admin/delegations/delegate/{delegate.pk}/change/"
    assert staff_client.post(url, {"full_name_en": "Changed"}).status_code == 403
    delegate.refresh_from_db()
    assert delegate.full_name_en != "Changed"


def test_check_in_staff_see_attendance_read_only(staff_client):
    attendance = SessionAttendanceFactory()
    assert staff_client.get("/admin/delegations/sessionattendance/").status_code == 200
    page = staff_client.get(f"/admin/delegations/sessionattendance/{attendance.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert staff_client.get("/admin/delegations/sessionattendance/add/").status_code == 403


def test_private_agenda_link_shows_to_organisers_not_to_check_in_staff(
    client, organiser, check_in_staff
):
    delegate = DelegateFactory()
    url = f"/admin/delegations/delegate/{delegate.pk}/change/"
    client.force_login(organiser)
    assert delegate.agenda_token in client.get(url).content.decode()
    client.force_login(check_in_staff)
    page = client.get(url).content.decode()
    assert delegate.full_name_en in page
    assert delegate.agenda_token not in page


class _FormValues(HTMLParser):
    """What a browser submits from a page's form: inputs, selected options, text areas."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") != "checkbox" or "checked" in attrs:
                self.values[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select":
            self._select = attrs.get("name")
            self.values.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self.values[self._textarea] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data.strip("\n")


def shown_form(client, url: str) -> dict[str, str]:
    parser = _FormValues()
    parser.feed(client.get(url).content.decode())
    return parser.values


def test_delegate_form_keeps_what_others_changed_since_the_page_was_shown(organiser_client, wang):
    """The organiser opens Wang's page; an import changes the organisation and the desk
    checks Wang in; the organiser then saves a new position. Only the position is written:
    the organisation, the arrival and the status they did not touch stay as they are now."""
    url = f"/admin/delegations/delegate/{wang.pk}/change/"
    form = shown_form(organiser_client, url)
    assert form["initial-organisation"] == "Fuzhou Foreign Affairs Office"
    Delegate.objects.filter(pk=wang.pk).update(organisation="Fujian Friendship Association")
    delegate_check_in(delegate=wang, by=None)

    response = organiser_client.post(url, {**form, "position": "Director", "_save": "Save"})

    assert response.status_code == 302
    wang.refresh_from_db()
    assert (wang.position, wang.organisation, wang.status) == (
        "Director",
        "Fujian Friendship Association",
        "attended",
    )
    assert wang.arrived_at is not None
    assert list(AttendanceEvent.objects.values_list("action", flat=True)) == ["arrived"]


def test_delegate_form_status_change_after_a_check_in_is_the_organisers(organiser_client, wang):
    url = f"/admin/delegations/delegate/{wang.pk}/change/"
    form = shown_form(organiser_client, url)
    delegate_check_in(delegate=wang, by=None)

    organiser_client.post(url, {**form, "status": "cancelled", "_save": "Save"})

    wang.refresh_from_db()
    assert (wang.status, wang.arrived_at is not None) == ("cancelled", True)
    change = AttendanceEvent.objects.get(action=AttendanceEvent.Action.STATUS_CHANGED)
    assert change.detail == {"from": "attended", "to": "cancelled"}


def test_organiser_sets_a_delegates_language_and_the_private_link_follows(organiser_client, wang):
    url = f"/admin/delegations/delegate/{wang.pk}/change/"
    form = shown_form(organiser_client, url)
    assert form["language"] == ""  # empty: China's language
    assert f"/zh-hans/agenda/{wang.agenda_token}/" in organiser_client.get(url).content.decode()

    organiser_client.post(url, {**form, "language": "en", "_save": "Save"})

    wang.refresh_from_db()
    assert wang.language == "en"
    assert f"/en/agenda/{wang.agenda_token}/" in organiser_client.get(url).content.decode()
