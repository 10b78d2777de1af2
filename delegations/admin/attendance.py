"""The attendance records in the admin: check-ins, sign-ups and the audit trail."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from delegations.models import AttendanceEvent, SessionAttendance, SessionSignup
from summits.admin_queries import GuardedQueriesAdmin
from summits.languages import all_language_fields

# Every record here is found by its delegate's name in any script.
DELEGATE_NAMES = all_language_fields("delegate__full_name")


@admin.register(SessionAttendance)
class SessionAttendanceAdmin(GuardedQueriesAdmin, admin.ModelAdmin):
    list_display = ["delegate", "session", "checked_in_at", "checked_in_by"]
    list_filter = ["session__summit"]
    list_select_related = ["delegate", "session", "checked_in_by"]
    search_fields = DELEGATE_NAMES
    autocomplete_fields = ["delegate", "session"]
    date_hierarchy = "checked_in_at"


# --- Attendance (issue 5): sign-ups and the audit trail, read-only -----------------------


class ReadOnlyAdmin(GuardedQueriesAdmin, admin.ModelAdmin):
    """Written only by the attendance services, so that every change is recorded."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


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
