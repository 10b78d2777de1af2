"""Project-wide views that belong to no app."""

import logging

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """`200 ok` when the app and its database answer, `503` with a short reason otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("health check: database unavailable: %s", type(error).__name__)
        # Drop the broken connection so the next request opens a fresh one.
        connection.close_if_unusable_or_obsolete()
        return HttpResponse(
            "database unavailable", status=503, content_type="text/plain; charset=utf-8"
        )
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
