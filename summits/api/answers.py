"""How every answer of the API is made: its language, its cache entry, its headers."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from pydantic import BaseModel

from summits import caching
from summits.languages import language_codes

JSON_TYPE = "application/json; charset=utf-8"


def request_language(request: HttpRequest, lang: str | None) -> str:
    """`?lang=`, else the best of `Accept-Language`, else English (cookies are ignored so
    that the answer depends only on what `Vary` names)."""
    candidates = [lang] if lang else []
    weighted = []
    for index, item in enumerate(request.headers.get("Accept-Language", "").split(",")):
        code, _sep, params = item.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if code and code != "*" and quality > 0:
            weighted.append((-quality, index, code))
    candidates += [code for _q, _i, code in sorted(weighted)]
    for code in candidates:
        try:
            found = translation.get_supported_language_variant(code.strip().lower())
        except (LookupError, ValueError):
            continue
        if found in language_codes():
            return found
    return "en"


def cached_json(
    request: HttpRequest,
    lang: str | None,
    scopes: tuple[str, ...],
    parts: tuple,
    build: Callable[[], BaseModel],
) -> HttpResponse:
    language = request_language(request, lang)

    def render() -> caching.Rendered:
        with translation.override(language):
            return caching.Rendered.of(build().model_dump_json().encode())

    key = (*parts, language, request.build_absolute_uri("/"))
    rendered = caching.cached(scopes, key, render)
    response = caching.rendered_response(
        request, rendered, content_type=JSON_TYPE, vary=("Accept-Language",)
    )
    response["Content-Language"] = language
    return response
