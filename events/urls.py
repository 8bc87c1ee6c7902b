from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident"),
    path("statistics/", views.statistics, name="statistics"),
    path("map/governorates.geojson", views.boundaries, name="boundaries"),
]
