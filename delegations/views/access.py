"""Who may open the staff pages, and how an htmx request is told apart.

Staff pages answer anyone without the permission with the login page, before looking up
anything, and are never stored by a browser or a proxy (`Cache-Control: private, no-store`):
they show people's names and attendance; private agendas answer a wrong or revoked token
with a plain 404.
"""

from collections.abc import Callable

from django.contrib.auth.decorators import permission_required, user_passes_test
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.http import HttpRequest
from django.views.decorators.cache import never_cache

CHECK_IN_PERMISSION = "delegations.check_in_delegate"
DASHBOARD_PERMISSION = "delegations.view_attendance_dashboard"


def staff_page(perm: str) -> Callable[[Callable], Callable]:
    """Django's `permission_required`, for pages whose menu reads `perms`; never cached."""

    def decorator(view: Callable) -> Callable:
        return never_cache(permission_required(perm)(view))

    return decorator


def staff_permission_required(perm: str) -> Callable[[Callable], Callable]:
    """`permission_required` with one query: Django's loads every permission of the user
    and of their groups (two queries and some hundred objects) to test a single one, at
    every check-in. Same rule: active, then superuser, or the permission given to the
    user or to one of their groups; anyone else goes to the login page. Only for the
    desk's own requests: pages whose menu reads `perms` load them all anyway."""
    app_label, codename = perm.split(".", 1)

    def has_permission(user) -> bool:
        if not user.is_active:
            return False
        if user.is_superuser:
            return True
        return Permission.objects.filter(
            Q(user=user) | Q(group__user=user),
            content_type__app_label=app_label,
            codename=codename,
        ).exists()

    def decorator(view: Callable) -> Callable:
        return never_cache(user_passes_test(has_permission)(view))

    return decorator


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"
