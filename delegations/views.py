"""Staff pages (check-in desk, badges, dashboard) and the delegates' private agendas.

Staff pages answer anyone without the permission with the login page, before looking up
anything; private agendas answer a wrong or revoked token with a plain 404.
"""

import itertools
import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required, user_passes_test
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django_countries import countries

from delegations.attendance.agenda import (
    delegate_agenda,
    delegate_by_agenda_token,
    signup_waitlist_position,
)
from delegations.attendance.badges import badge_delegates
from delegations.attendance.checkin import delegate_check_in, delegate_check_in_undo
from delegations.attendance.dashboard import (
    summit_regions_represented,
    summit_session_attendance,
    summit_session_figures,
    summit_status_by_country,
    summit_status_by_region,
)
from delegations.attendance.desk import (
    DESK_RESULTS_LIMIT,
    desk_counters,
    desk_delegate,
    desk_delegate_at,
    desk_search,
    session_running,
    with_role_labels,
)
from delegations.attendance.signups import session_signup, session_signup_cancel
from summits.models import Session, Summit

from .attendance.badges import check_in_url, own_script_names, qr_svg
from .attendance.calendar import agenda_calendar
from .attendance.charts import Bar, Series, bar_chart
from .forms import BadgeFilterForm, DeskActionForm, DeskSearchForm, SignupForm
from .models import Delegate, SessionAttendance, SessionSignup
from .spreadsheets.rosters import session_attendance_export

logger = logging.getLogger("delegations.attendance")

CHECK_IN_PERMISSION = "delegations.check_in_delegate"
DASHBOARD_PERMISSION = "delegations.view_attendance_dashboard"

EXPECTED_COLOUR = "#9db4c0"
ARRIVED_COLOUR = "#1b7f5b"
SIGNUP_COLOUR = "#5c6bc0"
WAITLIST_COLOUR = "#e0a526"


def _staff_permission_required(perm: str):
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

    return user_passes_test(has_permission)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _country_name(code: str) -> str:
    return str(countries.name(code)) or code


# --- Check-in desk ----------------------------------------------------------------------


def _desk_query(*, q: str, session: Session | None, delegate: int | None = None) -> str:
    params = {"q": q, "session": session.pk if session else ""}
    if delegate:
        params["delegate"] = delegate
    return urlencode(params)


@_staff_permission_required(CHECK_IN_PERMISSION)
@require_safe
def desk(request: HttpRequest, slug: str) -> HttpResponse:
    summit = get_object_or_404(Summit, slug=slug)
    data = request.GET.copy()
    running = session_running(summit=summit, at=timezone.now())
    if "session" not in data:
        # Opened from a badge or a bookmark: the session under way, if any.
        data["session"] = str(running.pk) if running else ""
    form = DeskSearchForm(data, summit=summit)
    form.is_valid()  # a bad value only falls back to its empty default
    q = form.cleaned_data.get("q") or ""
    session = form.cleaned_data.get("session")
    wanted = form.cleaned_data.get("delegate")
    if wanted:
        found = desk_delegate(summit=summit, pk=wanted, session=session)
        results = [found] if found else []
    else:
        results = desk_search(summit=summit, text=q, session=session)
    more = len(results) > DESK_RESULTS_LIMIT
    context = {
        "summit": summit,
        "form": form,
        "q": q,
        "session": session,
        "running": running,
        "wanted": wanted,
        "results": results[:DESK_RESULTS_LIMIT],
        "more": more,
        "limit": DESK_RESULTS_LIMIT,
        "counters": desk_counters(summit=summit, session=session),
        "return_query": _desk_query(q=q, session=session),
        "staff_section": "desk",
    }
    template = "delegations/desk.html"
    if _is_htmx(request) and request.headers.get("HX-Target") == "desk-results":
        template = "delegations/desk/_search_response.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _desk_outcome(action: str, changed: bool, delegate: Delegate, session: Session | None) -> str:
    names = {"name": delegate.full_name, "session": session.title if session else ""}
    texts = {
        (DeskActionForm.ARRIVE, True): _("%(name)s has arrived."),
        (DeskActionForm.ARRIVE, False): _("%(name)s had already arrived: nothing changed."),
        (DeskActionForm.ARRIVE_UNDO, True): _("Arrival of %(name)s undone."),
        (DeskActionForm.ARRIVE_UNDO, False): _("%(name)s had not arrived: nothing changed."),
        (DeskActionForm.SESSION, True): _("%(name)s is checked in at “%(session)s”."),
        (DeskActionForm.SESSION, False): _(
            "%(name)s was already checked in at “%(session)s”: nothing changed."
        ),
        (DeskActionForm.SESSION_UNDO, True): _("Check-in of %(name)s at “%(session)s” undone."),
        (DeskActionForm.SESSION_UNDO, False): _(
            "%(name)s was not checked in at “%(session)s”: nothing changed."
        ),
    }
    return texts[action, changed] % names


