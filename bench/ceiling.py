"""The benchmarks' URLconf: the app's own, plus the cheapest logged-in write it could answer,
as a ceiling for the check-in desk on the same gunicorn and database.

`POST /bench/write/<pk>/` runs what every staff write pays for (the session and its user,
the CSRF check, a transaction) and one UPDATE of a delegate's row, and nothing else: no
permission check, no lock order, no audit event, no page. Check-ins per second as a share of
these writes per second is what the desk's own work costs. Only the benchmarks' settings
(bench/support.py) point ROOT_URLCONF here.
"""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from config.urls import urlpatterns as app_urlpatterns
from delegations.models import Delegate


@require_POST
@login_required
def trivial_write(request: HttpRequest, pk: int) -> HttpResponse:
    with transaction.atomic():
        Delegate.objects.filter(pk=pk).update(updated_at=timezone.now())
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/write/<int:pk>/", trivial_write), *app_urlpatterns]
