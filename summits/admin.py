"""The organisers' admin for the summit series and its programme."""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from .admin_interpretation import SessionLanguageInline
from .admin_labels import LabelledInline
from .admin_languages import TranslatedAdmin, TranslatedInline
from .admin_queries import GuardedQueriesAdmin
from .admin_time import SummitTimeAdmin, summit_column, summit_time
from .languages import all_language_fields
from .models import Organisation, Room, Session, SessionSpeaker, Speaker, Summit, Venue
from .publishing import NothingToPublish, programme_publish, release_summary
from .templatetags.programme import date_range

admin.site.site_header = _("Sister Summits")
admin.site.site_title = _("Sister Summits admin")
admin.site.index_title = _("Organisers' desk")


@admin.register(Organisation)
class OrganisationAdmin(GuardedQueriesAdmin, TranslatedAdmin):
    list_display = ["name", "short_name", "website"]
    search_fields = all_language_fields("name", "short_name")
    prepopulated_fields = {"slug": ["name_en"]}
    # Django 6 assumes https for scheme-less URLs; do so now (and silence its warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class VenueInline(TranslatedInline):
    model = Venue
    extra = 0
    show_change_link = True


@admin.register(Summit)
class SummitAdmin(SummitTimeAdmin, GuardedQueriesAdmin, TranslatedAdmin):
    summit_path = ""
    list_display = ["ordinal", "title", "city", "country", "dates", "timezone"]
    list_display_links = ["ordinal", "title"]
    list_filter = [("country", CountryFilter)]
    search_fields = all_language_fields("title", "theme", "city")
    date_hierarchy = "starts_on"
    autocomplete_fields = ["hosts"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [VenueInline]
    fieldsets = [
        (None, {"fields": ["ordinal", "title", "theme", "description", "slug", "hosts"]}),
        (_("Place and time"), {"fields": ["city", "country", "timezone"]}),
        (_("Dates"), {"fields": ["starts_on", "ends_on", "dates_note"]}),
    ]

    actions = ["publish_programme"]

    @admin.display(description=_("dates"), ordering="starts_on")
    def dates(self, summit: Summit) -> str:
        return date_range(summit.starts_on, summit.ends_on)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        # Publishing makes a release: whoever may add one (Organisers, not check-in staff).
        return request.user.has_perm("summits.add_programmerelease")

    @admin.action(
        description=_("Publish the programme of the selected summits"), permissions=["publish"]
    )
    def publish_programme(self, request: HttpRequest, queryset: QuerySet[Summit]) -> None:
        for summit in queryset:
            try:
                release = programme_publish(summit=summit, user=request.user)
            except NothingToPublish as nothing:
                message = _(
                    "%(summit)s: nothing changed since release %(number)s; nothing published."
                ) % {"summit": summit, "number": nothing.release.number}
                self.message_user(request, message, messages.WARNING)
            else:
                self.message_user(request, release_summary(release), messages.SUCCESS)


class RoomInline(TranslatedInline):
    model = Room
    extra = 1


@admin.register(Venue)
class VenueAdmin(GuardedQueriesAdmin, TranslatedAdmin):
    list_display = ["name", summit_column(), "address"]
    list_filter = ["summit"]
    list_select_related = ["summit"]
    search_fields = all_language_fields("name", "address")
    autocomplete_fields = ["summit"]
    inlines = [RoomInline]


@admin.register(Room)
class RoomAdmin(GuardedQueriesAdmin, TranslatedAdmin):
    list_display = ["name", "venue", summit_column("venue__summit"), "capacity", "position"]
    list_filter = ["venue__summit"]
    list_select_related = ["venue__summit"]
    search_fields = all_language_fields("name")
    autocomplete_fields = ["venue"]


@admin.register(Speaker)
class SpeakerAdmin(GuardedQueriesAdmin, TranslatedAdmin):
    list_display = ["name", "position", "organisation", "session_count"]
    list_select_related = ["organisation"]
    list_filter = ["session_roles__session__summit"]
    search_fields = all_language_fields("name", "position")
    autocomplete_fields = ["organisation"]
    prepopulated_fields = {"slug": ["name_en"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(session_total=Count("session_roles"))

    @admin.display(description=_("sessions"), ordering="session_total")
    def session_count(self, speaker: Speaker) -> int:
        return speaker.session_total


class SessionSpeakerInline(LabelledInline, admin.TabularInline):
    model = SessionSpeaker
    extra = 1
    autocomplete_fields = ["speaker"]
    fields = ["speaker", "role", "position"]


@admin.register(Session)
class SessionAdmin(SummitTimeAdmin, GuardedQueriesAdmin, TranslatedAdmin):
    list_display = ["title", summit_column(), "kind", "local_start", "room"]
    list_filter = ["summit", "kind"]
    list_select_related = ["summit", "room"]
    search_fields = all_language_fields("title", "description")
    autocomplete_fields = ["summit", "room"]
    inlines = [SessionSpeakerInline, SessionLanguageInline]
    fieldsets = [
        (None, {"fields": ["summit", "kind", "title", "description"]}),
        (_("When and where"), {"fields": ["starts_at", "ends_at", "room"]}),
        (_("Sign-ups"), {"fields": ["accepts_signups", "capacity"]}),
    ]

    @admin.display(description=_("starts (summit time)"), ordering="starts_at")
    def local_start(self, session: Session) -> str:
        return summit_time(session.starts_at, session.summit)
