"""The organisers' attendance dashboard, its per-session attendance export and the
interpretation receivers to order."""

from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from delegations.attendance.charts import Bar, Series, bar_chart
from delegations.attendance.dashboard import (
    StatusFigures,
    summit_regions_represented,
    summit_session_figures,
    summit_session_roster,
    summit_status_by_country,
    summit_status_by_region,
)
from delegations.attendance.receivers import summit_receiver_needs
from delegations.spreadsheets.receivers import receivers_export
from delegations.spreadsheets.rosters import session_roster_export
from summits.languages import country_name, language_autonym, language_codes
from summits.models import Session, Summit

from .access import DASHBOARD_PERMISSION, staff_page

EXPECTED_COLOUR = "#9db4c0"
ARRIVED_COLOUR = "#1b7f5b"
SIGNUP_COLOUR = "#5c6bc0"
WAITLIST_COLOUR = "#e0a526"

SPREADSHEET_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _dashboard_charts(
    *,
    by_country: Sequence[StatusFigures],
    by_region: Sequence[StatusFigures],
    sessions: Sequence[Session],
) -> dict[str, SafeString]:
    expected, arrived = Series(_("Expected"), EXPECTED_COLOUR), Series(_("Arrived"), ARRIVED_COLOUR)
    return {
        "countries": bar_chart(
            chart_id="chart-countries",
            title=_("Arrived and expected, per country"),
            series=[expected, arrived],
            bars=[
                Bar(country_name(row.country), (row.expected, row.arrived)) for row in by_country
            ],
        ),
        "regions": bar_chart(
            chart_id="chart-regions",
            title=_("Arrived and expected, per province or state"),
            series=[expected, arrived],
            bars=[
                Bar(f"{row.label} ({row.country})", (row.expected, row.arrived))
                for row in by_region
            ],
        ),
        "sessions": bar_chart(
            chart_id="chart-sessions",
            title=_("Sessions: attendance and sign-ups against capacity"),
            series=[
                Series(_("Checked in"), ARRIVED_COLOUR),
                Series(_("Signed up"), SIGNUP_COLOUR),
                Series(_("Waiting list"), WAITLIST_COLOUR),
            ],
            bars=[
                Bar(s.title, (s.attended, s.confirmed, s.waitlisted), s.capacity) for s in sessions
            ],
            limit_label=_("Capacity"),
        ),
    }


@staff_page(DASHBOARD_PERMISSION)
@require_safe
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    summit = get_object_or_404(Summit, slug=slug)
    by_country = summit_status_by_country(summit=summit)
    by_region = summit_status_by_region(summit=summit)
    sessions = list(summit_session_figures(summit=summit))
    totals = {
        key: sum(getattr(row, key) for row in by_country)
        for key in ("registered", "confirmed", "attended", "cancelled", "arrived", "total")
    }
    return render(
        request,
        "delegations/dashboard.html",
        {
            "summit": summit,
            "by_country": [(country_name(row.country), row) for row in by_country],
            "by_region": by_region,
            "regions": [
                (country_name(row.country), row)
                for row in summit_regions_represented(summit=summit)
            ],
            "sessions": sessions,
            "totals": totals,
            "receivers": summit_receiver_needs(summit=summit),
            "language_choices": [(code, language_autonym(code)) for code in language_codes()],
            "charts": _dashboard_charts(
                by_country=by_country, by_region=by_region, sessions=sessions
            ),
            "staff_section": "dashboard",
        },
    )


@staff_page(DASHBOARD_PERMISSION)
@require_safe
def dashboard_export(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    """Per-session rosters (seats, waiting list, check-ins) as CSV or XLSX; `?session=<id>`
    for one session."""
    summit = get_object_or_404(Summit, slug=slug)
    session = None
    # isdecimal, not isdigit: "²" is a digit that int() refuses (a 500 before).
    if request.GET.get("session", "").isdecimal():
        session = get_object_or_404(Session, summit=summit, pk=request.GET["session"])
    rows = summit_session_roster(summit=summit, session=session)
    response = HttpResponse(
        session_roster_export(rows, file_format=file_format),
        content_type=SPREADSHEET_TYPES[file_format],
    )
    name = f"{summit.slug}-session-{session.pk}" if session else f"{summit.slug}-sessions"
    response["Content-Disposition"] = f'attachment; filename="{name}-attendance.{file_format}"'
    return response


@staff_page(DASHBOARD_PERMISSION)
@require_safe
def receivers_export_view(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    """The receivers per session and language, as on the dashboard, as CSV or XLSX."""
    summit = get_object_or_404(Summit, slug=slug)
    response = HttpResponse(
        receivers_export(summit_receiver_needs(summit=summit), file_format=file_format),
        content_type=SPREADSHEET_TYPES[file_format],
    )
    name = f"{summit.slug}-receivers.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
