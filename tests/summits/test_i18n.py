"""The three languages: catalogues complete and compiled, pages in the reader's language."""

import ast
import datetime as dt
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from summits.attendance import CountryAttendance
from summits.templatetags.programme import attendance_phrase
from tests.factories import (
    DelegateFactory,
    DelegationFactory,
    LocalityFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    SummitFactory,
    VenueFactory,
    publish,
    tacoma_time,
)
from tests.summits.test_views import text

LOCALES = ["zh_Hans", "ar"]
PLURAL_FORMS = {"zh_Hans": 1, "ar": 6}


# --- The catalogues ----------------------------------------------------------------------


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


def read_po(path: Path) -> list[Entry]:
    """The live entries of a .po file (obsolete `#~` ones left out); enough of the format
    for what makemessages writes."""
    entries, entry, last = [], Entry(), None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if last is not None:
                entries.append(entry)
            entry, last = Entry(), None
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(last, int):
                entry.msgstr[last] += value
            else:
                setattr(entry, last, getattr(entry, last) + value)
        else:
            keyword, value = line.split(" ", 1)
            value = ast.literal_eval(value)
            if match := re.fullmatch(r"msgstr\[(\d+)\]", keyword):
                last = int(match[1])
                entry.msgstr[last] = value
            elif keyword == "msgstr":
                last = 0
                entry.msgstr[0] = value
            else:
                last = keyword
                setattr(entry, keyword, value)
    return entries


def po_path(locale: str) -> Path:
    return Path(settings.BASE_DIR) / "locale" / locale / "LC_MESSAGES" / "django.po"


def messages(locale: str) -> list[Entry]:
    return [entry for entry in read_po(po_path(locale)) if entry.msgid]


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_translates_every_message_without_fuzzy_entries(locale):
    entries = messages(locale)
    assert len(entries) > 200
    untranslated = [
        entry.msgid
        for entry in entries
        if "fuzzy" in entry.flags
        or not entry.msgstr
        or not all(entry.msgstr.values())
        or (entry.msgid_plural is not None and len(entry.msgstr) != PLURAL_FORMS[locale])
    ]
    assert untranslated == []


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_header_names_the_language_and_is_not_fuzzy(locale):
    header = read_po(po_path(locale))[0]
    assert header.msgid == ""
    assert "fuzzy" not in header.flags
    assert f"Language: {locale}\n" in header.msgstr[0]
    assert f"nplurals={PLURAL_FORMS[locale]};" in header.msgstr[0]


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_the_placeholders_of_the_message(locale):
    placeholder = re.compile(r"%\((\w+)\)[sd]")
    wrong = []
    for entry in messages(locale):
        allowed = set(placeholder.findall(entry.msgid + (entry.msgid_plural or "")))
        for form in entry.msgstr.values():
            used = set(placeholder.findall(form))
            # Singular forms ("one representative") may spell the count out.
            if not used <= allowed or (entry.msgid_plural is None and used != allowed):
                wrong.append((entry.msgid, form))
    assert wrong == []


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalogue_is_in_sync_with_the_po_file(locale):
    """The committed .mo holds exactly what the .po says (run compilemessages after edits)."""
    with (po_path(locale).with_suffix(".mo")).open("rb") as compiled:
        catalog = dict(gettext.GNUTranslations(compiled)._catalog)
    catalog.pop("", None)
    expected = {}
    for entry in messages(locale):
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt is not None else entry.msgid
        if entry.msgid_plural is None:
            expected[key] = entry.msgstr[0]
        else:
            expected.update({(key, index): form for index, form in entry.msgstr.items()})
    assert catalog == expected


# --- Figures in three languages -------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "country", "delegates", "regions", "expected"),
    [
        ("en", "CN", 142, 14, "142 representatives from 14 provinces"),
        ("en", "US", 104, 21, "104 representatives from 21 states"),
        ("en", "US", 1, 1, "1 representative from 1 state"),
        ("en", "CA", 3, 2, "3 representatives from 2 regions"),
        ("zh-hans", "CN", 142, 14, "来自14个省份的142名代表"),
        ("zh-hans", "US", 104, 21, "来自21个州的104名代表"),
        ("ar", "CN", 142, 14, "142 ممثلًا من 14 مقاطعة"),
        ("ar", "US", 104, 21, "104 ممثلين من 21 ولاية"),
        ("ar", "US", 1, 1, "ممثل واحد من ولاية واحدة"),
        ("ar", "CN", 2, 2, "ممثلان من مقاطعتين"),
        ("ar", "CN", 300, 3, "300 ممثل من 3 مقاطعات"),
        ("ar", "MX", 5, 11, "5 ممثلين من 11 منطقة"),
    ],
)
def test_attendance_phrase_uses_each_languages_plural_forms(
    language, country, delegates, regions, expected
):
    row = CountryAttendance(country=country, delegates=delegates, regions=regions)
    with translation.override(language):
        assert attendance_phrase(row) == expected


