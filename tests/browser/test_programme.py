"""The programme in a real browser: three languages and directions, switching language,
filtering, following a session, a 360 px phone, print, and axe-core accessibility checks."""

import re
import shutil
import subprocess
import unicodedata

import pytest

from .conftest import LANGUAGES, pdf_to_png, screenshot

pytestmark = pytest.mark.browser

DIRECTION = {"en": "ltr", "zh-hans": "ltr", "ar": "rtl"}
PROGRAMME = {"en": "Programme", "zh-hans": "日程", "ar": "البرنامج"}
OPENING = {"en": "Opening ceremony", "zh-hans": "开幕式", "ar": "حفل الافتتاح"}


def url(live_server, language: str, path: str) -> str:
    return f"{live_server.url}/{language}/summits/tacoma-2024/{path}"


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 = no sideways scroll)."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_programme_in_each_language_has_its_direction_and_no_serious_axe_violation(
    live_server, tacoma, page, language
):
    page.goto(url(live_server, language, "schedule/"))

    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == DIRECTION[language]
    assert page.locator("h1").inner_text() == PROGRAMME[language]
    assert page.locator(".session__title").first.inner_text() == OPENING[language]
    assert page.locator(".times").first.inner_text() == "09:00–09:45 PDT"
    screenshot(page, f"programme-{language}-desktop")
    assert serious_violations(page) == []
    assert page.console_errors == []


def test_layout_mirrors_in_arabic(live_server, tacoma, page):
    """Logical properties: the session's accent border is on the reading side."""
    border = "getComputedStyle(document.querySelector('.session'))"
    page.goto(url(live_server, "en", "schedule/"))
    assert page.evaluate(f"{border}.borderLeftWidth") == "4px"
    assert page.evaluate(f"{border}.borderRightWidth") == "1px"
    page.goto(url(live_server, "ar", "schedule/"))
    assert page.evaluate(f"{border}.borderRightWidth") == "4px"
    assert page.evaluate(f"{border}.borderLeftWidth") == "1px"
    site_name = page.locator(".site-name").bounding_box()
    assert site_name["x"] > 640, "the site name starts on the right in Arabic"


def test_language_switcher_keeps_the_reader_on_the_same_page_and_filters(live_server, tacoma, page):
    salon = tacoma.rooms["salon"]
    page.goto(url(live_server, "en", f"schedule/?room={salon.pk}"))

    page.get_by_role("link", name="العربيّة").click()

    assert page.url == url(live_server, "ar", f"schedule/?room={salon.pk}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#filter-room").input_value() == str(salon.pk)
    assert page.locator(".session__title").all_inner_texts() == [
        "التبادل المدرسي بين هوبي وأوهايو",
        "الشباب والمدن الشقيقة",
    ]

    page.get_by_role("link", name="简体中文").click()
    assert page.url == url(live_server, "zh-hans", f"schedule/?room={salon.pk}")
    assert page.locator("h1").inner_text() == "日程"


def test_filter_form_without_javascript_keeps_its_state_in_the_url(live_server, browser, tacoma):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url(live_server, "en", "schedule/"))
    assert not page.locator("#filter-day").is_visible(), "folded until asked for"

    page.get_by_text("Filter the programme").click()
    page.locator("#filter-day").select_option("2024-07-19")
    page.locator("#filter-kind").select_option("ceremony")
    page.get_by_role("button", name="Show sessions").click()

    assert page.url == url(
        live_server, "en", "schedule/?day=2024-07-19&room=&kind=ceremony&language="
    )
    assert page.locator(".session__title").all_inner_texts() == ["Opening ceremony"]
    page.reload()
    assert page.locator("#filter-kind").is_visible(), "open while a filter applies"
    assert page.locator("#filter-kind").input_value() == "ceremony"
    assert page.locator("#filter-day").input_value() == "2024-07-19"
    webcal = page.get_by_role("link", name="Subscribe in your calendar (updates itself)")
    assert webcal.get_attribute("href") == (
        url(live_server, "en", "schedule.ics?day=2024-07-19&kind=ceremony").replace(
            "http://", "webcal://"
        )
    )
    page.get_by_role("link", name="Clear filters").click()
    assert page.locator(".session__title").count() == len(tacoma.sessions)
    context.close()


