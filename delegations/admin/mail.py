"""Mail in the admin, for the organisers only: the outbox, every message with its state;
and the messages they write to chosen delegates (`Announcement`).

Check-in staff have no permission on it; organisers view it (the services write it, like
the attendance records) and resend a failed message, through the same claim that keeps a
message from going out twice."""

from django.contrib import admin, messages
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from delegations.admin.attendance import DELEGATE_NAMES, ReadOnlyAdmin
from delegations.mail.announcements import announcement_previews, announcement_send
from delegations.mail.models import Announcement, OutboxMessage
from delegations.mail.outbox import outbox_dispatch
from summits.admin_languages import TranslatedAdmin, language_attrs
from summits.admin_queries import GuardedQueriesAdmin
from summits.admin_time import summit_column, summit_time
from summits.languages import all_language_fields

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


@admin.register(Announcement)
class AnnouncementAdmin(GuardedQueriesAdmin, TranslatedAdmin):
    """Organisers write a message in each language, choose who gets it, read it as each
    language's readers will, and send it: once to each delegate, however often clicked."""

    list_display = ["subject", summit_column(), "audience", "sent"]
    list_filter = ["summit"]
    list_select_related = ["summit", "delegation", "session"]
    search_fields = all_language_fields("subject")
    autocomplete_fields = ["summit", "delegation", "session"]
    readonly_fields = ["audience", "previews", "sent"]
    fieldsets = [
        (None, {"fields": ["summit", "subject", "body"]}),
        (_("Who gets it"), {"fields": ["delegation", "country", "session", "audience"]}),
        (_("As each language's readers will get it"), {"fields": ["previews", "sent"]}),
    ]
    actions = ["send"]

    @admin.display(description=_("delegates"))
    def audience(self, announcement: Announcement) -> str:
        if not announcement.pk:
            return "–"
        report = announcement_send(announcement, dry_run=True)
        return _("%(count)s to send to, %(already)s already sent or queued") % {
            "count": report.queued,
            "already": report.already,
        }

    @admin.display(description=_("sent (summit time)"))
    def sent(self, announcement: Announcement) -> str:
        return summit_time(announcement.sent_at, announcement.summit)

    @admin.display(description=_("preview"))
    def previews(self, announcement: Announcement) -> str:
        if not announcement.pk:
            return _("Save the message to see it in each language.")
        return format_html_join(
            "",
            '<section lang="{}" dir="{}" class="mail-preview"><h3>{}</h3><pre>{}</pre></section>',
            (
                (language, language_attrs(language)["dir"], composed.subject, composed.text)
                for language, composed in announcement_previews(announcement).items()
            ),
        )

    def has_send_permission(self, request) -> bool:
        return request.user.has_perm("delegations.change_announcement")

    @admin.action(
        description=_("Send the selected messages to their delegates"), permissions=["send"]
    )
    def send(self, request, queryset) -> None:
        for announcement in queryset.select_related("summit"):
            report = announcement_send(announcement)
            self.message_user(
                request,
                _(
                    "“%(subject)s”: %(queued)s queued, %(already)s already sent or queued "
                    "before, %(cancelled)s cancelled registrations left out."
                )
                % {
                    "subject": announcement.subject,
                    "queued": report.queued,
                    "already": report.already,
                    "cancelled": report.cancelled,
                },
                messages.SUCCESS,
            )
