"""Dates, times and attendance figures as a delegate reads them, in the page's language."""

import datetime as dt
import zoneinfo

from django import template
from django.conf import settings
from django.utils import formats
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext, pgettext
from modeltranslation.utils import build_localized_fieldname

from summits.attendance import CountryAttendance
from summits.languages import country_name

register = template.Library()


def _summit_date_format() -> str:
    # Translators: a date on the summit pages, in Django's date format syntax
    # (https://docs.djangoproject.com/en/5.2/ref/templates/builtins/#date):
    # j = day, F = month name, n = month number, Y = year. "19 July 2024".
    return pgettext("date format", "j F Y")


def _day_heading_format() -> str:
    # Translators: the heading of one day of the programme, in Django's date format
    # syntax: l = weekday name, j = day, F = month name, n = month number, Y = year.
    # "Friday 19 July 2024".
    return pgettext("date format", "l j F Y")


@register.filter(expects_localtime=True)
def summit_date(value: dt.date) -> str:
    """`19 July 2024`, `2024年7月19日`, `19 يوليو 2024`."""
    return format_date(value, _summit_date_format())


@register.filter(expects_localtime=True)
def day_heading(value: dt.date) -> str:
    """`Friday 19 July 2024`, in the page's language (a datetime is first converted to
    the active time zone, which the views set to the summit's)."""
    return format_date(value, _day_heading_format())


@register.simple_tag
def date_range(first: dt.date, last: dt.date) -> str:
    if first == last:
        return summit_date(first)
    # Translators: the first and last day of a summit, "26 March 2014 – 27 March 2014".
    return pgettext("range of two dates", "%(first)s – %(last)s") % {
        "first": summit_date(first),
        "last": summit_date(last),
    }


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
        timezone,
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
