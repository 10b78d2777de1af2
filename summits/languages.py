"""The three content languages: their columns, searches across them, and names of countries."""

from functools import cache

from babel import Locale
from babel.languages import get_official_languages
from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language
from django_countries import countries
from modeltranslation.utils import build_localized_fieldname


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def all_language_fields(*names: str) -> list[str]:
    """`title` -> `title_en`, `title_zh_hans`, `title_ar`: for searches across languages,
    since modeltranslation filters only on the active language's column."""
    return [build_localized_fieldname(name, code) for name in names for code in language_codes()]


@cache
def language_autonym(code: str) -> str:
    """`English`, `中文`, `العربية`: a language's name in itself (CLDR), as language
    pickers and interpretation receivers label it, whatever the page's language."""
    return Locale.parse(code.split("-")[0]).get_display_name() or code


def any_language_contains(text: str, *names: str) -> Q:
    query = Q()
    for field in all_language_fields(*names):
        query |= Q(**{f"{field}__icontains": text})
    return query


def country_name(code: str) -> str:
    """`China`, `中国`, `الصين` in the active language (django-countries carries the
    translations); the code itself when it names no country."""
    return str(countries.name(code)) or code


@cache
def country_language(code: str) -> str:
    """The content language a reader from the country `code` most likely reads: the
    country's first official language in CLDR (`CN` -> zh-hans, `EG` -> ar, `US` -> en)
    when it is one of ours, in any script (Taiwan's Traditional Chinese -> zh-hans),
    the site's default otherwise (`FR`, `IL`: Hebrew comes before Arabic there)."""
    official = get_official_languages(code, de_facto=True) if code else ()
    if official:
        first = official[0].split("_")[0]
        for language in language_codes():
            if language.split("-")[0] == first:
                return language
    return settings.LANGUAGE_CODE


def collation_key(text: str, language: str) -> tuple:
    """A sort key for names as a reader of `language` orders them: Chinese by the GB2312
    order of its characters (the common ones stand in pinyin order there, as in a Chinese
    index), others by their case-folded letters."""
    if language == "zh-hans":
        return (text.encode("gb18030", errors="replace"),)
    return (text.casefold(), text)


# CLDR locales for Babel: British English (the programme's spelling), Simplified Chinese
# as written in China, Arabic.
_BABEL_LOCALES = {"en": "en_GB", "zh-hans": "zh_Hans_CN", "ar": "ar"}


def babel_locale(language: str | None = None) -> str:
    """The CLDR locale whose date, time and zone patterns the page's language uses."""
    language = language or get_language() or settings.LANGUAGE_CODE
    return _BABEL_LOCALES.get(language, _BABEL_LOCALES[settings.LANGUAGE_CODE])
