"""A delegate's language and private links: the agenda page and its calendar feed, as
paths for the site's own pages and absolute (on `SITE_URL`) for mail and exports."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from delegations.models import Delegate
from summits.calendar import webcal
from summits.languages import country_language

# A token the agenda URL pattern accepts and no delegate holds: for links built once and
# filled in (the export), or shown where no real link may be (a message's preview).
STAND_IN_TOKEN = "0" * 16


def delegate_language(delegate: Delegate) -> str:
    """The language of a delegate's pages and mail: the one they are given, else their
    country's (`country_language`), never a guess from the scripts of their name."""
    return delegate.language or country_language(str(delegate.locality.country))


def delegate_agenda_path(delegate: Delegate, *, language: str | None = None) -> str:
    """`/<lang>/agenda/<token>/` in the delegate's language (needs `locality` loaded)."""
    with translation.override(language or delegate_language(delegate)):
        return reverse("delegations:agenda", kwargs={"token": delegate.agenda_token})


def site_url(path: str) -> str:
    """`path` on the site's public address (`SITE_URL`): a mail has no request to ask."""
    return settings.SITE_URL.rstrip("/") + path


def agenda_links(delegate: Delegate) -> dict[str, str]:
    """The delegate's private agenda page and its calendar feed (`webcal://`), absolute:
    the only secret a mail carries."""
    page = site_url(delegate_agenda_path(delegate))
    with translation.override(delegate_language(delegate)):
        feed = site_url(reverse("delegations:agenda_ics", kwargs={"token": delegate.agenda_token}))
    return {"agenda_url": page, "webcal_url": webcal(feed)}
