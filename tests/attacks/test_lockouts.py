"""Login throttling behind the proxy (issue 10, item 8), over HTTP as deployed: gunicorn
with production settings (one trusted proxy), every request arriving from the proxy's
address with the X-Forwarded-For it writes. A guesser locks out only itself: axes keys
its lockouts on the client the proxy names, not on the proxy."""

import pytest

from tests import sites

GUESSER = "203.0.113.7"
COLLEAGUE = "198.51.100.9"
LIMIT = 5  # AXES_FAILURE_LIMIT


@pytest.fixture(scope="module")
def site(deployed_files):
    with sites.gunicorn_site(deployed_files) as site:
        yield site


@pytest.fixture(scope="module")
def locked_out_guesser(site):
    """The guesser's failures on the admin's account; its next try, right password and all."""
    guesser = site.browser(forwarded_for=GUESSER)
    for attempt in range(LIMIT):
        guesser.log_in(sites.ADMIN[0], f"wrong guess {attempt}")
    return guesser.log_in(*sites.ADMIN)


def test_the_guesser_is_locked_out(locked_out_guesser):
    assert locked_out_guesser.status == 429


def test_another_client_behind_the_same_proxy_still_logs_in(site, locked_out_guesser):
    reply = site.browser(forwarded_for=COLLEAGUE).log_in(*sites.ADMIN)

    assert (reply.status, reply.headers["Location"]) == (302, "/admin/")


def test_the_guesser_cannot_pose_as_another_client(site, locked_out_guesser):
    # Its own X-Forwarded-For goes in front of what the proxy appends: ignored.
    posing = site.browser(forwarded_for=f"{COLLEAGUE}, {GUESSER}")

    assert posing.log_in(*sites.ADMIN).status == 429
