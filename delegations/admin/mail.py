"""The outbox in the admin: every message with its state, for the organisers only.

Check-in staff have no permission on it; organisers view it (the services write it, like
the attendance records) and resend a failed message, through the same claim that keeps a
message from going out twice."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from delegations.admin.attendance import DELEGATE_NAMES, ReadOnlyAdmin
from delegations.mail.models import OutboxMessage
from delegations.mail.outbox import outbox_dispatch
from summits.admin_time import summit_time

RESEND_PERMISSION = "delegations.resend_outboxmessage"


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["subject", "delegate", "kind", "language", "state", "attempts", "sent"]
    list_filter = ["summit", "state", "kind", "language"]
    list_select_related = ["delegate", "summit"]
    search_fields = [*DELEGATE_NAMES, "subject"]
    date_hierarchy = "queued_at"
    fields = [
        "summit",
        "delegate",
        "recipient",
        "kind",
        "language",
        "subject",
        "body_text",
        "state",
        "attempts",
        "last_error",
        "queued_at",
        "sent_at",
    ]
    actions = ["resend"]

    @admin.display(description=_("sent (summit time)"), ordering="sent_at")
    def sent(self, message: OutboxMessage) -> str:
        return summit_time(message.sent_at, message.summit)

    def has_resend_permission(self, request) -> bool:
        return request.user.has_perm(RESEND_PERMISSION)

    @admin.action(description=_("Send the selected failed messages again"), permissions=["resend"])
    def resend(self, request, queryset) -> None:
        failed = list(
            queryset.filter(state=OutboxMessage.State.FAILED).values_list("pk", flat=True)
        )
        outbox_dispatch(failed)
        skipped = queryset.count() - len(failed)
        self.message_user(
            request,
            ngettext(
                "%(count)d failed message handed to the senders again.",
                "%(count)d failed messages handed to the senders again.",
                len(failed),
            )
            % {"count": len(failed)},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d message was not failed and is left as it is: nothing is sent twice.",
                    "%(count)d messages were not failed and are left as they are: nothing is sent twice.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
