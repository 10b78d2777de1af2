"""Headless Chromium (Debian's, never a downloaded one) driven by Playwright against
pytest-django's live server. Skipped, with the reason printed, when Chromium is absent."""

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio loop in this thread; Django would otherwise refuse
# the tests' own database access (factories, flushes) as "async-unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# Screenshots are for people to look at: taken only when SCREENSHOTS names a folder, so that
# the suite's assertions never wait on (or fail with) Chromium's image capture.
SCREENSHOTS = Path(folder) if (folder := os.environ.get("SCREENSHOTS")) else None
LANGUAGES = ["en", "zh-hans", "ar"]


def pytest_collection_modifyitems(config, items) -> None:
    reason = None
    if not CHROMIUM.exists():
        reason = f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "browser tests need the playwright package (pip install -e '.[dev]')"
    for item in items:
        if "browser" in item.keywords and reason:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator:
    """A desktop-sized page that records console errors (a CSP violation is one)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    yield page
    context.close()


@pytest.fixture
def phone(browser) -> Iterator:
    """A 360 px wide phone."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str, *, full_page: bool = True) -> Path | None:
    """A PNG of the page in the SCREENSHOTS folder, when one is named."""
    if SCREENSHOTS is None:
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def pdf_to_png(pdf: Path, *, resolution: int = 60) -> list[Path]:
    """Each printed page as a PNG beside the PDF (poppler's pdftoppm); copies go to the
    SCREENSHOTS folder, when one is named, for a look."""
    import subprocess

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return []
    prefix = pdf.with_suffix("")
    subprocess.run([pdftoppm, "-png", "-r", str(resolution), str(pdf), str(prefix)], check=True)
    pngs = sorted(pdf.parent.glob(f"{prefix.name}-*.png"))
    if SCREENSHOTS is not None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for png in pngs:
            shutil.copy(png, SCREENSHOTS / png.name)
    return pngs


@dataclass
class Tacoma:
    summit: object
    sessions: dict
    rooms: dict


FRIDAY = dt.date(2024, 7, 19)
SATURDAY = dt.date(2024, 7, 20)