@_staff_permission_required(CHECK_IN_PERMISSION)
@require_POST
def desk_action(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Arrival, session check-in and their undo, for one delegate; a page of its own
    without JavaScript (POST, then redirect), one row and the counters with htmx."""
    delegate = desk_delegate_at(slug=slug, pk=pk)
    if delegate is None:
        raise Http404
    summit = delegate.summit
    form = DeskActionForm(request.POST, summit=summit)
    session, level = None, messages.SUCCESS
    if form.is_valid():
        action, session = form.cleaned_data["action"], form.cleaned_data["session"]
        service = (
            delegate_check_in
            if action in (DeskActionForm.ARRIVE, DeskActionForm.SESSION)
            else delegate_check_in_undo
        )
        at_session = (
            session if action in (DeskActionForm.SESSION, DeskActionForm.SESSION_UNDO) else None
        )
        try:
            changed = service(delegate=delegate, session=at_session, by=request.user)
            text = _desk_outcome(action, changed, delegate, at_session)
            level = messages.SUCCESS if changed else messages.INFO
        except ValidationError as error:
            text, level = " ".join(error.messages), messages.ERROR
    else:
        session = form.cleaned_data.get("session")
        errors = form.non_field_errors() or [_("This action is unknown.")]
        text, level = " ".join(errors), messages.ERROR
    q = form.cleaned_data.get("q") or ""

    if _is_htmx(request):
        # The service updated `delegate` in place; only the session flag needs a look.
        delegate.checked_in_here = (
            session is not None
            and SessionAttendance.objects.filter(delegate=delegate, session=session).exists()
        )
        response = render(
            request,
            "delegations/desk/_action_response.html",
            {
                "summit": summit,
                "delegate": delegate,
                "session": session,
                "q": q,
                "return_query": _desk_query(q=q, session=session),
                "message": text,
                "message_level": messages.DEFAULT_TAGS[level],
                "counters": desk_counters(summit=summit, session=session),
            },
        )
        patch_vary_headers(response, ["HX-Request"])
        return response
    messages.add_message(request, level, text)
    query = _desk_query(q=q, session=session, delegate=None if q else delegate.pk)
    return redirect(f"{reverse('delegations:desk', kwargs={'slug': slug})}?{query}")


# --- Badges -----------------------------------------------------------------------------


@permission_required(CHECK_IN_PERMISSION)
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
        {"summit": summit, "form": form, "delegation": delegation, "badges": cards},
    )


# --- Dashboard --------------------------------------------------------------------------


@permission_required(DASHBOARD_PERMISSION)
@require_safe
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    summit = get_object_or_404(Summit, slug=slug)
    by_country = summit_status_by_country(summit=summit)
    by_region = summit_status_by_region(summit=summit)
    regions = summit_regions_represented(summit=summit)
    sessions = list(summit_session_figures(summit=summit))
    expected, arrived = Series(_("Expected"), EXPECTED_COLOUR), Series(_("Arrived"), ARRIVED_COLOUR)
    charts = {
        "countries": bar_chart(
            chart_id="chart-countries",
            title=_("Arrived and expected, per country"),
            series=[expected, arrived],
            bars=[
                Bar(_country_name(row.country), (row.expected, row.arrived)) for row in by_country
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
    totals = {
        key: sum(getattr(row, key) for row in by_country)
        for key in ("registered", "confirmed", "attended", "cancelled", "arrived", "total")
    }
    return render(
        request,
        "delegations/dashboard.html",
        {
            "summit": summit,
            "by_country": [(_country_name(row.country), row) for row in by_country],
            "by_region": by_region,
            "regions": [(_country_name(row.country), row) for row in regions],
            "sessions": sessions,
            "totals": totals,
            "charts": charts,
            "staff_section": "dashboard",
        },
    )


@permission_required(DASHBOARD_PERMISSION)
@require_safe
def dashboard_export(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    """Per-session attendance as CSV or XLSX; `?session=<id>` for one session."""
    summit = get_object_or_404(Summit, slug=slug)
    session = None
    # isdecimal, not isdigit: "²" is a digit that int() refuses (a 500 before).
    if request.GET.get("session", "").isdecimal():
        session = get_object_or_404(Session, summit=summit, pk=request.GET["session"])
    rows = summit_session_attendance(summit=summit, session=session)
    content_types = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(
        session_attendance_export(rows, file_format=file_format),
        content_type=content_types[file_format],
    )
    name = f"{summit.slug}-session-{session.pk}" if session else f"{summit.slug}-sessions"
    response["Content-Disposition"] = f'attachment; filename="{name}-attendance.{file_format}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


# --- Personal agenda --------------------------------------------------------------------


def _agenda_delegate(token: str) -> Delegate:
    delegate = delegate_by_agenda_token(token)
    if delegate is None:
        raise Http404
    return delegate


def _private(response: HttpResponse) -> HttpResponse:
    # The site's Referrer-Policy (same-origin) already keeps the token from other sites;
    # "no-referrer" would make browsers send "Origin: null" and fail the CSRF check.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_safe
def agenda(request: HttpRequest, token: str) -> HttpResponse:
    delegate = _agenda_delegate(token)
    summit = delegate.summit
    items = delegate_agenda(delegate=delegate)
    days = [
        (day, list(group))
        for day, group in itertools.groupby(
            items, key=lambda item: summit.local_date(item.session.starts_at)
        )
    ]
    return _private(
        render(
            request,
            "delegations/agenda.html",
            {
                "delegate": delegate,
                "summit": summit,
                "days": days,
                "mine": [item for item in items if item.signup_status],
                "now": timezone.now(),
                "token": token,
                "ics_url": request.build_absolute_uri(
                    reverse("delegations:agenda_ics", kwargs={"token": token})
                ),
            },
        )
    )


@never_cache
@require_POST
def agenda_signup(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    delegate = _agenda_delegate(token)
    session = get_object_or_404(Session, pk=pk, summit_id=delegate.summit_id)
    form = SignupForm(request.POST)
    target = f"{reverse('delegations:agenda', kwargs={'token': token})}#session-{session.pk}"
    if not form.is_valid():
        messages.error(request, _("This action is unknown."))
        return redirect(target)
    try:
        if form.cleaned_data["action"] == SignupForm.SIGN_UP:
            signup = session_signup(delegate=delegate, session=session)
            if signup.status == SessionSignup.Status.CONFIRMED:
                messages.success(
                    request, _("You have a seat at “%(session)s”.") % {"session": session.title}
                )
            else:
                messages.info(
                    request,
                    _("“%(session)s” is full: you are number %(position)d on the waiting list.")
                    % {
                        "session": session.title,
                        "position": signup_waitlist_position(signup=signup),
                    },
                )
        elif session_signup_cancel(delegate=delegate, session=session):
            messages.success(
                request,
                _("Your sign-up for “%(session)s” is cancelled.") % {"session": session.title},
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(target)


@require_safe
def agenda_ics(request: HttpRequest, token: str) -> HttpResponse:
    delegate = _agenda_delegate(token)
    items = delegate_agenda(delegate=delegate)
    response = HttpResponse(
        agenda_calendar(delegate=delegate, items=items, request=request),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{delegate.summit.slug}-agenda.ics"'
    # Calendars poll this feed; the ETag middleware answers 304 while nothing changed.
    patch_cache_control(response, private=True, no_cache=True)
    return _private(response)
