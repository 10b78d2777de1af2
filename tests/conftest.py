import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from delegations.attendance.permissions import CHECK_IN_STAFF, ORGANISERS
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _english():
    """Tests start in English, as a request without a language prefix would."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rendered pages and feeds are cached; no test sees another test's copies."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def organiser(db):
    return UserFactory(username="organiser", groups=[ORGANISERS])


@pytest.fixture
def check_in_staff(db):
    return UserFactory(username="door", groups=[CHECK_IN_STAFF])


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def staff_client(check_in_staff):
    # A client of its own, so a test can use it beside `organiser_client`.
    staff = Client()
    staff.force_login(check_in_staff)
    return staff
