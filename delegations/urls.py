from django.urls import path, register_converter
from django.urls.converters import StringConverter

from .views import agenda, badges, dashboard, desk

app_name = "delegations"


class AgendaTokenConverter(StringConverter):
    """The characters of secrets.token_urlsafe(); anything else is a 404 without a lookup."""

    regex = r"[A-Za-z0-9_-]{16,64}"


class FileFormatConverter(StringConverter):
    regex = r"csv|xlsx"


register_converter(AgendaTokenConverter, "agenda_token")
register_converter(FileFormatConverter, "spreadsheet")

urlpatterns = [
    path("summits/<slug:slug>/check-in/", desk.desk, name="desk"),
    path("summits/<slug:slug>/check-in/<int:pk>/", desk.desk_action, name="desk_action"),
    path("summits/<slug:slug>/badges/", badges.badges, name="badges"),
    path("summits/<slug:slug>/dashboard/", dashboard.dashboard, name="dashboard"),
    path(
        "summits/<slug:slug>/dashboard/attendance.<spreadsheet:file_format>",
        dashboard.dashboard_export,
        name="dashboard_export",
    ),
    path(
        "summits/<slug:slug>/dashboard/receivers.<spreadsheet:file_format>",
        dashboard.receivers_export_view,
        name="receivers_export",
    ),
    path("agenda/<agenda_token:token>/", agenda.agenda, name="agenda"),
    path("agenda/<agenda_token:token>.ics", agenda.agenda_ics, name="agenda_ics"),
    path(
        "agenda/<agenda_token:token>/sessions/<int:pk>/",
        agenda.agenda_signup,
        name="agenda_signup",
    ),
]
