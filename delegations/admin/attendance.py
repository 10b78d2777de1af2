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
from summits.languages import all_language_fields

# Every record here is found by its delegate's name in any script.
DELEGATE_NAMES = all_language_fields("delegate__full_name")
CHECK_IN_PERMISSION = "delegations.check_in_delegate"


class ReadOnlyAdmin(admin.ModelAdmin):
    """A list and a read-only page for whoever may view the records; nothing else."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SessionAttendance)
class SessionAttendanceAdmin(ReadOnlyAdmin):
    list_display = ["delegate", "session", "checked_in_at", "checked_in_by"]
    list_filter = ["session__summit"]
    list_select_related = ["delegate", "session", "checked_in_by"]
    search_fields = DELEGATE_NAMES
    date_hierarchy = "checked_in_at"
    actions = ["check_in_undo"]

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
    list_display = ["delegate", "session", "status", "created_at"]
    list_filter = ["status", "session__summit"]
    list_select_related = ["delegate", "session"]
    search_fields = DELEGATE_NAMES
    date_hierarchy = "created_at"


@admin.register(AttendanceEvent)
class AttendanceEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "delegate", "session", "actor_name", "detail"]
    list_filter = ["action", "summit"]
    list_select_related = ["delegate", "session", "actor"]
    search_fields = DELEGATE_NAMES
    date_hierarchy = "at"
    list_per_page = 100

    @admin.display(description=_("by"), ordering="actor__username")
    def actor_name(self, event: AttendanceEvent) -> str:
        # Empty when the delegate acted through their private link.
        return event.actor.get_username() if event.actor is not None else "—"