# --- Pages ----------------------------------------------------------------------------------


def in_language(url: str, language: str) -> str:
    """The English URL under another prefix. (Build URLs before the first request: the
    test client leaves the last request's language active.)"""
    assert url.startswith("/en/"), url
    return url.replace("/en/", f"/{language}/", 1)


@pytest.fixture
def tacoma(db):
    summit = SummitFactory(
        slug="tacoma-2024",
        title_en="6th China–US Sister Cities Summit",
        title_zh_hans="第六届中美友城大会",
        title_ar="القمة السادسة للمدن الشقيقة بين الصين والولايات المتحدة",
        city_zh_hans="塔科马",
        city_ar="تاكوما",
    )
    room = RoomFactory(
        venue=VenueFactory(summit=summit), name_en="Main hall", name_zh_hans="主会场"
    )
    session = SessionFactory(
        summit=summit,
        room=room,
        kind="keynote",
        title_en="Opening ceremony",
        title_zh_hans="开幕式",
        starts_at=tacoma_time(9),
        ends_at=tacoma_time(10),
    )
    SessionSpeakerFactory(
        session=session,
        speaker=SpeakerFactory(name_en="Victoria Woodards", name_zh_hans="维多利亚·伍达兹"),
        role="keynote",
    )
    publish(summit)
    return summit


@pytest.mark.parametrize(
    ("language", "direction"), [("en", "ltr"), ("zh-hans", "ltr"), ("ar", "rtl")]
)
def test_pages_declare_their_language_and_direction(client, tacoma, language, direction):
    for url in (reverse("summits:list"), tacoma.get_absolute_url(), tacoma.get_schedule_url()):
        body = client.get(in_language(url, language)).content.decode()
        assert f'<html lang="{language}" dir="{direction}">' in body


def test_language_switcher_keeps_the_page_and_its_filters(client, tacoma):
    room = tacoma.venues.get().rooms.get()
    url = f"{tacoma.get_schedule_url()}?room={room.pk}&kind=keynote"
    body = client.get(url).content.decode()
    links = re.findall(r'<li><a href="([^"]+)" lang="([^"]+)"[^>]*>([^<]+)</a></li>', body)
    query = f"?room={room.pk}&amp;kind=keynote"
    assert links == [
        (f"/en/summits/tacoma-2024/schedule/{query}", "en", "English"),
        (f"/zh-hans/summits/tacoma-2024/schedule/{query}", "zh-hans", "简体中文"),
        (f"/ar/summits/tacoma-2024/schedule/{query}", "ar", "العربيّة"),
    ]
    assert 'hreflang="en" aria-current="true">English</a>' in body


def test_programme_in_chinese_translates_interface_and_content(client, tacoma):
    response = client.get(in_language(tacoma.get_schedule_url(), "zh-hans"))
    page = text(response)
    assert "第六届中美友城大会 日程 所有时间均为塔科马当地时间（北美太平洋夏令时间）。" in page
    assert (
        "2024年7月19日星期五 09:00–10:00 PDT 开幕式 主旨演讲 主会场 维多利亚·伍达兹 主旨演讲人"
        in page
    )


def test_programme_in_arabic_falls_back_to_english_content(client, tacoma):
    response = client.get(in_language(tacoma.get_schedule_url(), "ar"))
    page = text(response)
    assert "جميع الأوقات بالتوقيت المحلي في تاكوما (توقيت المحيط الهادي الصيفي)." in page
    # No Arabic title, room or speaker name was entered: the English ones are shown.
    assert (
        "الجمعة، 19 يوليو 2024 09:00–10:00 PDT Opening ceremony كلمة رئيسية Main hall "
        "Victoria Woodards متحدث رئيسي"
    ) in page


