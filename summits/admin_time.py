"""Date-times in the admin in the summit's own zone, as its organisers read and type them.

Django's admin shows and parses date-times in the active time zone, which is the site's
(UTC): a Tacoma organiser typing 11:00 created a 04:00 PDT session. `SummitTimeAdmin`
activates the zone of the object's summit (or, on a form posted for a summit, of that
summit) for the whole change form, its parsing, its validation messages and its rendering,
and names the zone beside every date-time field. Change lists, which mix summits, show each
row's times in its own summit's zone through `summit_time`.
"""

from __future__ import annotations

import datetime as dt
from operator import attrgetter
from typing import Any

from babel.dates import format_skeleton, get_timezone_name
from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .admin_labels import name_controls
from .languages import babel_locale
from .models import Summit


def zone_label() -> str:
    """`Pacific Time (America/Los_Angeles)`, `北美太平洋时间 (America/Los_Angeles)`: the
    active zone in the admin's language, summer and winter alike."""
    zone = timezone.get_current_timezone()
    return f"{get_timezone_name(zone, width='long', locale=babel_locale())} ({zone.key})"


def summit_time(moment: dt.datetime | None, summit: Summit) -> str:
    """A change list cell in the summit's zone: `19 Jul 2024<br>10:45 PDT`, `2024年7月19日
    <br>10:45 PDT` (CLDR's date and 24-hour time), the time under the date so that the
    column stays narrow (the lists fit 1366 px beside the admin's two sidebars)."""
    if moment is None:
        return "—"
    local = moment.astimezone(summit.tzinfo)
    locale = babel_locale()
    date, time = (
        format_skeleton("yMMMd", local, locale=locale),
        format_skeleton("Hm", local, locale=locale),
    )
    return format_html("{}<br>{} {}", date, time, local.tzname())


def summit_column(path: str = "summit"):
    """A change list column naming the summit at `path` (`venue__summit`) short, as
    "Tacoma 2024": its full title on every row pushed the lists wider than a laptop."""

    @admin.display(description=_("summit"), ordering=f"{path}__starts_on")
    def summit(obj: Any) -> str:
        summit = attrgetter(path.replace(LOOKUP_SEP, "."))(obj)
        return f"{summit.city} {summit.starts_on.year}"

    return summit


class SummitTimeAdmin:
    """Mixin for a ModelAdmin (first in its bases) of a model that belongs to a summit."""

    # The path from the model to its summit; the summit itself when empty.
    summit_path: str = "summit"

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        summit = self._summit_of(request, object_id)
        if summit is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with timezone.override(summit.tzinfo):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            # Rendered here, while the summit's zone is active, not after the view returns.
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    def _summit_of(self, request: HttpRequest, object_id: str | None) -> Summit | None:
        # The summit the form is posted for, or the one an add link names (`?summit=3`).
        chosen = request.POST.get("summit") or (object_id is None and request.GET.get("summit"))
        if self.summit_path == "summit" and chosen and chosen.isdecimal():
            return Summit.objects.filter(pk=chosen).first()
        if object_id is None:
            return None
        if not self.summit_path:
            return Summit.objects.filter(pk=unquote(object_id)).first()
        return Summit.objects.filter(**{f"{self._reverse_path()}__pk": unquote(object_id)}).first()

    def _reverse_path(self) -> str:
        """`session__summit` on SessionAttendance -> `sessions__attendances` from Summit."""
        model, names = self.model, []
        for part in self.summit_path.split("__"):
            field = model._meta.get_field(part)
            names.append(field.related_query_name())
            model = field.related_model
        return "__".join(reversed(names))

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (ZoneNamedForm, form), {})


class ZoneNamedForm(forms.ModelForm):
    """Names the zone its date-times are read and typed in, beside each of them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.SplitDateTimeField | forms.DateTimeField):
                field.help_text = _("In the summit's time zone: %(zone)s") % {"zone": zone_label()}
        name_controls(self, every_field=False)  # the date and the time input of each
