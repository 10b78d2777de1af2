"""The organisers' admin for localities, sister ties, delegations and delegates."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedDjangoJqueryTranslationAdmin

from summits.languages import all_language_fields

from .models import Delegate, Delegation, Locality, SessionAttendance, SisterRelationship


@admin.register(Locality)
class LocalityAdmin(TabbedDjangoJqueryTranslationAdmin):
    list_display = ["region", "city", "country"]
    list_filter = ["country"]
    search_fields = all_language_fields("region", "city")


@admin.register(SisterRelationship)
class SisterRelationshipAdmin(admin.ModelAdmin):
    list_display = ["first", "second", "level", "established_in"]
    list_filter = ["level"]
    list_select_related = ["first", "second"]
    search_fields = [f"first__{f}" for f in all_language_fields("region", "city")] + [
        f"second__{f}" for f in all_language_fields("region", "city")
    ]
    autocomplete_fields = ["first", "second"]


@admin.register(Delegation)
class DelegationAdmin(TabbedDjangoJqueryTranslationAdmin):
    list_display = ["name", "summit", "country", "locality", "delegate_count"]
    list_filter = ["summit", "country"]
    list_select_related = ["summit", "locality"]
    search_fields = all_language_fields("name")
    autocomplete_fields = ["summit", "locality"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(delegate_total=Count("delegates"))

    @admin.display(description=_("delegates"), ordering="delegate_total")
    def delegate_count(self, delegation: Delegation) -> int:
        return delegation.delegate_total


@admin.register(Delegate)
class DelegateAdmin(TabbedDjangoJqueryTranslationAdmin):
    list_display = ["full_name", "delegation", "country", "role", "status", "arrived_at"]
    list_filter = ["summit", "status", "role", "locality__country"]
    list_select_related = ["delegation", "locality"]
    search_fields = [
        *all_language_fields("full_name"),
        "email",
        "organisation",
        *[f"delegation__{f}" for f in all_language_fields("name")],
    ]
    autocomplete_fields = ["summit", "delegation", "locality"]
    readonly_fields = ["arrived_at", "created_at", "updated_at"]
    list_per_page = 100
    fieldsets = [
        (None, {"fields": ["summit", "delegation", "full_name", "role", "status"]}),
        (_("Contact (private)"), {"fields": ["email", "phone"]}),
        (_("Affiliation"), {"fields": ["organisation", "position", "locality"]}),
        (_("Record"), {"fields": ["arrived_at", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("country"), ordering="locality__country")
    def country(self, delegate: Delegate) -> str:
        return delegate.locality.country.code


@admin.register(SessionAttendance)
class SessionAttendanceAdmin(admin.ModelAdmin):
    list_display = ["delegate", "session", "checked_in_at", "checked_in_by"]
    list_filter = ["session__summit"]
    list_select_related = ["delegate", "session", "checked_in_by"]
    search_fields = [*[f"delegate__{f}" for f in all_language_fields("full_name")]]
    autocomplete_fields = ["delegate", "session"]
    date_hierarchy = "checked_in_at"
