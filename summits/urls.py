from django.urls import path

from . import changelog, feeds, views

app_name = "summits"

urlpatterns = [
    path("", views.summit_list, name="list"),
    path("summits/<slug:slug>/", views.summit_detail, name="detail"),
    path("summits/<slug:slug>/schedule/", views.summit_schedule, name="schedule"),
    path("summits/<slug:slug>/schedule.ics", feeds.schedule_ics, name="schedule_ics"),
    path("summits/<slug:slug>/schedule.xml", feeds.schedule_xml, name="schedule_xml"),
    path("summits/<slug:slug>/sessions/<int:pk>/", views.session_detail, name="session"),
    path("summits/<slug:slug>/sessions/<int:pk>.ics", feeds.session_ics, name="session_ics"),
    path("summits/<slug:slug>/changes/", changelog.programme_changes, name="changes"),
    path("summits/<slug:slug>/changes.atom", changelog.changes_atom, name="changes_atom"),
    path("summits/<slug:slug>/speakers/", views.speaker_list, name="speakers"),
    path("summits/<slug:slug>/speakers/<slug:speaker>/", views.speaker_detail, name="speaker"),
]
