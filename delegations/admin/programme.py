"""What delegations adds to the programme's admin pages: a summit's attendance figures and
links to its staff pages, the waiting-list rule when a session's capacity changes, and the
refusal to move a session that delegates hold to another summit.

`summits` registers its admins knowing nothing of people; this module replaces two of them
with subclasses, as `django.contrib.admin` lets any app do (delegations is installed after
summits, so its admin module is imported second)."""

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from delegations.attendance.sessions import session_move_check
from delegations.attendance.signups import session_waitlist_promote
from summits.admin import SessionAdmin, SummitAdmin
from summits.attendance import summit_attendance
from summits.languages import country_name
from summits.models import Session, Summit

admin.site.unregister(Summit)
admin.site.unregister(Session)


@admin.register(Summit)
class SummitWithAttendanceAdmin(SummitAdmin):
    list_display = [*SummitAdmin.list_display, "staff_pages"]
    readonly_fields = [*SummitAdmin.readonly_fields, "attendance_figures", "staff_pages"]
    fieldsets = [
        *SummitAdmin.fieldsets,
        (_("Attendance"), {"fields": ["attendance_figures", "staff_pages"]}),
    ]

    @admin.display(description=_("staff pages"))
    def staff_pages(self, summit: Summit) -> str:
        if not summit.pk:
            return "–"
        links = [
            (reverse(f"delegations:{name}", kwargs={"slug": summit.slug}), label)
            for name, label in (
                ("desk", _("check-in desk")),
                ("badges", _("badges")),
                ("dashboard", _("dashboard")),
            )
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    @admin.display(description=_("Delegates (not cancelled) and provinces or states"))
    def attendance_figures(self, summit: Summit) -> str:
        if not summit.pk:
            return "–"
        rows = summit_attendance(summit=summit)
        if not rows:
            return _("No delegates yet.")
        body = format_html_join(
            "",
            "<tr><td>{} ({})</td><td>{}</td><td>{}</td></tr>",
            ((country_name(row.country), row.country, row.delegates, row.regions) for row in rows),
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            _("Country"),
            _("Delegates"),
            _("Provinces or states"),
            body,
        )


class SessionForm(SessionAdmin.form):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        summit = cleaned.get("summit")
        if self.instance.pk is not None and summit is not None:
            try:
                session_move_check(session=self.instance, summit_id=summit.pk)
            except ValidationError as refused:
                self.add_error("summit", refused)
        return cleaned


@admin.register(Session)
class SessionWithSignupsAdmin(SessionAdmin):
    form = SessionForm

    def save_model(self, request: HttpRequest, obj: Session, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and obj.accepts_signups:
            # More seats (or none limited now): the waiting list moves up at once.
            session_waitlist_promote(session=obj, by=request.user)
