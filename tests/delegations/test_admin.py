import pytest

from delegations.models import Delegate, Delegation, Locality
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
