"""Every admin change list's query string, as organisers and as check-in staff: only the
filters the page offers are read, nothing reaches a private field, and no value is a 500.

Found from outside: check-in staff recovered a delegate's agenda token with
`?agenda_token__regex=^i2L[A-Za-f]` by binary search (192 requests), and
`?agenda_token__regex=(` and `?arrived_at__year=99999999999` were 500s.
"""

import re
from html import unescape

import pytest
from django.contrib import admin
from django.urls import reverse

from delegations.attendance.audit import event_record
from delegations.models import AttendanceEvent, Delegate, SessionSignup
from tests.factories import DelegateFactory, SessionAttendanceFactory, tacoma_time

pytestmark = pytest.mark.django_db

OUR_APPS = ("summits", "delegations")
# The lookups an attacker tries first, on every field of the model and of its relations.
PROBES = ("regex", "iregex", "startswith", "contains", "exact", "gt", "year", "isnull")
FILTER_LINK = re.compile(r'href="(\?[^"]*)"')


def our_admins():
    return sorted(
        (model_admin for model, model_admin in admin.site._registry.items()
         if model._meta.app_label in OUR_APPS),
        key=lambda model_admin: model_admin.model._meta.label,
    )  # fmt: skip


def changelist(model_admin) -> str:
    opts = model_admin.model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


def field_paths(model) -> list[str]:
    """Each concrete field of the model, and of each model it points to."""
    paths = []
    for field in model._meta.concrete_fields:
        paths.append(field.name)
        if field.is_relation:
            paths += [f"{field.name}__{f.name}" for f in field.related_model._meta.concrete_fields]
    return paths


@pytest.fixture
def records(db):
    """A delegate with a phone, and one of each row the attendance admins list."""
    wang = DelegateFactory(
        full_name_en="Wang Xiaoming",
        email="wang@fuzhou.example.cn",
        phone="+86 591 8765 4321",
        status=Delegate.Status.CONFIRMED,
    )
    attendance = SessionAttendanceFactory(delegate=wang)
    SessionSignup.objects.create(delegate=wang, session=attendance.session)
    event_record(
        action=AttendanceEvent.Action.CHECKED_IN,
        delegate=wang,
        by=None,
        at=tacoma_time(9, 5),
        session=attendance.session,
    )
    return wang


@pytest.fixture(params=["organiser_client", "staff_client"])
def user_client(request):
    return request.getfixturevalue(request.param)


def offered_links(html: str) -> set[str]:
    return {unescape(link) for link in FILTER_LINK.findall(html)}


def test_every_change_list_answers_its_own_filter_links(user_client, records):
    followed = 0
    for model_admin in our_admins():
        url = changelist(model_admin)
        page = user_client.get(url)
        if page.status_code == 403:
            continue
        assert page.status_code == 200, url
        for link in offered_links(page.content.decode()):
            response = user_client.get(url + link)
            assert response.status_code == 200, (url + link, response.status_code)
            followed += 1
    assert followed > 60


def test_no_lookup_outside_the_offered_filters_is_read(user_client, records, rf):
    """Every field of every model and of the models it points to, with the lookups an
    attacker tries first: refused unless it is one of the page's own filters. The walk asks
    `lookup_allowed` (thousands of lookups); one request per change list proves that a
    refusal is the answer (400) before any query runs."""
    user = user_client.get(reverse("admin:index")).wsgi_request.user
    refused = 0
    for model_admin in our_admins():
        url = changelist(model_admin)
        if user_client.get(url).status_code == 403:
            continue
        request = rf.get(url)
        request.user = user
        filtered = {
            (item[0] if isinstance(item, (list, tuple)) else item)
            for item in model_admin.get_list_filter(request)
            if not isinstance(item, type)
        }
        for path in field_paths(model_admin.model):
            for probe in PROBES:
                lookup = f"{path}__{probe}"
                if probe in ("exact", "isnull") and any(
                    path == f or path.startswith(f"{f}__") for f in filtered
                ):
                    # The page's own filter on that field: it narrows, it reveals nothing.
                    continue
                assert not model_admin.lookup_allowed(lookup, "(", request), (url, lookup)
                refused += 1
        path = field_paths(model_admin.model)[-1]
        response = user_client.get(url, {f"{path}__regex": "("})
        assert response.status_code == 400, (url, path, response.status_code)
    assert refused > 1000


@pytest.mark.parametrize(
    "query",
    [
        {"agenda_token__regex": "^"},
        {"agenda_token": "x"},
        {"email__startswith": "w"},
        {"phone__isnull": "False"},
        {"delegation__delegates__agenda_token__startswith": "a"},
        {"summit__id__exact": "99999999999999999999999"},
        {"summit__id__exact": "abc"},
        {"status__regex": "^conf"},
        {"status__exact": "confirmed", "email__regex": "^w"},
        {"o": "-99"},
        {"o": "1.2.x"},
        {"p": "99999999999"},
    ],
)
def test_the_delegate_list_never_fails_and_never_filters_by_a_secret(user_client, records, query):
    response = user_client.get(reverse("admin:delegations_delegate_changelist"), query)

    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code == 200:
        # What it shows is the whole list: nothing was filtered by a field it may not read.
        assert list(response.context["cl"].result_list) == [records]


@pytest.mark.parametrize("year", ["99999999999", "0", "-1", "٢٠٢٤", "2024x", "10000"])
def test_a_date_hierarchy_value_no_calendar_has_is_refused(user_client, records, year):
    url = reverse("admin:delegations_sessionattendance_changelist")

    response = user_client.get(url, {"checked_in_at__year": year})

    assert response.status_code == 400


def test_the_date_hierarchy_still_drills_down(user_client, records):
    url = reverse("admin:delegations_sessionattendance_changelist")

    response = user_client.get(
        url,
        {"checked_in_at__year": "2024", "checked_in_at__month": "7", "checked_in_at__day": "19"},
    )

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 1


def test_check_in_staff_cannot_search_by_email_or_token(staff_client, records):
    url = reverse("admin:delegations_delegate_changelist")

    for secret in (records.email, records.agenda_token):
        response = staff_client.get(url, {"q": secret})
        assert list(response.context["cl"].result_list) == [], secret
    by_name = staff_client.get(url, {"q": records.full_name_en})
    assert list(by_name.context["cl"].result_list) == [records]


def test_organisers_search_by_email(organiser_client, records):
    url = reverse("admin:delegations_delegate_changelist")

    response = organiser_client.get(url, {"q": records.email})

    assert list(response.context["cl"].result_list) == [records]


def test_check_in_staff_see_no_contact_details_or_private_link(staff_client, records):
    url = reverse("admin:delegations_delegate_change", args=[records.pk])

    response = staff_client.get(url)

    assert response.status_code == 200
    body = response.content.decode()
    assert records.full_name_en in body
    for private in (records.email, records.phone, records.agenda_token):
        assert private not in body


def test_organisers_see_the_contact_details_and_private_link(organiser_client, records):
    url = reverse("admin:delegations_delegate_change", args=[records.pk])

    body = organiser_client.get(url).content.decode()

    assert records.email in body
    assert records.agenda_token in body


def test_check_in_staff_cannot_export_delegates(staff_client, records):
    response = staff_client.get(reverse("admin:delegations_delegate_export"))

    assert response.status_code == 403
