"""A delegate's private agenda: the page, sign-ups from it, and its calendar feed."""

import itertools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from delegations.attendance.agenda import delegate_agenda, delegate_by_agenda_token
from delegations.attendance.calendar import agenda_calendar
from delegations.attendance.signups import session_signup, session_signup_cancel
from delegations.forms import SignupForm
from delegations.models import Delegate, SessionSignup
from summits.calendar import webcal_url
from summits.models import Session
from summits.selectors import summit_programme


def _agenda_delegate(token: str) -> Delegate:
    delegate = delegate_by_agenda_token(token)
    if delegate is None:
        raise Http404
    return delegate


def _private(response: HttpResponse) -> HttpResponse:
    # The token never leaves in a Referer header, not even to this site's other pages.
    response["Referrer-Policy"] = "no-referrer"
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
                "webcal_url": webcal_url(
                    request, reverse("delegations:agenda_ics", kwargs={"token": token})
                ),
                "ics_url": request.build_absolute_uri(
                    reverse("delegations:agenda_ics", kwargs={"token": token})
                ),
            },
        )
    )


def _signed_up(request: HttpRequest, signup: SessionSignup) -> None:
    title = signup.session.title
    tag = session_message_tag(signup.session)
    if signup.status == SessionSignup.Status.CONFIRMED:
        messages.success(
            request, _("You have a seat at “%(session)s”.") % {"session": title}, extra_tags=tag
        )
        return
    messages.info(
        request,
        _("“%(session)s” is full: you are number %(position)d on the waiting list.")
        # The place counted under the session's lock, not after others moved the queue.
        % {"session": title, "position": signup.waitlist_position},
        extra_tags=tag,
    )


def session_message_tag(session: Session) -> str:
    """The page comes back at the session (`#session-<pk>`), so its message is shown there,
    in view, not at the top of the page."""
    return f"session-{session.pk}"


# No CSRF check: the 192-bit token in the URL is what a forged request would need, and
# whoever has it holds the agenda anyway (a capability URL, like a password reset link).
# Django's check cannot pass here either: under "no-referrer" browsers send "Origin: null"
# and no Referer with the form.
@csrf_exempt
@never_cache
@require_POST
def agenda_signup(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    delegate = _agenda_delegate(token)
    session = get_object_or_404(Session, pk=pk, summit_id=delegate.summit_id)
    published = summit_programme(summit=delegate.summit).filter(session_id=session.pk)
    if request.POST.get("action") == SignupForm.SIGN_UP and not published.exists():
        # Not in the published programme (yet): delegates cannot see it, nor sign up for
        # it by guessing its number. A sign-up held already can still be given up.
        raise Http404
    form = SignupForm(request.POST)
    target = f"{reverse('delegations:agenda', kwargs={'token': token})}#session-{session.pk}"
    tag = session_message_tag(session)
    if not form.is_valid():
        messages.error(request, _("This action is unknown."), extra_tags=tag)
        return redirect(target)
    try:
        if form.cleaned_data["action"] == SignupForm.SIGN_UP:
            _signed_up(request, session_signup(delegate=delegate, session=session))
        elif session_signup_cancel(delegate=delegate, session=session):
            messages.success(
                request,
                _("Your sign-up for “%(session)s” is cancelled.") % {"session": session.title},
                extra_tags=tag,
            )
    except ValidationError as error:
        # A refused clash or a closed session is said where the button was.
        messages.error(request, " ".join(error.messages), extra_tags=tag)
    return _private(redirect(target))


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
