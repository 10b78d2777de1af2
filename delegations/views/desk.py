"""The check-in desk: search, and arrival or session check-in (and their undo) per delegate."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from delegations.attendance.checkin import delegate_check_in, delegate_check_in_undo
from delegations.attendance.desk import (
    DESK_RESULTS_LIMIT,
    desk_counters,
    desk_delegate,
    desk_delegate_at,
    desk_search,
    session_running,
    signed_up_at,
)
from delegations.forms import DeskActionForm, DeskSearchForm
from delegations.models import Delegate, SessionAttendance
from summits.models import Session, Summit

from .access import CHECK_IN_PERMISSION, is_htmx, staff_permission_required


def _desk_query(*, q: str, session: Session | None, delegate: int | None = None) -> str:
    params = {"q": q, "session": session.pk if session else ""}
    if delegate:
        params["delegate"] = delegate
    return urlencode(params)


@staff_permission_required(CHECK_IN_PERMISSION)
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
    context = {
        "summit": summit,
        "form": form,
        "q": q,
        "session": session,
        "running": running,
        "wanted": wanted,
        "results": results[:DESK_RESULTS_LIMIT],
        "more": len(results) > DESK_RESULTS_LIMIT,
        "limit": DESK_RESULTS_LIMIT,
        "counters": desk_counters(summit=summit, session=session),
        "return_query": _desk_query(q=q, session=session),
        "canonical_query": f"?{_desk_query(q=q, session=session)}",
        "staff_section": "desk",
    }
    template = "delegations/desk.html"
    if is_htmx(request) and request.headers.get("HX-Target") == "desk-results":
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


def _desk_act(request: HttpRequest, form: DeskActionForm, delegate: Delegate) -> tuple[str, int]:
    """Run the action the valid `form` asks for; the message to show and its level."""
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
    except ValidationError as error:
        return " ".join(error.messages), messages.ERROR
    text = _desk_outcome(action, changed, delegate, at_session)
    if changed and action == DeskActionForm.SESSION and not signed_up_at(delegate, session):
        # Let them in (the desk decides), but say that they took no seat of the sign-ups.
        warning = _("%(name)s has not signed up for this session: their seat is not counted.")
        return f"{text} {warning % {'name': delegate.full_name}}", messages.WARNING
    return text, messages.SUCCESS if changed else messages.INFO


def _desk_row_response(
    request: HttpRequest, *, delegate: Delegate, session: Session | None, q: str, text: str, level
) -> HttpResponse:
    """With htmx: the delegate's row, the message in it and the counters."""
    # The service updated `delegate` in place; only the session flag needs a look.
    delegate.checked_in_here = (
        session is not None
        and SessionAttendance.objects.filter(delegate=delegate, session=session).exists()
    )
    delegate.signed_up_here = session is None or signed_up_at(delegate, session)
    summit = delegate.summit
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


@staff_permission_required(CHECK_IN_PERMISSION)
@require_POST
def desk_action(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Arrival, session check-in and their undo, for one delegate; a page of its own
    without JavaScript (POST, then redirect), one row and the counters with htmx."""
    delegate = desk_delegate_at(slug=slug, pk=pk)
    if delegate is None:
        raise Http404
    form = DeskActionForm(request.POST, summit=delegate.summit)
    if form.is_valid():
        session = form.cleaned_data["session"]
        text, level = _desk_act(request, form, delegate)
    else:
        session = form.cleaned_data.get("session")
        errors = form.non_field_errors() or [_("This action is unknown.")]
        text, level = " ".join(errors), messages.ERROR
    q = form.cleaned_data.get("q") or ""
    if is_htmx(request):
        return _desk_row_response(
            request, delegate=delegate, session=session, q=q, text=text, level=level
        )
    messages.add_message(request, level, text)
    query = _desk_query(q=q, session=session, delegate=None if q else delegate.pk)
    return redirect(f"{reverse('delegations:desk', kwargs={'slug': slug})}?{query}")
