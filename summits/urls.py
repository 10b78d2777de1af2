from django.urls import path

from . import views

app_name = "summits"

urlpatterns = [
    path("", views.summit_list, name="list"),
    path("summits/<slug:slug>/", views.summit_detail, name="detail"),
    path("summits/<slug:slug>/schedule/", views.summit_schedule, name="schedule"),
    path("summits/<slug:slug>/sessions/<int:pk>/", views.session_detail, name="session"),
]
