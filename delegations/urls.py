from django.urls import path, register_converter

from . import views

app_name = "delegations"


class AgendaTokenConverter:
    """The characters of secrets.token_urlsafe(); anything else is a 404 without a lookup."""

    regex = r"[A-Za-z0-9_-]{16,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class FileFormatConverter:
    regex = r"csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(AgendaTokenConverter, "agenda_token")
register_converter(FileFormatConverter, "spreadsheet")

urlpatterns = [
    path("summits/<slug:slug>/check-in/", views.desk, name="desk"),
    path("summits/<slug:slug>/check-in/<int:pk>/", views.desk_action, name="desk_action"),
    path("summits/<slug:slug>/badges/", views.badges, name="badges"),
    path("summits/<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path(
        "summits/<slug:slug>/dashboard/attendance.<spreadsheet:file_format>",
        views.dashboard_export,
        name="dashboard_export",
    ),
    path("agenda/<agenda_token:token>/", views.agenda, name="agenda"),
    path("agenda/<agenda_token:token>.ics", views.agenda_ics, name="agenda_ics"),
    path(
        "agenda/<agenda_token:token>/sessions/<int:pk>/",
        views.agenda_signup,
        name="agenda_signup",
    ),
]
