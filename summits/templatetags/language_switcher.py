"""Links to the page being read, in each of the site's languages."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool
    # For <link rel="alternate" hreflang>, which search engines want absolute.
    absolute_url: str


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[LanguageLink]:
    """The same path under each language prefix, named in its own language, with the
    page's own normalised filters (`canonical_query` in the context) and nothing else of
    the query string: a cached page must not carry its first reader's `?next=...` to all.

    Plain links rather than Django's `set_language` form: they work without JavaScript,
    need no POST and so no CSRF cookie (public pages stay cacheable by everyone), and
    a shared link always opens in the language it was shared in."""
    request = context.get("request")
    path = request.path if request is not None else "/"
    query = context.get("canonical_query", "")
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code) + query
        absolute = request.build_absolute_uri(url) if request is not None else url
        links.append(
            LanguageLink(
                code=code,
                name=get_language_info(code)["name_local"],
                url=url,
                is_current=code == current,
                absolute_url=absolute,
            )
        )
    return links
