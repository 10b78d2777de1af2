"""Project-wide views that belong to no app."""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("health check: database unavailable: %s", type(error).__name__)
        # Drop the broken connection so the next request opens a fresh one.
        connection.close_if_unusable_or_obsolete()
        return False
    return True


def _cache_answers() -> bool:
    """A value written and read back: the cache ignores its own errors (a miss, a no-op),
    so only a round trip tells that it is there. A key of its own per check, so that two
    checks at once cannot read each other's value."""
    probe = secrets.token_hex(8)
    cache.set(f"healthz:{probe}", probe, 10)
    return cache.get(f"healthz:{probe}") == probe


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """`200` while the database answers, `503` when it does not; the body's first line says
    which (`ok`, `unavailable`), the next ones each dependency's state. The site works
    without its cache (slower), so the cache never makes it 503."""
    database = _database_answers()
    cache_state = "ok" if _cache_answers() else "unavailable"
    lines = [
        "ok" if database else "unavailable",
        f"database: {'ok' if database else 'unavailable'}",
        f"cache: {cache_state}",
    ]
    return HttpResponse(
        "\n".join(lines),
        status=200 if database else 503,
        content_type="text/plain; charset=utf-8",
    )
