"""The organisers' admin for localities, sister ties, delegations and delegates."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.filters import CountryFilter

from delegations.attendance.delegates import delegate_agenda_token_regenerate, delegate_update
from delegations.links import delegate_agenda_path
from delegations.models import (
    Delegate,
    Delegation,
    Locality,
    SisterRelationship,
)
from delegations.spreadsheets.admin import AttendeeImportExportMixin
from summits.admin_languages import TranslatedAdmin
from summits.admin_queries import GuardedQueriesAdmin
from summits.admin_time import SummitTimeAdmin, summit_column, summit_time
from summits.languages import all_language_fields


@admin.register(Locality)
class LocalityAdmin(GuardedQueriesAdmin, TranslatedAdmin):
    list_display = ["region", "city", "country"]
    list_filter = [("country", CountryFilter)]
    search_fields = all_language_fields("region", "city")


@admin.register(SisterRelationship)
class SisterRelationshipAdmin(GuardedQueriesAdmin, admin.ModelAdmin):
    list_display = ["first", "second", "level", "established_in"]
    list_filter = ["level"]
    list_select_related = ["first", "second"]
    search_fields = [f"first__{f}" for f in all_language_fields("region", "city")] + [
        f"second__{f}" for f in all_language_fields("region", "city")
    ]
    autocomplete_fields = ["first", "second"]


@admin.register(Delegation)
class DelegationAdmin(GuardedQueriesAdmin, TranslatedAdmin):
    list_display = ["name", summit_column(), "country", "locality", "delegate_count"]
    list_filter = ["summit", ("country", CountryFilter)]
    list_select_related = ["summit", "locality"]
    search_fields = all_language_fields("name")
    autocomplete_fields = ["summit", "locality"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(delegate_total=Count("delegates"))

    @admin.display(description=_("delegates"), ordering="delegate_total")
    def delegate_count(self, delegation: Delegation) -> int:
        return delegation.delegate_total


@admin.register(Delegate)
class DelegateAdmin(
    SummitTimeAdmin,
    GuardedQueriesAdmin,
    AttendeeImportExportMixin,
    TranslatedAdmin,
):
    list_display = ["full_name", "delegation", "country", "role", "status", "arrived"]
    list_filter = ["summit", "status", "role", ("locality__country", CountryFilter)]
    list_select_related = ["delegation", "locality", "summit"]
    search_fields = [
        *all_language_fields("full_name"),
        "email",
        "organisation",
        *[f"delegation__{f}" for f in all_language_fields("name")],
    ]
    autocomplete_fields = ["summit", "delegation", "locality"]
    readonly_fields = ["arrived_at", "agenda_link", "created_at", "updated_at"]
    list_per_page = 100
    # Whoever holds the private link can sign the delegate up or off sessions, and contact
    # details are the delegate's own: only those who may change the delegate see, search
    # or sort by them (check-in staff find people by name).
    private_fields = ["email", "phone", "agenda_token", "agenda_link"]
    fieldsets = [
        (None, {"fields": ["summit", "delegation", "full_name", "role", "language", "status"]}),
        (_("Contact (private)"), {"fields": ["email", "phone"]}),
        (_("Affiliation"), {"fields": ["organisation", "position", "locality"]}),
        (_("Record"), {"fields": ["arrived_at", "agenda_link", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("arrived (summit time)"), ordering="arrived_at")
    def arrived(self, delegate: Delegate) -> str:
        return summit_time(delegate.arrived_at, delegate.summit)

    @admin.display(description=_("country"), ordering="locality__country")
    def country(self, delegate: Delegate) -> str:
        return delegate.locality.country.code

    # --- Attendance (issue 5): private agenda links and audited status changes ---------
    actions = ["regenerate_agenda_links"]

    @admin.display(description=_("private agenda link"))
    def agenda_link(self, delegate: Delegate) -> str:
        if not delegate.pk:
            return "—"
        path = delegate_agenda_path(delegate)
        return format_html('<a href="{}">{}</a>', path, path)

    @admin.action(
        description=_("Regenerate the private agenda links (the old ones stop working)"),
        permissions=["change"],
    )
    def regenerate_agenda_links(self, request, queryset) -> None:
        count = 0
        for delegate in queryset:
            delegate_agenda_token_regenerate(delegate=delegate, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d private agenda link regenerated.",
                "%(count)d private agenda links regenerated.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # Each field carries the value the page showed, so that `changed_data` is what the
        # organiser changed, not what someone else changed since the page was opened.
        for field in form.base_fields.values():
            field.show_hidden_initial = True
        return form

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        # Only what the organiser changed is written, under the lock, and a status change
        # goes through the service, which records who made it and frees seats.
        delegate_update(delegate=obj, fields=form.changed_data, by=request.user)
