import pytest
from django.test import override_settings

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy_and_safe_headers(client):
    response = client.get("/admin/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_https_responses_carry_hsts(client):
    response = client.get("/admin/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_admin_login_is_locked_after_five_failures_even_with_the_right_password(client, organiser):
    statuses = [
        client.post(
            "/admin/login/?next=/admin/", {"username": "organiser", "password": "wrong"}
        ).status_code
        for _attempt in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "organiser", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_admin_login_works_with_the_right_password(client, organiser):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "organiser", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(organiser.pk)


def test_anonymous_visitors_get_the_login_page_for_the_admin(client):
    response = client.get("/admin/delegations/delegate/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


STAFF_PAGES = [
    "/en/summits/tacoma-2024/check-in/",
    "/en/summits/tacoma-2024/badges/",
    "/en/summits/tacoma-2024/dashboard/",
    "/en/summits/tacoma-2024/dashboard/attendance.csv",
    "/admin/delegations/delegate/",
]


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_pages_are_never_stored_by_a_browser_or_proxy(organiser_client, summit_with, url):
    summit_with(slug="tacoma-2024", delegates=2)

    response = organiser_client.get(url)

    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


@pytest.mark.parametrize("url", STAFF_PAGES[:4])
def test_the_login_page_a_staff_page_sends_to_is_not_stored_either(client, summit_with, url):
    summit_with(slug="tacoma-2024")

    response = client.get(url)

    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
