"""Badges printed from Chromium keep their Chinese and Arabic names, on A6 pages; the
check-in desk works with htmx under the strict CSP without reloading the page."""

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings

from delegations.attendance.checkin import delegate_check_in
from delegations.attendance.permissions import CHECK_IN_STAFF, ORGANISERS
from delegations.models import Delegate
from tests.factories import (
    DelegateFactory,
    DelegationFactory,
    LocalityFactory,
    SummitFactory,
    UserFactory,
)

from .conftest import pdf_to_png, screenshot

# Bidi controls that pdftotext puts around right-to-left and CJK runs.
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def delegates():
    summit = SummitFactory(slug="tacoma-2024", title_en="6th China–US Sister Cities Summit")
    fujian = DelegationFactory(
        summit=summit,
        name_en="Fujian Provincial Delegation",
        locality=LocalityFactory(country="CN", region_en="Fujian"),
    )
    washington = DelegationFactory(
        summit=summit,
        name_en="Washington State Delegation",
        locality=LocalityFactory(country="US", region_en="Washington"),
    )
    return {
        "wang": DelegateFactory(
            delegation=fujian,
            full_name_en="Wang Xiaoming",
            full_name_zh_hans="王晓明",
            organisation="Fuzhou Foreign Affairs Office",
            role=Delegate.Role.HEAD,
            status=Delegate.Status.CONFIRMED,
        ),
        "layla": DelegateFactory(
            delegation=washington,
            full_name_en="Layla Haddad",
            full_name_ar="ليلى حداد",
            organisation="Port of Tacoma",
            role=Delegate.Role.INTERPRETER,
        ),
    }


def logged_in_page(browser, client, live_server, *, group: str, viewport: dict):
    """A page of a new browser context logged in as a member of `group` (the session cookie
    of the test client), recording console errors such as CSP violations."""
    client.force_login(UserFactory(groups=[group]))
    context = browser.new_context(viewport=viewport)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    return page


@pytest.fixture
def staff_page(browser, client, live_server):
    """A tablet-sized page logged in as check-in staff."""
    page = logged_in_page(
        browser, client, live_server, group=CHECK_IN_STAFF, viewport={"width": 1024, "height": 768}
    )
    yield page
    page.context.close()


def pdf_text(pdf: Path) -> str:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    # Arabic may come back as presentation forms; NFKC folds them to plain letters.
    return unicodedata.normalize("NFKC", BIDI_MARKS.sub("", text))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_badges_print_chinese_and_arabic_names_on_a6(staff_page, live_server, delegates, tmp_path):
    staff_page.goto(f"{live_server.url}/en/summits/tacoma-2024/badges/")
    screenshot(staff_page, "badges")
    pdf = tmp_path / "badges.pdf"

    staff_page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)

    text = pdf_text(pdf)
    assert "王晓明" in text
    assert "ليلى حداد" in text
    assert "Fujian Provincial Delegation" in text and "Head of delegation" in text
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    assert re.search(r"^Pages:\s+2$", info.stdout, re.M)
    # A6 is 105 × 148 mm, that is 297.6 × 419.5 points.
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info.stdout).groups())
    assert (round(width), round(height)) == (298, 420)
    assert staff_page.console_errors == []
    pdf_to_png(pdf, resolution=80)


def test_desk_checks_in_without_reloading_the_page(staff_page, live_server, delegates):
    staff_page.goto(f"{live_server.url}/en/summits/tacoma-2024/check-in/")
    staff_page.evaluate("window.notReloaded = true")

    # Typing part of the Chinese name searches as one types (htmx, no submit).
    staff_page.fill("#id_q", "晓明")
    staff_page.wait_for_selector(f"#delegate-{delegates['wang'].pk}")
    staff_page.click(f"#delegate-{delegates['wang'].pk} button:has-text('Mark arrived')")
    staff_page.wait_for_selector("text=Wang Xiaoming has arrived.")

    assert staff_page.evaluate("window.notReloaded") is True
    assert staff_page.inner_text(".desk-counters__total") == "1 / 2 arrived"
    assert "q=%E6%99%93%E6%98%8E" in staff_page.url
    screenshot(staff_page, "desk")
    assert staff_page.console_errors == []
    wang = delegates["wang"]
    wang.refresh_from_db()
    assert wang.status == Delegate.Status.ATTENDED


def test_dashboard_draws_its_charts_under_the_csp(browser, client, live_server, delegates):
    delegate_check_in(delegate=delegates["wang"], by=None)
    page = logged_in_page(
        browser, client, live_server, group=ORGANISERS, viewport={"width": 1280, "height": 900}
    )

    page.goto(f"{live_server.url}/zh-hans/summits/tacoma-2024/dashboard/")

    # Countries and provinces; no sessions, so no session chart.
    assert page.locator("svg.chart").count() == 2
    # Arrived bars of the country chart: the legend's swatch, China 1 of 1, the US 0 of 1.
    widths = page.eval_on_selector_all(
        "svg[aria-labelledby^='chart-countries'] rect[fill='#1b7f5b']",
        "rects => rects.map(rect => rect.getBBox().width)",
    )
    assert widths == [12, 400, 0]
    screenshot(page, "dashboard-zh-hans")
    assert page.console_errors == []
    page.context.close()


def test_agenda_sign_up_in_arabic(browser, live_server, delegates):
    import datetime as dt

    from tests.factories import TACOMA, SessionFactory, publish

    layla = delegates["layla"]
    day = dt.date.today() + dt.timedelta(days=10)
    summit = layla.summit
    summit.starts_on = summit.ends_on = day
    summit.save()
    SessionFactory(
        summit=summit,
        title_en="Port visit",
        title_ar="زيارة الميناء",
        starts_at=dt.datetime.combine(day, dt.time(14), tzinfo=TACOMA),
        ends_at=dt.datetime.combine(day, dt.time(16), tzinfo=TACOMA),
        accepts_signups=True,
        capacity=10,
    )
    publish(summit)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    page.goto(f"{live_server.url}/ar/agenda/{layla.agenda_token}/")
    assert page.get_attribute("html", "dir") == "rtl"
    page.click("button.st-button")

    message = page.wait_for_selector(".agenda-session--mine .desk-msg--success")

    # The page comes back at the session, and its message is there, on the screen.
    box = message.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 844
    assert layla.signups.get().status == "confirmed"
    assert page.locator(".agenda-session--mine h3").inner_text() == "زيارة الميناء"
    screenshot(page, "agenda-ar")
    assert errors == []
    context.close()
