"""Rendered feeds and API answers kept in Django's cache, dropped when their data changes.

Each entry's key holds a version that signals replace on every save or delete of the models
it is built from, so an edit in the admin shows at once. With the default per-process
LocMemCache, another gunicorn worker notices only when its copy expires (`TTL`, the same
minute that `Cache-Control: max-age` already allows); with REDIS_URL set, all workers share
the versions and see edits at once. Writes that send no signals call `changed()` or
`attendance_changed()` themselves.

The cache is never needed: with Redis unreachable (its errors ignored, see settings) a read
is a miss and a write a no-op, so every answer is built from the database.
"""

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import compress_string

TTL = 60
PROGRAMME = "programme"
ATTENDANCE = "attendance"

T = TypeVar("T")


def _version_key(scope: str) -> str:
    return f"feeds:version:{scope}"


@dataclass(frozen=True)
class _Versions:
    numbers: tuple[int, ...]
    # False when a version was made just now: nothing can be cached under it yet.
    reusable: bool = True
    # False when the cache did not answer (its errors are ignored): build, keep nothing.
    reachable: bool = True


def _versions(scopes: tuple[str, ...]) -> _Versions:
    """The current version of each scope, read in one round trip."""
    keys = [_version_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    numbers, reusable = [], True
    for key in keys:
        current = found.get(key)
        if current is None:
            # A fresh clock value, never a counter restarting at 1 that could meet old entries.
            current = time.time_ns()
            added = cache.add(key, current, None)
            if added is None:
                # django-redis answers None for a call it gave up on; a working cache a bool.
                fresh = [found.get(k) or time.time_ns() for k in keys]
                return _Versions(tuple(fresh), reusable=False, reachable=False)
            if added:
                reusable = False
            else:  # another process set one first: use that
                current = cache.get(key, current)
        numbers.append(current)
    return _Versions(tuple(numbers), reusable=reusable)


def version(scope: str) -> int:
    return _versions((scope,)).numbers[0]


def bump(scope: str) -> None:
    cache.set(_version_key(scope), time.time_ns(), None)


def cached(scopes: tuple[str, ...], parts: tuple[Any, ...], build: Callable[[], T]) -> T:
    """`build()`'s result for `parts`, rebuilt when any of `scopes` changed or after TTL.
    Two round trips to the cache when it holds the answer; without a cache (Redis down or
    hung), one or two that fail (each bounded by REDIS_TIMEOUT) and the answer is built."""
    versions = _versions(scopes)
    digest = hashlib.sha256(repr((versions.numbers, parts)).encode()).hexdigest()
    key = f"feeds:{digest}"
    value = cache.get(key) if versions.reusable else None
    if value is None:
        value = build()
        if versions.reachable:
            cache.set(key, value, TTL)
    return value


@dataclass(frozen=True)
class Rendered:
    """A rendered body with its gzip form (made once, not per request) and its ETag."""

    body: bytes
    gzipped: bytes
    etag: str

    @classmethod
    def of(cls, body: bytes, *, etag: str | None = None) -> "Rendered":
        etag = etag or f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        return cls(body=body, gzipped=compress_string(body), etag=etag)


_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def rendered_response(
    request: HttpRequest, rendered: Rendered, *, content_type: str, vary: tuple[str, ...] = ()
) -> HttpResponse:
    """200 with `Cache-Control: public`, the ETag, and gzip when the client takes it
    (ConditionalGetMiddleware then answers 304 to a matching If-None-Match)."""
    if _ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(rendered.gzipped, content_type=content_type)
        response["Content-Encoding"] = "gzip"
        # Each coding of a representation has its own ETag (RFC 9110 8.8.3).
        response["ETag"] = rendered.etag[:-1] + '-gzip"'
    else:
        response = HttpResponse(rendered.body, content_type=content_type)
        response["ETag"] = rendered.etag
    patch_vary_headers(response, ("Accept-Encoding", *vary))
    patch_cache_control(response, public=True, max_age=TTL)
    return response


def changed(scope: str, *, using: str | None = None) -> None:
    """Drop what was cached under `scope`, now and again when the open transaction commits:
    a request that read the old rows meanwhile must not keep its copy under the new version.
    Signals call it for every save and delete; writes that send no signals (bulk creates and
    updates, raw SQL) call it themselves."""
    bump(scope)
    transaction.on_commit(lambda: bump(scope), using=using)


def attendance_changed(*, using: str | None = None) -> None:
    """Delegates, delegations or localities were written without signals (an import)."""
    changed(ATTENDANCE, using=using)


def _bumper(scope: str) -> Callable[..., None]:
    def receiver(**kwargs: Any) -> None:
        changed(scope, using=kwargs.get("using"))

    return receiver


_programme_changed = _bumper(PROGRAMME)
_attendance_changed = _bumper(ATTENDANCE)


def invalidate_on(scope: str, *models: type[Model]) -> None:
    """Every save or delete of `models` drops what was cached under `scope`: how an app above
    this one (delegations, for `ATTENDANCE`) ties its models to the cached pages. Bulk writes
    of them send no signals and call `attendance_changed()` (or `changed()`) instead."""
    receiver = _programme_changed if scope == PROGRAMME else _attendance_changed
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(receiver, sender=model, dispatch_uid=f"feeds-{scope}-{model.__name__}")


def connect_signals() -> None:
    """Called from SummitsConfig.ready()."""
    from .models import Organisation, ProgrammeRelease, Room, Speaker, Summit, Venue

    # Sessions and their speakers are not here: delegates read the published release, so an
    # edit of the working programme changes nothing public until it is published (which
    # bumps, see `publishing`). Rooms, venues, speakers and summits are shown live.
    invalidate_on(PROGRAMME, Organisation, Summit, Venue, Room, Speaker, ProgrammeRelease)
    m2m_changed.connect(_programme_changed, sender=Summit.hosts.through, dispatch_uid="feeds-hosts")