@pytest.fixture
def tacoma(transactional_db) -> Tacoma:
    """A two-day summit in three languages, built with the factories."""
    from tests.factories import (
        DelegateFactory,
        DelegationFactory,
        LocalityFactory,
        OrganisationFactory,
        RoomFactory,
        SessionFactory,
        SessionSpeakerFactory,
        SpeakerFactory,
        SummitFactory,
        VenueFactory,
        publish,
        tacoma_time,
    )

    summit = SummitFactory(
        slug="tacoma-2024",
        ordinal=6,
        title_en="6th China–US Sister Cities Summit",
        title_zh_hans="第六届中美友城大会",
        title_ar="القمة السادسة للمدن الشقيقة بين الصين والولايات المتحدة",
        theme_zh_hans="共享愿景，共创美好未来",
        theme_ar="رؤى مشتركة من أجل مستقبل أكثر إشراقًا",
        city_zh_hans="塔科马",
        city_ar="تاكوما",
        starts_on=FRIDAY,
        ends_on=SATURDAY,
    )
    summit.hosts.add(
        OrganisationFactory(
            name_en="Chinese People's Association for Friendship with Foreign Countries",
            name_zh_hans="中国人民对外友好协会",
            name_ar="جمعية الشعب الصيني للصداقة مع البلدان الأجنبية",
            short_name_en="CPAFFC",
        ),
        OrganisationFactory(
            name_en="Sister Cities International",
            name_zh_hans="国际友城协会",
            name_ar="المدن الشقيقة الدولية",
            short_name_en="SCI",
        ),
    )
    venue = VenueFactory(
        summit=summit,
        name_en="Greater Tacoma Convention Center",
        name_zh_hans="大塔科马会议中心",
        name_ar="مركز تاكوما الكبرى للمؤتمرات",
        address_en="1500 Commerce Street, Tacoma, WA 98402",
    )
    rooms = {
        "hall": RoomFactory(
            venue=venue,
            name_en="Main hall",
            name_zh_hans="主会场",
            name_ar="القاعة الرئيسية",
            position=1,
        ),
        "salon": RoomFactory(
            venue=venue, name_en="Salon B", name_zh_hans="B 厅", name_ar="الصالون ب", position=2
        ),
    }
    yang = SpeakerFactory(
        name_en="Yang Wanming",
        name_zh_hans="杨万明",
        name_ar="يانغ وان مينغ",
        position_en="President, CPAFFC",
        position_zh_hans="中国人民对外友好协会会长",
        position_ar="رئيس جمعية الشعب الصيني للصداقة مع البلدان الأجنبية",
        slug="yang-wanming",
    )
    woodards = SpeakerFactory(
        name_en="Victoria Woodards",
        name_zh_hans="维多利亚·伍达兹",
        name_ar="فيكتوريا وودردز",
        position_en="Mayor of Tacoma",
        position_zh_hans="塔科马市市长",
        position_ar="عمدة تاكوما",
        slug="victoria-woodards",
    )
    plan = [
        (
            "opening",
            FRIDAY,
            (9, 0),
            (9, 45),
            "hall",
            "ceremony",
            ("Opening ceremony", "开幕式", "حفل الافتتاح"),
            [(woodards, "keynote")],
        ),
        (
            "keynote",
            FRIDAY,
            (9, 45),
            (10, 30),
            "hall",
            "keynote",
            (
                "Thirty years of Tacoma and Fuzhou",
                "塔科马与福州友好三十年",
                "ثلاثون عامًا من التوأمة بين تاكوما وفوتشو",
            ),
            [(yang, "keynote")],
        ),
        (
            "trade",
            FRIDAY,
            (11, 0),
            (12, 0),
            "hall",
            "panel",
            (
                "Trade and ports: a panel of mayors",
                "贸易与港口：市长对话",
                "التجارة والموانئ: حوار العُمَد",
            ),
            [(woodards, "moderator"), (yang, "panellist")],
        ),
        (
            "schools",
            FRIDAY,
            (11, 0),
            (12, 0),
            "salon",
            "case_study",
            (
                "School exchanges between Hubei and Ohio",
                "湖北与俄亥俄的校际交流",
                "التبادل المدرسي بين هوبي وأوهايو",
            ),
            [],
        ),
        (
            "youth",
            SATURDAY,
            (9, 30),
            (10, 30),
            "salon",
            "panel",
            ("Youth and sister cities", "青年与友好城市", "الشباب والمدن الشقيقة"),
            [],
        ),
        (
            "closing",
            SATURDAY,
            (16, 0),
            (16, 30),
            "hall",
            "ceremony",
            ("Closing ceremony", "闭幕式", "حفل الختام"),
            [],
        ),
    ]
    sessions = {}
    for key, day, start, end, room, kind, (en, zh, ar), speakers in plan:
        session = SessionFactory(
            summit=summit,
            room=rooms[room],
            kind=kind,
            title_en=en,
            title_zh_hans=zh,
            title_ar=ar,
            description_en=f"{en}: a session of the summit.",
            starts_at=tacoma_time(*start, day=day),
            ends_at=tacoma_time(*end, day=day),
        )
        for position, (speaker, role) in enumerate(speakers):
            SessionSpeakerFactory(session=session, speaker=speaker, role=role, position=position)
        sessions[key] = session
    for country, region, count in (
        ("CN", "Fujian", 3),
        ("CN", "Hubei", 2),
        ("US", "Washington", 4),
    ):
        delegation = DelegationFactory(
            summit=summit, locality=LocalityFactory(country=country, region_en=region)
        )
        DelegateFactory.create_batch(count, delegation=delegation)
    next_year = dt.date.today().replace(month=1, day=1) + dt.timedelta(days=500)
    SummitFactory(
        slug="next",
        ordinal=7,
        title_en="7th China–US Sister Cities Summit",
        title_zh_hans="第七届中美友城大会",
        title_ar="القمة السابعة للمدن الشقيقة بين الصين والولايات المتحدة",
        theme_en="",
        city_en="Fuzhou",
        city_zh_hans="福州",
        city_ar="فوتشو",
        country="CN",
        timezone="Asia/Shanghai",
        starts_on=next_year,
        ends_on=next_year + dt.timedelta(days=1),
    )
    SummitFactory(
        slug="houston-2019",
        ordinal=4,
        title_en="4th China–US Sister Cities Summit",
        title_zh_hans="第四届中美友城大会",
        title_ar="القمة الرابعة للمدن الشقيقة بين الصين والولايات المتحدة",
        theme_en="",
        city_en="Houston",
        city_zh_hans="休斯敦",
        city_ar="هيوستن",
        timezone="America/Chicago",
        starts_on=dt.date(2019, 7, 17),
        ends_on=dt.date(2019, 7, 17),
    )
    publish(summit)
    return Tacoma(summit=summit, sessions=sessions, rooms=rooms)
