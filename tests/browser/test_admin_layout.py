"""The organisers' change lists fit a 1366 px laptop beside the admin's two sidebars, in
each language, over the demo summit's real titles. Found from outside: the session list
scrolled sideways by 243 px and squeezed titles to a word per line."""

import pytest
from django.conf import settings
from django.core.management import call_command

from delegations.attendance.permissions import ORGANISERS
from tests.factories import UserFactory

from .conftest import LANGUAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHANGE_LISTS = [
    "summits/summit",
    "summits/session",
    "summits/speaker",
    "delegations/delegation",
    "delegations/delegate",
    "delegations/locality",
]


@pytest.fixture
def laptop(browser, client, live_server):
    """An organiser's 1366 × 768 laptop, logged in to the admin."""
    call_command("load_demo", verbosity=0)
    client.force_login(UserFactory(groups=[ORGANISERS]))
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    yield context
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_change_lists_fit_a_laptop_without_scrolling_sideways(laptop, live_server, language):
    laptop.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    page = laptop.new_page()
    overflowing = {}
    for model in CHANGE_LISTS:
        page.goto(f"{live_server.url}/admin/{model}/")
        assert page.locator("#result_list tbody tr").count() > 0, model
        # Django's list scrolls inside `.results`: the page itself never overflows.
        sideways = page.evaluate(
            "(() => { const r = document.querySelector('.results');"
            " return r.scrollWidth - r.clientWidth; })()"
        )
        if sideways > 0:
            overflowing[model] = sideways
    assert overflowing == {}
