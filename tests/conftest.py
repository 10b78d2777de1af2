import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from delegations.attendance.permissions import CHECK_IN_STAFF, ORGANISERS
from tests import factories, sites
from tests.factories import UserFactory
from tests.summits.programme import tacoma_programme

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


@pytest.fixture
def summit_with(db):
    """`summit_with(sessions=3, delegates=10, slug=...)`: the one way a test builds a summit
    of a given size (tests/factories.py)."""
    return factories.summit_with


@pytest.fixture
def tacoma(db):
    """The 6th summit's opening in three languages (tests/summits/programme.py); the apps'
    own conftests narrow it where a test needs only the summit."""
    return tacoma_programme()


@pytest.fixture(scope="session")
def deployed_files(tmp_path_factory):
    """The demo data, static files and an admin account for gunicorn tests (tests/sites.py),
    made once per test process; the environment that runs the app on them."""
    directory = tmp_path_factory.mktemp("site")
    database_url, remove = sites.site_database(directory)
    yield sites.site_files_prepare(directory, database_url)
    remove()
