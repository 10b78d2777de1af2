"""The error pages are the site's, in the reader's language and direction, readable on a
phone (Django's own are bare English without a viewport)."""

import pytest
from django.test import Client

from delegations.models import Delegate
from tests.factories import DelegateFactory, SummitFactory

pytestmark = pytest.mark.django_db

PAGE_NOT_FOUND = {"en": "Page not found", "zh-hans": "找不到页面", "ar": "الصفحة غير موجودة"}
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


@pytest.mark.parametrize("language", PAGE_NOT_FOUND)
def test_a_missing_page_answers_in_the_readers_language(client, language):
    response = client.get(f"/{language}/summits/no-such-summit/")

    html = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in html
    assert VIEWPORT in html
    assert f"<h1>{PAGE_NOT_FOUND[language]}</h1>" in html
    assert '<meta name="robots" content="noindex">' in html


def test_a_cancelled_delegates_link_says_why_it_may_not_work(client):
    delegate = DelegateFactory(status=Delegate.Status.CANCELLED)

    response = client.get(f"/zh-hans/agenda/{delegate.agenda_token}/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "取消报名后，旧链接即失效" in html
    # The same page as for a wrong or revoked link: it tells nobody that this one existed.
    assert delegate.full_name_en not in html
    assert delegate.agenda_token not in html
    assert html == client.get(f"/zh-hans/agenda/{'x' * 32}/").content.decode()


def test_a_refused_admin_query_gets_the_sites_400_page(staff_client):
    response = staff_client.get("/admin/delegations/delegate/?agenda_token__regex=(")

    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()


def test_a_forbidden_page_gets_the_sites_403_page(staff_client):
    response = staff_client.get("/admin/delegations/delegate/export/")

    assert response.status_code == 403
    assert "<h1>Not allowed</h1>" in response.content.decode()


def test_a_server_error_answers_in_arabic_right_to_left(monkeypatch):
    SummitFactory(slug="tacoma-2024")

    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("summits.views._schedule_page", fail)

    response = Client(raise_request_exception=False).get("/ar/summits/tacoma-2024/schedule/")

    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="ar" dir="rtl">' in html
    assert VIEWPORT in html
    assert "<h1>حدث خطأ ما</h1>" in html
