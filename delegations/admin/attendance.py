"""The attendance records in the admin: check-ins, sign-ups and the audit trail, read-only.

They are written only by the attendance services (delegations/attendance/), which check,
lock and record every change; the admin offers no add, change or delete page for them,
to anyone. What it does offer goes through the same services as the desk."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from delegations.attendance.checkin import delegate_check_in_undo
from delegations.models import AttendanceEvent, SessionAttendance, SessionSignup
from summits.admin_queries import GuardedQueriesAdmin
from summits.admin_time import SummitTimeAdmin, summit_time
from summits.languages import all_language_fields

# Every record here is found by its delegate's name in any script.
DELEGATE_NAMES = all_language_fields("delegate__full_name")
CHECK_IN_PERMISSION = "delegations.check_in_delegate"


class ReadOnlyAdmin(SummitTimeAdmin, GuardedQueriesAdmin, admin.ModelAdmin):
    """A list and a read-only page for whoever may view the records; nothing else. Times
    in the record's summit's zone."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SessionAttendance)
class SessionAttendanceAdmin(ReadOnlyAdmin):
    summit_path = "session__summit"
    list_display = ["delegate", "session", "checked_in", "checked_in_by"]
    list_filter = ["session__summit"]
    list_select_related = ["delegate", "session__summit", "checked_in_by"]
    search_fields = DELEGATE_NAMES
    date_hierarchy = "checked_in_at"
    actions = ["check_in_undo"]

    @admin.display(description=_("checked in (summit time)"), ordering="checked_in_at")
    def checked_in(self, attendance: SessionAttendance) -> str:
        return summit_time(attendance.checked_in_at, attendance.session.summit)

    def has_check_in_permission(self, request) -> bool:
        return request.user.has_perm(CHECK_IN_PERMISSION)

    @admin.action(description=_("Undo the selected check-ins"), permissions=["check_in"])
    def check_in_undo(self, request, queryset) -> None:
        # The desk's own service: the delegate locked, the row deleted, the event recorded.
        undone = 0
        for attendance in queryset.select_related("delegate", "session"):
            try:
                undone += delegate_check_in_undo(
                    delegate=attendance.delegate, session=attendance.session, by=request.user
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        self.message_user(
            request,
            ngettext("%(count)d check-in undone.", "%(count)d check-ins undone.", undone)
            % {"count": undone},
            messages.SUCCESS,
        )


@admin.register(SessionSignup)
class SessionSignupAdmin(ReadOnlyAdmin):
    summit_path = "session__summit"
    list_display = ["delegate", "session", "status", "signed_up"]
    list_filter = ["status", "session__summit"]
    list_select_related = ["delegate", "session__summit"]
    search_fields = DELEGATE_NAMES
    date_hierarchy = "created_at"

    @admin.display(description=_("signed up (summit time)"), ordering="created_at")
    def signed_up(self, signup: SessionSignup) -> str:
        return summit_time(signup.created_at, signup.session.summit)


@admin.register(AttendanceEvent)
class AttendanceEventAdmin(ReadOnlyAdmin):
    list_display = ["when", "action", "delegate", "session", "actor_name", "detail"]
    list_filter = ["action", "summit"]
    list_select_related = ["delegate", "session", "actor", "summit"]
    search_fields = DELEGATE_NAMES
    date_hierarchy = "at"
    list_per_page = 100

    @admin.display(description=_("at (summit time)"), ordering="at")
    def when(self, event: AttendanceEvent) -> str:
        return summit_time(event.at, event.summit)

    @admin.display(description=_("by"), ordering="actor__username")
    def actor_name(self, event: AttendanceEvent) -> str:
        # Empty when the delegate acted through their private link.
        return event.actor.get_username() if event.actor is not None else "—"
