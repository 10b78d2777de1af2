"""Who may open the staff pages, and how an htmx request is told apart.

Staff pages send a visitor who is not logged in to the login page and answer a logged-in
user without the permission 403 ("You may not open this page", not the admin's index),
before looking up anything; they are never stored by a browser or a proxy (`Cache-Control: private, no-store`):
they show people's names and attendance; private agendas answer a wrong or revoked token
with a plain 404.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.models import AbstractBaseUser, Permission
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

CHECK_IN_PERMISSION = "delegations.check_in_delegate"
DASHBOARD_PERMISSION = "delegations.view_attendance_dashboard"


def _staff_only(has_permission: Callable[[AbstractBaseUser], bool]):
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_permission(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return never_cache(wrapped)

    return decorator


def staff_page(perm: str) -> Callable[[Callable], Callable]:
    """For pages whose menu reads `perms` (which loads them all anyway); never cached."""
    return _staff_only(lambda user: user.has_perm(perm))


def staff_permission_required(perm: str) -> Callable[[Callable], Callable]:
    """`permission_required` with one query: Django's loads every permission of the user
    and of their groups (two queries and some hundred objects) to test a single one, at
    every check-in. Same rule: active, then superuser, or the permission given to the
    user or to one of their groups. Only for the desk's own requests: pages whose menu
    reads `perms` load them all anyway."""
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

    return _staff_only(has_permission)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"
