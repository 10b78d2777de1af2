"""Printable badges: names in each script, delegation filter, a QR code of the check-in
link drawn as CSP-safe SVG, and a flat query count."""

import re

import pytest
import segno
from django.urls import reverse

from delegations.attendance.badges import check_in_url, qr_svg
from delegations.models import Delegate
from tests.factories import DelegateFactory, DelegationFactory, LocalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ohio(tacoma):
    return DelegationFactory(
        summit=tacoma,
        name_en="Ohio Delegation",
        locality=LocalityFactory(country="US", region_en="Ohio"),
    )


def badges_url(summit) -> str:
    return reverse("delegations:badges", kwargs={"slug": summit.slug})


def badge_names(response) -> list[str]:
    return re.findall(
        r'<h2 class="badge__name" lang="en" dir="ltr">([^<]+)</h2>', response.content.decode()
    )


def test_badges_send_anonymous_visitors_to_the_login_page(client, tacoma):
    response = client.get(badges_url(tacoma))

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next=/en/summits/{tacoma.slug}/badges/"


def test_badge_shows_names_in_latin_and_own_script(staff_client, tacoma, fujian):
    DelegateFactory(
        delegation=fujian,
        full_name_en="Wang Xiaoming",
        full_name_zh_hans="王晓明",
        organisation="Fuzhou Foreign Affairs Office",
        role=Delegate.Role.HEAD,
    )
    DelegateFactory(delegation=fujian, full_name_en="Layla Haddad", full_name_ar="ليلى حداد")

    html = staff_client.get(badges_url(tacoma)).content.decode()

    assert '<p class="badge__script" lang="zh-Hans" dir="ltr">王晓明</p>' in html
    assert '<p class="badge__script" lang="ar" dir="rtl">ليلى حداد</p>' in html
    assert '<p class="badge__delegation">Fujian Provincial Delegation</p>' in html
    assert '<p class="badge__organisation">Fuzhou Foreign Affairs Office</p>' in html
    assert '<p class="badge__role badge__role--head">Head of delegation</p>' in html


def test_badges_filter_by_delegation_and_leave_out_cancellations(
    staff_client, tacoma, fujian, ohio
):
    DelegateFactory(delegation=fujian, full_name_en="Wang Xiaoming")
    DelegateFactory(delegation=fujian, full_name_en="Chen Cancelled", status="cancelled")
    DelegateFactory(delegation=ohio, full_name_en="Mary Smith")

    everyone = staff_client.get(badges_url(tacoma))
    fujian_only = staff_client.get(badges_url(tacoma), {"delegation": fujian.pk})

    assert badge_names(everyone) == ["Wang Xiaoming", "Mary Smith"]
    assert badge_names(fujian_only) == ["Wang Xiaoming"]
    assert "1 badge." in fujian_only.content.decode()


def test_badge_qr_code_encodes_the_check_in_link(staff_client, tacoma, fujian):
    wang = DelegateFactory(delegation=fujian)

    response = staff_client.get(badges_url(tacoma))

    url = f"http://testserver/en/summits/{tacoma.slug}/check-in/?delegate={wang.pk}"
    assert check_in_url(response.wsgi_request, wang) == url
    assert str(qr_svg(url)) in response.content.decode()
    expected = segno.make(url, error="m", micro=False)
    assert f'viewBox="0 0 {expected.symbol_size(border=2)[0]} ' in str(qr_svg(url))


def test_badge_page_satisfies_the_strict_csp(staff_client, tacoma, fujian):
    DelegateFactory(delegation=fujian, full_name_zh_hans="王晓明")

    html = staff_client.get(badges_url(tacoma)).content.decode()

    assert "<svg" in html
    assert " style=" not in html and "<style" not in html and "<script" not in html


def test_badges_of_another_summit_are_not_shown(staff_client, tacoma, fujian):
    DelegateFactory(full_name_en="Someone Elsewhere")

    assert badge_names(staff_client.get(badges_url(tacoma))) == []


@pytest.mark.parametrize("delegates", [2, 30])
def test_badges_query_count_is_flat(
    staff_client, django_assert_max_num_queries, tacoma, fujian, delegates
):
    for _ in range(delegates):
        DelegateFactory(delegation=fujian)

    # session, user, 2x permissions, summit, delegation menu, delegates.
    with django_assert_max_num_queries(7):
        response = staff_client.get(badges_url(tacoma))

    assert len(badge_names(response)) == delegates
