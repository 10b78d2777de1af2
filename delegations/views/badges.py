"""The printable badges of a summit, or of one delegation."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from delegations.attendance.badges import badge_delegates, check_in_url, own_script_names, qr_svg
from delegations.attendance.desk import with_role_labels
from delegations.forms import BadgeFilterForm
from summits.models import Summit

from .access import CHECK_IN_PERMISSION, staff_page


@staff_page(CHECK_IN_PERMISSION)
@require_safe
def badges(request: HttpRequest, slug: str) -> HttpResponse:
    summit = get_object_or_404(Summit, slug=slug)
    form = BadgeFilterForm(request.GET or None, summit=summit)
    delegation = form.cleaned_data.get("delegation") if form.is_valid() else None
    delegates = with_role_labels(list(badge_delegates(summit=summit, delegation=delegation)))
    cards = [
        {
            "delegate": delegate,
            "scripts": own_script_names(delegate),
            "qr": qr_svg(check_in_url(request, delegate)),
        }
        for delegate in delegates
    ]
    return render(
        request,
        "delegations/badges.html",
        {
            "summit": summit,
            "form": form,
            "delegation": delegation,
            "badges": cards,
            "canonical_query": f"?delegation={delegation.pk}" if delegation else "",
        },
    )