def test_summit_list_puts_upcoming_before_past(live_server, tacoma, page):
    page.goto(f"{live_server.url}/ar/")
    assert page.locator(".card__title").all_inner_texts() == [
        "القمة السابعة للمدن الشقيقة بين الصين والولايات المتحدة",
        "القمة السادسة للمدن الشقيقة بين الصين والولايات المتحدة",
        "القمة الرابعة للمدن الشقيقة بين الصين والولايات المتحدة",
    ]
    page.get_by_role("link", name="القمة السادسة للمدن الشقيقة بين الصين والولايات المتحدة").click()
    page.get_by_role("link", name="اقرأ البرنامج").click()
    assert page.url == url(live_server, "ar", "schedule/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_following_a_session_link_opens_the_session_with_its_speakers(
    live_server, tacoma, page, language
):
    page.goto(url(live_server, language, "schedule/"))
    trade = tacoma.sessions["trade"]

    page.locator(f'.session__title a[href$="/sessions/{trade.pk}/"]').click()

    assert page.url == url(live_server, language, f"sessions/{trade.pk}/")
    speakers = page.locator(".person__name").all_inner_texts()
    expected = {
        "en": ["Victoria Woodards", "Yang Wanming"],
        "zh-hans": ["维多利亚·伍达兹", "杨万明"],
        "ar": ["فيكتوريا وودردز", "يانغ وان مينغ"],
    }
    assert speakers == expected[language]
    screenshot(page, f"session-{language}-desktop")
    assert serious_violations(page) == []
    assert page.console_errors == []


def page_url(live_server, tacoma, language: str, name: str) -> str:
    paths = {
        "summit": "",
        "programme": "schedule/",
        "session": f"sessions/{tacoma.sessions['trade'].pk}/",
        "speakers": "speakers/",
        "speaker": "speakers/victoria-woodards/",
    }
    if name == "list":
        return f"{live_server.url}/{language}/"
    return url(live_server, language, paths[name])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["list", "summit", "programme", "session", "speakers"])
def test_pages_at_360_px_have_no_horizontal_scroll(live_server, tacoma, phone, language, name):
    phone.goto(page_url(live_server, tacoma, language, name))
    assert phone.evaluate("window.innerWidth") == 360
    assert horizontal_overflow(phone) == 0
    screenshot(phone, f"{name}-{language}-phone")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["list", "summit", "speakers", "speaker"])
def test_other_pages_have_no_serious_axe_violation(live_server, tacoma, page, language, name):
    page.goto(page_url(live_server, tacoma, language, name))
    assert serious_violations(page) == []
    assert page.console_errors == []
    screenshot(page, f"{name}-{language}-desktop")


@pytest.mark.parametrize("language", LANGUAGES)
def test_printing_one_day_gives_a_clean_programme(live_server, tacoma, page, language, tmp_path):
    page.goto(url(live_server, language, "schedule/?day=2024-07-19"))
    pdf = tmp_path / f"print-{language}.pdf"

    page.pdf(path=str(pdf), format="A4", print_background=False)

    pngs = pdf_to_png(pdf)
    assert pngs, "pdftoppm turned the printed programme into images"
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils provides pdftotext"
    printed = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert len(pngs) == 1, "one day fits on one sheet"
    printed = comparable(printed)
    for key in ("opening", "keynote", "trade", "schools"):
        session = tacoma.sessions[key]
        title = {"en": session.title_en, "zh-hans": session.title_zh_hans, "ar": session.title_ar}
        assert comparable(title[language]) in printed, (language, title[language])
    assert comparable("09:00–09:45 PDT") in printed
    for hidden in ("English", "简体中文", "العربيّة", "Filter", "webcal", "Youth and sister"):
        assert comparable(hidden) not in printed


def comparable(text: str) -> str:
    """Text as pdftotext gives it back, for comparison: without bidi marks, spaces and
    Arabic vowel marks, and with lam-alef ligatures in the order pdftotext writes them."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(char for char in text if unicodedata.category(char) not in ("Mn", "Cf"))
    text = re.sub(r"\s+", "", text)
    return re.sub("ل([اأإآ])", r"\1ل", text)
