"""What a printed badge shows: names in each script, and a QR code of the check-in link."""

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

import segno
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from delegations.models import Delegate, Delegation
from delegations.selectors import summit_delegates
from summits.models import Summit


@dataclass(frozen=True)
class ScriptName:
    text: str
    lang: str
    dir: str = "ltr"


def own_script_names(delegate: Delegate) -> list[ScriptName]:
    """The delegate's name in the scripts other than Latin that we hold."""
    names = []
    if delegate.full_name_zh_hans:
        names.append(ScriptName(delegate.full_name_zh_hans, "zh-Hans"))
    if delegate.full_name_ar:
        names.append(ScriptName(delegate.full_name_ar, "ar", "rtl"))
    return names


def check_in_url(request: HttpRequest, delegate: Delegate) -> str:
    """The desk opened on this delegate. It names no one: whoever scans it without a
    check-in login gets the login page, staff get the delegate."""
    path = reverse("delegations:desk", kwargs={"slug": delegate.summit.slug})
    return request.build_absolute_uri(f"{path}?{urlencode({'delegate': delegate.pk})}")


@lru_cache(maxsize=4096)
def _qr_markup(url: str, title: str) -> str:
    # segno's inline SVG carries no style= attribute, so the strict CSP lets it through.
    return segno.make(url, error="m", micro=False).svg_inline(
        border=2, omitsize=True, svgclass="badge-qr", lineclass="badge-qr-line", title=title
    )


def qr_svg(url: str) -> SafeString:
    # segno escapes the title; the rest is markup it generated from the URL's bits.
    return mark_safe(_qr_markup(url, gettext("QR code of the check-in link")))


def badge_delegates(*, summit: Summit, delegation: Delegation | None = None) -> QuerySet[Delegate]:
    """Everyone expected at the summit (or in one delegation), in badge printing order."""
    delegates = summit_delegates(summit=summit).expected()
    if delegation is not None:
        delegates = delegates.filter(delegation=delegation)
    return delegates.order_by("delegation__name_en", "full_name_en", "pk")