def test_english_fallback_content_is_marked_as_english_left_to_right(client, tacoma):
    url = tacoma.get_schedule_url()
    arabic = client.get(in_language(url, "ar")).content.decode()
    chinese = client.get(in_language(url, "zh-hans")).content.decode()
    english = client.get(url).content.decode()
    # The session has a Chinese title but no Arabic one.
    assert '<h3 class="session__title" lang="en" dir="ltr"><a' in arabic
    assert '<h3 class="session__title"><a' in chinese
    assert '<h3 class="session__title"><a' in english
    assert '<span class="session__room" lang="en" dir="ltr">Main hall</span>' in arabic
    assert '<span class="session__room">主会场</span>' in chinese


def test_summit_page_in_arabic_and_chinese_gives_attendance_figures(client, tacoma):
    for region, count in (("Fujian", 2), ("Hubei", 1)):
        delegation = DelegationFactory(
            summit=tacoma, locality=LocalityFactory(country="CN", region_en=region)
        )
        DelegateFactory.create_batch(count, delegation=delegation)
    delegation = DelegationFactory(
        summit=tacoma, locality=LocalityFactory(country="US", region_en="Washington")
    )
    DelegateFactory.create_batch(11, delegation=delegation)

    url = tacoma.get_absolute_url()
    arabic = text(client.get(in_language(url, "ar")))
    chinese = text(client.get(in_language(url, "zh-hans")))

    assert "الصين 3 ممثلين من مقاطعتين" in arabic
    assert "الولايات المتحدة الأمريكية 11 ممثلًا من ولاية واحدة" in arabic
    assert "التواريخ 19 يوليو 2024" in arabic
    assert "中国 来自2个省份的3名代表" in chinese
    assert "日期 2024年7月19日" in chinese


def test_summit_list_names_the_place_in_each_languages_order(client, tacoma):
    url = reverse("summits:list")
    chinese = text(client.get(in_language(url, "zh-hans")))
    arabic = text(client.get(in_language(url, "ar")))
    assert "2024年7月19日 · 美国塔科马" in chinese
    assert "19 يوليو 2024 · تاكوما، الولايات المتحدة الأمريكية" in arabic


def test_times_read_in_summit_time_in_every_language(client, tacoma, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    url = tacoma.sessions.get().get_absolute_url()
    zone_names = {
        "en": "Pacific Daylight Time",
        "zh-hans": "北美太平洋夏令时间",
        "ar": "توقيت المحيط الهادي الصيفي",
    }
    for language, zone_name in zone_names.items():
        body = client.get(in_language(url, language)).content.decode()
        assert f'<html lang="{language}"' in body
        assert (
            '<span class="times" dir="ltr"><time datetime="2024-07-19T09:00:00-07:00">09:00'
            '</time>–<time datetime="2024-07-19T10:00:00-07:00">10:00</time> '
            f'<abbr title="{zone_name}">PDT</abbr></span>'
        ) in body


def test_summit_in_winter_names_the_standard_time_zone(client, db):
    summit = SummitFactory(
        starts_on=dt.date(2014, 3, 6), ends_on=dt.date(2014, 3, 6), timezone="America/New_York"
    )
    SessionFactory(
        summit=summit,
        title_en="Opening",
        starts_at=dt.datetime(2014, 3, 6, 14, tzinfo=dt.UTC),
        ends_at=dt.datetime(2014, 3, 6, 15, tzinfo=dt.UTC),
    )
    publish(summit)
    page = text(client.get(in_language(summit.get_schedule_url(), "ar")))
    assert "09:00–10:00 EST Opening" in page


@pytest.mark.parametrize(
    ("language", "heading", "dates"),
    [
        ("en", "Friday, 19 July 2024", "19\u2009–\u200920 Jul 2024"),
        ("zh-hans", "2024年7月19日星期五", "2024年7月19日\u2009–\u200920日"),
        ("ar", "الجمعة، 19 يوليو 2024", "19–20 يوليو 2024"),
    ],
)
def test_dates_follow_each_languages_own_cldr_patterns(client, db, language, heading, dates):
    """Not "星期五 19 七月 2024" or "جمعة 19 يوليو": CLDR's full date and interval."""
    summit = SummitFactory(starts_on=dt.date(2024, 7, 19), ends_on=dt.date(2024, 7, 20))
    SessionFactory(summit=summit, starts_at=tacoma_time(9), ends_at=tacoma_time(10))
    publish(summit)

    schedule_url = in_language(summit.get_schedule_url(), language)
    overview_url = in_language(summit.get_absolute_url(), language)
    schedule = client.get(schedule_url).content.decode()
    overview = client.get(overview_url).content.decode()

    assert f'<h2 class="day__heading" id="day-1">{heading}</h2>' in schedule
    assert dates in overview
