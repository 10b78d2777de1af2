"""The staff pages of each summit, for the admin's index (`{% admin_staff_pages %}`)."""

from django import template
from django.http import HttpRequest

from delegations.views.access import CHECK_IN_PERMISSION, DASHBOARD_PERMISSION
from summits.models import Summit

register = template.Library()

# The admin's index lists the staff pages of this many summits, the latest first.
SUMMITS_LISTED = 6


@register.inclusion_tag("admin/delegations/staff_pages.html", takes_context=True)
def admin_staff_pages(context: template.Context) -> dict:
    """The desk, badges and dashboard of the latest summits, those the user may open."""
    request: HttpRequest = context["request"]
    may_check_in = request.user.has_perm(CHECK_IN_PERMISSION)
    may_see_dashboard = request.user.has_perm(DASHBOARD_PERMISSION)
    summits = []
    if may_check_in or may_see_dashboard:
        summits = list(Summit.objects.order_by("-starts_on")[:SUMMITS_LISTED])
    return {
        "summits": summits,
        "may_check_in": may_check_in,
        "may_see_dashboard": may_see_dashboard,
    }
