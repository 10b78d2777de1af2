"""Dates, times and attendance figures as a delegate reads them, in the page's language."""

import datetime as dt
import zoneinfo

from babel.dates import format_date, format_interval, format_skeleton, get_timezone_name
from django import template
from django.conf import settings
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext, pgettext
from modeltranslation.utils import build_localized_fieldname

from summits.attendance import CountryAttendance
from summits.interpretation import heard_html, languages_html
from summits.languages import babel_locale, country_name, language_autonym

register = template.Library()


@register.filter(expects_localtime=True)
def summit_date(value: dt.date) -> str:
    """`19 July 2024`, `2024年7月19日`, `19 يوليو 2024` (CLDR's long date)."""
    return format_date(_day(value), "long", locale=babel_locale())


@register.filter(expects_localtime=True)
def day_heading(value: dt.date) -> str:
    """`Friday, 19 July 2024`, `2024年7月19日星期五`, `الجمعة، 19 يوليو 2024` (CLDR's full
    date; a datetime is first converted to the active time zone, the summit's)."""
    return format_date(_day(value), "full", locale=babel_locale())


@register.filter(expects_localtime=True)
def weekday_time(value: dt.datetime) -> str:
    """`Fri 10:45`, `周五 10:45`, `الجمعة 10:45`: a short moment within a summit's days."""
    return format_skeleton("EEEHm", value, locale=babel_locale())


@register.simple_tag
def date_range(first: dt.date, last: dt.date) -> str:
    """`26–27 Mar 2014`, `2014年3月26日至27日`: CLDR's interval, one date when both agree."""
    if first == last:
        return summit_date(first)
    return format_interval(first, last, "yMMMd", locale=babel_locale())


@register.simple_tag
def zone_name(summit) -> str:
    """The summit's zone in the reader's language at its first day: `Pacific Daylight
    Time`, `北美太平洋夏令时间`, `توقيت المحيط الهادي الصيفي`."""
    noon = dt.datetime.combine(summit.starts_on, dt.time(12), tzinfo=summit.tzinfo)
    return get_timezone_name(noon, width="long", locale=babel_locale())


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


@register.simple_tag
def time_range(starts_at: dt.datetime, ends_at: dt.datetime, timezone: str) -> SafeString:
    """`09:00–10:00 PDT` in the summit's own zone, whoever reads it and from wherever.

    Times read left to right in every language, so the run is isolated with `dir="ltr"`
    (an Arabic page would otherwise show `PDT 10:00–09:00`)."""
    zone = zoneinfo.ZoneInfo(timezone)
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    return format_html(
        '<span class="times" dir="ltr"><time datetime="{}">{}</time>–<time datetime="{}">{}'
        '</time> <abbr title="{}">{}</abbr></span>',
        start.isoformat(),
        start.strftime("%H:%M"),
        end.isoformat(),
        end.strftime("%H:%M"),
        get_timezone_name(start, width="long", locale=babel_locale()),
        start.tzname(),
    )


@register.filter
def fallback_lang(obj: object, field: str) -> SafeString:
    """` lang="en" dir="ltr"` on an element whose text is the English fallback (nothing
    was entered in the page's language), so that an English address or description reads
    left to right on an Arabic page and screen readers pronounce it as English."""
    language = get_language()
    fallback = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if obj is None or language == fallback:
        return mark_safe("")
    own = getattr(obj, build_localized_fieldname(field, language), "")
    if own or not getattr(obj, field, ""):
        return mark_safe("")
    return mark_safe(f' lang="{fallback}" dir="ltr"')


@register.simple_tag
def place(city: str, country_code: str) -> str:
    """`Tacoma, United States of America`, `美国塔科马`, `تاكوما، الولايات المتحدة الأمريكية`."""
    # Translators: a city and its country; reorder and use your language's comma.
    return pgettext("city and country", "%(city)s, %(country)s") % {
        "city": city,
        "country": country_name(country_code),
    }


register.filter("country_name", country_name)
register.filter("language_autonym", language_autonym)


@register.simple_tag
def session_languages(session) -> SafeString:
    """`English · 中文 on channel 1` for a session (`languages` prefetched), each language
    named in itself with its own `lang`; empty when none is listed."""
    return languages_html(session.languages.all())


@register.simple_tag
def heard_in_language(session, language: str) -> SafeString:
    """How a reader of `language` follows `session`: its channel, the floor, or neither."""
    return heard_html(session.languages.all(), language)


@register.filter
def attendance_phrase(row: CountryAttendance) -> str:
    """`142 representatives from 14 provinces` (China), `... from 21 states` (USA),
    `... from 3 regions` elsewhere, with each language's own plural forms."""
    people = ngettext("%(count)s representative", "%(count)s representatives", row.delegates) % {
        "count": formats.number_format(row.delegates)
    }
    if row.country == "CN":
        places = ngettext("%(count)s province", "%(count)s provinces", row.regions)
    elif row.country == "US":
        places = ngettext("%(count)s state", "%(count)s states", row.regions)
    else:
        places = ngettext("%(count)s region", "%(count)s regions", row.regions)
    places %= {"count": formats.number_format(row.regions)}
    # Translators: "142 representatives" from "14 provinces"; reorder as the language needs.
    return pgettext("attendance", "%(representatives)s from %(regions)s") % {
        "representatives": people,
        "regions": places,
    }
